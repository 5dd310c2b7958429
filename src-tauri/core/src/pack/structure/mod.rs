//! One reading of a zip: before a pack is trusted, its bytes must admit exactly one
//! interpretation, so that `annexa verify`, Info-ZIP's `unzip`, Python's `zipfile`, 7-Zip,
//! Java's `ZipFile` and streaming extractors (bsdtar reading a pipe, Java's `ZipInputStream`,
//! which read local headers front to back and never look at the central directory) all see
//! the same files with the same contents.
//!
//! The zip format says the same things twice (local header and central directory) and lets
//! readers look for the end record in different ways; every trick that makes two readers
//! disagree lives in that redundancy. So this module walks the whole file itself and accepts
//! it only when it is laid out without slack: one end record ending the file, nothing before
//! the first entry, every entry's local header, data and data descriptor followed directly by
//! the next, the central directory right after the last entry, and every local header saying
//! what its central entry says. Anything else is refused with the inconsistency named.
//!
//! A streaming reader finds the end of an entry whose sizes come after its data (a data
//! descriptor) by inflating it: it stops where the deflate stream ends, not where the central
//! directory says the data ends. So bytes hidden after the end of a deflate stream, inside
//! the entry's compressed size, are a second reading. Contents are not inflated here; the one
//! reader of contents, [`super::content::read_entry`], requires every deflate stream to end
//! exactly at its compressed size, and a pack is refused when one does not. A stored entry has
//! no stream end to find, so one whose sizes come only after its data is refused here.
//!
//! What an entry is (file, folder, link, device) comes from its name and from its external
//! attributes, which extractors read whatever the "made by" host says; a file whose
//! attributes say anything but a file is refused, as are names that are unsafe somewhere or
//! that two systems would make one file ([`super::names`]).

use std::collections::HashMap;
use std::io::{self, Read, Seek, SeekFrom};

use super::names;

mod end;
use end::read_end;

const EOCD_SIG: &[u8; 4] = b"PK\x05\x06";
const ZIP64_EOCD_SIG: &[u8; 4] = b"PK\x06\x06";
const ZIP64_LOCATOR_SIG: &[u8; 4] = b"PK\x06\x07";
const CENTRAL_SIG: &[u8; 4] = b"PK\x01\x02";
const LOCAL_SIG: &[u8; 4] = b"PK\x03\x04";
const DESCRIPTOR_SIG: &[u8; 4] = b"PK\x07\x08";

const EOCD_LEN: u64 = 22;
const LOCATOR_LEN: u64 = 20;
const MAX_COMMENT: u64 = 0xFFFF;

/// Flag bits: encrypted, data descriptor follows, strong encryption, UTF-8 names, masked
/// local header.
const FLAG_ENCRYPTED: u16 = 1;
const FLAG_DESCRIPTOR: u16 = 1 << 3;
const FLAG_STRONG_ENCRYPTION: u16 = 1 << 6;
const FLAG_UTF8: u16 = 1 << 11;
const FLAG_MASKED: u16 = 1 << 13;

/// Extra field ids: ZIP64 sizes and offset, Info-ZIP's second (Unicode) name.
const EXTRA_ZIP64: u16 = 0x0001;
const EXTRA_UNICODE_PATH: u16 = 0x7075;

/// The central directory of a large pack (100,000 files) is about 10 MiB; one claiming more
/// than this is not a pack.
const MAX_CENTRAL: u64 = 256 << 20;

/// The most entries a pack may hold. Annexa writes at most [`super::MAX_PACK_FILES`] files;
/// the rest is room for the folder entries that re-zipping tools add. Five million tiny
/// entries took 100 s and 3.7 GB to refuse one by one; this refuses them at the end record.
pub(super) const MAX_ENTRIES: u64 = 250_000;

/// Unix file types, in the high 16 bits of an entry's external attributes.
const S_IFMT: u32 = 0o170_000;
const S_IFIFO: u32 = 0o010_000;
const S_IFCHR: u32 = 0o020_000;
const S_IFDIR: u32 = 0o040_000;
const S_IFBLK: u32 = 0o060_000;
const S_IFREG: u32 = 0o100_000;
const S_IFLNK: u32 = 0o120_000;
const S_IFSOCK: u32 = 0o140_000;

/// MS-DOS and Windows attributes, in the low bits: a folder, and a reparse point (a link).
const DOS_DIRECTORY: u32 = 0x10;
const DOS_REPARSE_POINT: u32 = 0x400;

/// One file or folder of the zip, as every reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawEntry {
    pub name: String,
    /// A folder entry (name ending in `/`, no content), as Info-ZIP and 7-Zip add them.
    pub is_dir: bool,
    pub size: u64,
    pub compressed_size: u64,
    /// Where the entry's (compressed) data starts in the file.
    pub data_start: u64,
    /// Stored (0) or deflated (8).
    pub method: u16,
    pub crc: u32,
}

/// The checked layout: entries in central-directory order, and where to find each by name.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    pub entries: Vec<RawEntry>,
    by_name: HashMap<String, usize>,
}

impl Layout {
    /// The index of the entry called `name`, in constant time.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }
}

/// Why a file is not a zip at all, or not one with a single reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    /// No end record: a text file, a truncated download, something else.
    NotAZip(String),
    /// A zip, but one that readers could understand differently.
    Inconsistent(String),
}

fn bad(reason: impl Into<String>) -> Refusal {
    Refusal::Inconsistent(reason.into())
}

fn io_refusal(e: io::Error) -> Refusal {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        bad("a record runs past the end of the file (the zip is truncated or its offsets lie)")
    } else {
        Refusal::NotAZip(e.to_string())
    }
}

/// Little-endian field reader over one record.
struct Fields<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Fields<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Fields { bytes, at: 0 }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Refusal> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| bad("a record is cut short"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u16(&mut self) -> Result<u16, Refusal> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, Refusal> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, Refusal> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

fn read_at(file: &mut (impl Read + Seek), offset: u64, len: u64) -> Result<Vec<u8>, Refusal> {
    file.seek(SeekFrom::Start(offset)).map_err(io_refusal)?;
    let mut buf = vec![0u8; usize::try_from(len).map_err(|_| bad("a record is too large"))?];
    file.read_exact(&mut buf).map_err(io_refusal)?;
    Ok(buf)
}

fn find_all(haystack: &[u8], needle: &[u8; 4]) -> Vec<usize> {
    haystack
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// One central directory entry, with ZIP64 values resolved.
struct Central {
    name_raw: Vec<u8>,
    name: String,
    flags: u16,
    method: u16,
    crc: u32,
    compressed_size: u64,
    size: u64,
    local_offset: u64,
}

/// Extra fields as (id, body), checked to fill the extra area exactly.
fn extras(bytes: &[u8]) -> Result<Vec<(u16, &[u8])>, Refusal> {
    let mut out = Vec::new();
    let mut f = Fields::new(bytes);
    while f.at < bytes.len() {
        let id = f.u16()?;
        let size = f.u16()?;
        let body = f
            .take(usize::from(size))
            .map_err(|_| bad("an extra field runs past its header's extra area"))?;
        out.push((id, body));
    }
    Ok(out)
}

/// Resolves the ZIP64 extra field of a header: each value that is 0xFFFFFFFF in the header is
/// read from the field, in the order size, compressed size, offset.
fn resolve_zip64(
    name: &str,
    fields: &[(u16, &[u8])],
    values: &mut [(&mut u64, bool)],
) -> Result<(), Refusal> {
    let zip64: Vec<&[u8]> = fields
        .iter()
        .filter(|(id, _)| *id == EXTRA_ZIP64)
        .map(|(_, b)| *b)
        .collect();
    if zip64.len() > 1 {
        return Err(bad(format!("entry {name:?} has two ZIP64 fields")));
    }
    let needed = values.iter().filter(|(_, n)| *n).count();
    if needed == 0 {
        return Ok(());
    }
    let Some(body) = zip64.first() else {
        return Err(bad(format!(
            "entry {name:?} marks a size as ZIP64 but has no ZIP64 field"
        )));
    };
    let mut f = Fields::new(body);
    for (value, wanted) in values.iter_mut() {
        if *wanted {
            **value = f
                .u64()
                .map_err(|_| bad(format!("the ZIP64 field of entry {name:?} is cut short")))?;
        }
    }
    Ok(())
}

fn read_central(bytes: &[u8], count: u64) -> Result<Vec<Central>, Refusal> {
    let mut f = Fields::new(bytes);
    let mut out = Vec::new();
    for _ in 0..count {
        if f.take(4).ok() != Some(CENTRAL_SIG.as_slice()) {
            return Err(bad(
                "the central directory holds fewer entries than the end record says",
            ));
        }
        let _made_by = f.u16()?;
        let _needed = f.u16()?;
        let flags = f.u16()?;
        let method = f.u16()?;
        let _time = f.u16()?;
        let _date = f.u16()?;
        let crc = f.u32()?;
        let mut compressed_size = u64::from(f.u32()?);
        let mut size = u64::from(f.u32()?);
        let name_len = f.u16()?;
        let extra_len = f.u16()?;
        let comment_len = f.u16()?;
        let mut disk = u64::from(f.u16()?);
        let _internal = f.u16()?;
        let external = f.u32()?;
        let mut local_offset = u64::from(f.u32()?);
        let name_raw = f.take(usize::from(name_len))?.to_vec();
        let extra = f.take(usize::from(extra_len))?;
        let _comment = f.take(usize::from(comment_len))?;
        let name =
            String::from_utf8(name_raw.clone()).map_err(|_| bad("an entry name is not UTF-8"))?;
        if let Some(why) = names::unsafe_name(&name) {
            return Err(bad(format!("entry {} has {why}", names::shown(&name))));
        }
        check_kind(&name, external)?;
        if !name.is_ascii() && flags & FLAG_UTF8 == 0 {
            return Err(bad(format!(
                "entry {name:?} is not marked as a UTF-8 name, so zip readers decode it \
                 differently (Python and Windows read it as code page 437); send the original \
                 pack, or re-zip with a tool that marks UTF-8 names (7-Zip, Python)"
            )));
        }
        if flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED) != 0 {
            return Err(bad(format!("entry {name:?} is encrypted")));
        }
        let fields = extras(extra).map_err(|_| {
            bad(format!(
                "entry {name:?} has a malformed extra field in the central directory"
            ))
        })?;
        let big = |v: u64| v == 0xFFFF_FFFF;
        let (want_size, want_csize, want_offset) =
            (big(size), big(compressed_size), big(local_offset));
        let want_disk = disk == 0xFFFF;
        resolve_zip64(
            &name,
            &fields,
            &mut [
                (&mut size, want_size),
                (&mut compressed_size, want_csize),
                (&mut local_offset, want_offset),
            ],
        )?;
        if want_disk {
            // A disk number in ZIP64 form follows the three 8-byte values: a multi-disk sign.
            disk = 1;
        }
        if disk != 0 {
            return Err(bad(format!(
                "entry {name:?} starts on another disk of a multi-disk archive"
            )));
        }
        check_unicode_name(&name, &fields)?;
        if method != 0 && method != 8 {
            return Err(bad(format!(
                "entry {name:?} uses compression method {method}; packs use only stored (0) \
                 and deflate (8)"
            )));
        }
        if method == 0 && flags & FLAG_DESCRIPTOR != 0 && compressed_size > 0 {
            return Err(bad(format!(
                "entry {name:?} is stored uncompressed with its sizes only after its data (a \
                 data descriptor); a streaming extractor cannot know where such data ends and \
                 guesses from what the data holds"
            )));
        }
        if method == 0 && compressed_size != size {
            return Err(bad(format!(
                "entry {name:?} is stored uncompressed but its two sizes differ ({compressed_size} \
                 and {size} bytes)"
            )));
        }
        out.push(Central {
            name_raw,
            name,
            flags,
            method,
            crc,
            compressed_size,
            size,
            local_offset,
        });
    }
    if f.at != bytes.len() {
        return Err(bad(format!(
            "the central directory holds {} bytes more than its {count} entries",
            bytes.len() - f.at
        )));
    }
    Ok(out)
}

/// What an entry's external attributes make it, whatever host wrote them: 7-Zip and bsdtar
/// create a folder, a link or a device from them even for a name that reads as a file (7-Zip
/// honours a link's Unix mode under the MS-DOS host too). A file must be a file, a folder a
/// folder.
fn check_kind(name: &str, external: u32) -> Result<(), Refusal> {
    let unix = (external >> 16) & S_IFMT;
    let kind = match unix {
        0 | S_IFREG => None,
        S_IFDIR => Some("a folder"),
        S_IFLNK => Some("a symbolic link"),
        S_IFIFO => Some("a named pipe"),
        S_IFCHR | S_IFBLK => Some("a device"),
        S_IFSOCK => Some("a socket"),
        _ => Some("something that is not a file"),
    };
    let reparse = external & DOS_REPARSE_POINT != 0;
    if name.ends_with('/') {
        if let Some(kind) = kind.filter(|_| unix != S_IFDIR) {
            return Err(bad(format!(
                "folder entry {name:?} has attributes that make it {kind}"
            )));
        }
        if reparse {
            return Err(bad(format!(
                "folder entry {name:?} is marked as a Windows reparse point (a link)"
            )));
        }
        return Ok(());
    }
    if let Some(kind) = kind {
        return Err(bad(format!(
            "entry {name:?} is named as a file but its attributes make it {kind}; extractors \
             such as 7-Zip and bsdtar would create {kind} instead"
        )));
    }
    if external & DOS_DIRECTORY != 0 {
        return Err(bad(format!(
            "entry {name:?} is named as a file but has the MS-DOS folder attribute; extractors \
             such as 7-Zip and bsdtar would create a folder instead"
        )));
    }
    if reparse {
        return Err(bad(format!(
            "entry {name:?} is marked as a Windows reparse point (a link)"
        )));
    }
    Ok(())
}

/// Info-ZIP's Unicode path field gives an entry a second name that `unzip` prefers; it must
/// say the same as the header.
fn check_unicode_name(name: &str, fields: &[(u16, &[u8])]) -> Result<(), Refusal> {
    for (id, body) in fields {
        if *id == EXTRA_UNICODE_PATH {
            let other = body.get(5..).unwrap_or_default();
            if other != name.as_bytes() {
                return Err(bad(format!(
                    "entry {name:?} carries a second name, {:?}, that some unzip tools use \
                     instead",
                    String::from_utf8_lossy(other)
                )));
            }
        }
    }
    Ok(())
}

/// Checks that `file` (of `len` bytes) has one reading, and returns it.
pub(super) fn check(file: &mut (impl Read + Seek), len: u64) -> Result<Layout, Refusal> {
    let end = read_end(file, len)?;
    let claimed_end = end
        .central_offset
        .checked_add(end.central_size)
        .ok_or_else(|| bad("the central directory's size overflows"))?;
    if claimed_end != end.central_end {
        if claimed_end < end.central_end && end.central_end - end.central_size > end.central_offset
        {
            let prefix = end.central_end - end.central_size - end.central_offset;
            return Err(bad(format!(
                "{prefix} bytes come before the zip itself (data prepended to it, such as a \
                 script that runs when the file is executed)"
            )));
        }
        return Err(bad(
            "the central directory does not end where the end record begins",
        ));
    }
    if end.central_size > MAX_CENTRAL {
        return Err(bad(format!(
            "the central directory claims {} bytes",
            end.central_size
        )));
    }
    if end.entries > MAX_ENTRIES {
        return Err(bad(format!(
            "the end record claims {} entries; a pack holds at most {MAX_ENTRIES}",
            end.entries
        )));
    }
    // Each central entry takes at least 46 bytes; a count beyond that is a lie.
    if end.entries > end.central_size / 46 + 1 {
        return Err(bad(format!(
            "the end record claims {} entries in a central directory of {} bytes",
            end.entries, end.central_size
        )));
    }
    let central_bytes = read_at(file, end.central_offset, end.central_size)?;
    let central = read_central(&central_bytes, end.entries)?;

    let mut by_name = HashMap::with_capacity(central.len());
    for (i, c) in central.iter().enumerate() {
        if by_name.insert(c.name.clone(), i).is_some() {
            return Err(bad(format!("two entries have the same name, {:?}", c.name)));
        }
    }
    names::check_tree(central.iter().map(|c| c.name.as_str())).map_err(bad)?;

    let mut order: Vec<usize> = (0..central.len()).collect();
    order.sort_by_key(|&i| central[i].local_offset);
    let mut data_starts = vec![0u64; central.len()];
    let mut pos = 0u64;
    let mut previous: Option<&str> = None;
    for &i in &order {
        let c = &central[i];
        if c.local_offset != pos {
            return Err(gap(pos, c.local_offset, previous, Some(&c.name)));
        }
        let (data_start, end_of_entry) = check_local(file, c, end.central_offset)?;
        data_starts[i] = data_start;
        pos = end_of_entry;
        previous = Some(&c.name);
    }
    if pos != end.central_offset {
        return Err(gap(pos, end.central_offset, previous, None));
    }

    let entries = central
        .into_iter()
        .zip(data_starts)
        .map(|(c, data_start)| RawEntry {
            is_dir: c.name.ends_with('/'),
            name: c.name,
            size: c.size,
            compressed_size: c.compressed_size,
            data_start,
            method: c.method,
            crc: c.crc,
        })
        .collect::<Vec<_>>();
    for e in &entries {
        if e.is_dir && e.size != 0 {
            return Err(bad(format!(
                "folder entry {:?} carries {} bytes of content",
                e.name, e.size
            )));
        }
    }
    Ok(Layout { entries, by_name })
}

fn gap(from: u64, to: u64, after: Option<&str>, before: Option<&str>) -> Refusal {
    let place = match (after, before) {
        (None, Some(_)) => "before the first entry (data prepended to the zip, such as a script \
                            that runs when the file is executed)"
            .to_owned(),
        (Some(a), Some(b)) => format!("between entries {a:?} and {b:?} (a hidden entry or data)"),
        (Some(a), None) => format!("between the last entry, {a:?}, and the central directory"),
        (None, None) => "before the central directory of an empty zip".to_owned(),
    };
    if to > from {
        bad(format!("{} unaccounted bytes lie {place}", to - from))
    } else {
        bad(format!(
            "entries overlap {place} (the central directory's offsets lie)"
        ))
    }
}

/// Checks the local header, data and data descriptor of `c`; returns where its data starts
/// and where the entry ends.
fn check_local(
    file: &mut (impl Read + Seek),
    c: &Central,
    limit: u64,
) -> Result<(u64, u64), Refusal> {
    let name = &c.name;
    if c.local_offset.saturating_add(30) > limit {
        return Err(bad(format!(
            "the local header of {name:?} runs into the central directory"
        )));
    }
    let head = read_at(file, c.local_offset, 30)?;
    let mut f = Fields::new(&head);
    if f.take(4)? != LOCAL_SIG {
        return Err(bad(format!(
            "the central directory points {name:?} at bytes that are not a local header"
        )));
    }
    let _needed = f.u16()?;
    let flags = f.u16()?;
    let method = f.u16()?;
    let _time = f.u16()?;
    let _date = f.u16()?;
    let crc = f.u32()?;
    let mut compressed_size = u64::from(f.u32()?);
    let mut size = u64::from(f.u32()?);
    let name_len = u64::from(f.u16()?);
    let extra_len = u64::from(f.u16()?);
    let data_start = c.local_offset + 30 + name_len + extra_len;
    if data_start > limit {
        return Err(bad(format!(
            "the local header of {name:?} runs into the central directory"
        )));
    }
    let rest = read_at(file, c.local_offset + 30, name_len + extra_len)?;
    let (local_name, extra) = rest.split_at(name_len as usize);
    if local_name != c.name_raw.as_slice() {
        return Err(bad(format!(
            "the local header of {name:?} names it {:?}; streaming extractors would see that \
             name instead",
            String::from_utf8_lossy(local_name)
        )));
    }
    if flags != c.flags {
        return Err(bad(format!(
            "the local header of {name:?} has flags {flags:#06x}; the central directory says \
             {:#06x}",
            c.flags
        )));
    }
    if method != c.method {
        return Err(bad(format!(
            "the local header of {name:?} says compression method {method}; the central \
             directory says {}; streaming readers would see other bytes",
            c.method
        )));
    }
    let fields = extras(extra).map_err(|_| {
        bad(format!(
            "entry {name:?} has a malformed extra field in its local header"
        ))
    })?;
    check_unicode_name(name, &fields)?;
    let local_zip64 = fields.iter().any(|(id, _)| *id == EXTRA_ZIP64);
    let big = |v: u64| v == 0xFFFF_FFFF;
    if big(size) || big(compressed_size) {
        // In a local header the ZIP64 field holds both sizes whenever it is used.
        resolve_zip64(
            name,
            &fields,
            &mut [(&mut size, true), (&mut compressed_size, true)],
        )?;
    }
    let data_end = data_start
        .checked_add(c.compressed_size)
        .filter(|&e| e <= limit)
        .ok_or_else(|| {
            bad(format!(
                "the data of {name:?} runs into the central directory"
            ))
        })?;
    let mismatch = |what: &str| {
        bad(format!(
            "the local header of {name:?} gives another {what} than the central directory"
        ))
    };
    if c.flags & FLAG_DESCRIPTOR == 0 {
        if crc != c.crc {
            return Err(mismatch("CRC"));
        }
        if compressed_size != c.compressed_size || size != c.size {
            return Err(mismatch("size"));
        }
        return Ok((data_start, data_end));
    }
    // With a data descriptor the local header may leave the values at zero; if it gives
    // them, they must be right.
    if crc != 0 && crc != c.crc {
        return Err(mismatch("CRC"));
    }
    if (compressed_size != 0 || size != 0)
        && (compressed_size != c.compressed_size || size != c.size)
    {
        return Err(mismatch("size"));
    }
    let wide = local_zip64;
    let body_len: u64 = if wide { 20 } else { 12 };
    let available = limit - data_end;
    let probe = read_at(file, data_end, available.min(body_len + 4))?;
    let (signed, body) = if probe.len() >= 4 && &probe[..4] == DESCRIPTOR_SIG {
        (true, &probe[4..])
    } else {
        (false, &probe[..])
    };
    if (body.len() as u64) < body_len {
        return Err(bad(format!("the data descriptor of {name:?} is cut short")));
    }
    let mut d = Fields::new(body);
    let d_crc = d.u32()?;
    let (d_csize, d_size) = if wide {
        (d.u64()?, d.u64()?)
    } else {
        (u64::from(d.u32()?), u64::from(d.u32()?))
    };
    if d_crc != c.crc || d_csize != c.compressed_size || d_size != c.size {
        return Err(bad(format!(
            "the data descriptor of {name:?} says CRC {d_crc:08x}, {d_csize} bytes compressed, \
             {d_size} bytes; the central directory says CRC {:08x}, {}, {}",
            c.crc, c.compressed_size, c.size
        )));
    }
    Ok((data_start, data_end + body_len + if signed { 4 } else { 0 }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    /// A small valid zip: one deflated and one stored entry, a folder.
    fn sample() -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let stored = deflated.compression_method(zip::CompressionMethod::Stored);
        zip.add_directory("evidence/", stored).expect("dir");
        zip.start_file("evidence/a.txt", deflated).expect("a");
        zip.write_all(&b"policy text ".repeat(40)).expect("write");
        zip.start_file("manifest.json", stored).expect("m");
        zip.write_all(b"{}").expect("write");
        zip.finish().expect("finish").into_inner()
    }

    fn check_bytes(bytes: &[u8]) -> Result<Layout, Refusal> {
        check(&mut Cursor::new(bytes), bytes.len() as u64)
    }

    #[test]
    fn a_plain_zip_has_one_reading() {
        let layout = check_bytes(&sample()).expect("valid");
        let names: Vec<&str> = layout.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["evidence/", "evidence/a.txt", "manifest.json"]);
        assert!(layout.entries[0].is_dir);
        assert_eq!(layout.index("manifest.json"), Some(2));
        assert_eq!(layout.index("missing"), None);
    }

    #[test]
    fn not_zips_are_told_apart_from_inconsistent_ones() {
        assert!(matches!(check_bytes(b""), Err(Refusal::NotAZip(_))));
        assert!(matches!(
            check_bytes(&[b'x'; 100]),
            Err(Refusal::NotAZip(_))
        ));
        let mut trailing = sample();
        trailing.extend_from_slice(b"junk after the end");
        assert!(matches!(
            check_bytes(&trailing),
            Err(Refusal::Inconsistent(_))
        ));
    }

    proptest::proptest! {
        /// Whatever bytes are changed, cut off or added, the check answers and never panics.
        #[test]
        fn any_damage_gives_an_answer_not_a_panic(
            edits in proptest::collection::vec((0usize..4096, proptest::num::u8::ANY), 0..8),
            cut in 0usize..4096,
            tail in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
        ) {
            let mut bytes = sample();
            for (at, b) in edits {
                let i = at % bytes.len();
                bytes[i] = b;
            }
            bytes.truncate(bytes.len().saturating_sub(cut % 64));
            bytes.extend_from_slice(&tail);
            let _ = check_bytes(&bytes);
        }
    }
}

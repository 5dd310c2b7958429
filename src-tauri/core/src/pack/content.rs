//! Reading one entry's bytes exactly as the checked layout says: stored bytes as they are,
//! deflated ones inflated from a stream that must end exactly where the entry's compressed
//! size ends, with the size and CRC-32 checked against the headers.
//!
//! This is the only reader of a received pack's contents. A general zip library stops
//! inflating at the end of the deflate stream and ignores what follows it inside the entry;
//! a streaming extractor reads exactly those bytes as the next records. Requiring the stream
//! to fill the entry leaves nothing for a second reading (see `structure.rs`).

use std::io::{self, Read, Seek, SeekFrom};

use flate2::{Decompress, FlushDecompress, Status};

use super::structure::RawEntry;

/// How much compressed data is read at a time.
const INPUT: usize = 64 << 10;

/// How much inflated data is handed on at a time.
const OUTPUT: usize = 1 << 20;

/// Why an entry's bytes could not be read as its headers describe them.
#[derive(Debug)]
pub(super) enum Fault {
    /// The pack file could not be read.
    Read(io::Error),
    /// The sink refused the bytes (a full disk, or Cancel).
    Sink(io::Error),
    /// The data is not what the headers say (a broken stream, another size or CRC).
    Damaged(String),
    /// It inflates past the limit the caller gave.
    TooLong(u64),
    /// Its deflate stream ends this many bytes before its compressed size: hidden data that a
    /// streaming extractor reads as further entries.
    Slack(u64),
}

/// Streams the content of `entry` to `sink`, never more than `limit` bytes; returns its size.
pub(super) fn read_entry(
    file: &mut (impl Read + Seek),
    entry: &RawEntry,
    limit: u64,
    sink: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> Result<u64, Fault> {
    file.seek(SeekFrom::Start(entry.data_start))
        .map_err(Fault::Read)?;
    let mut data = file.take(entry.compressed_size);
    let mut crc = crc32fast::Hasher::new();
    let mut out = |bytes: &[u8], total: u64| -> Result<(), Fault> {
        if total > limit {
            return Err(Fault::TooLong(limit));
        }
        crc.update(bytes);
        sink(bytes).map_err(Fault::Sink)
    };
    let size = if entry.method == 0 {
        let mut buf = vec![0u8; OUTPUT];
        let mut total = 0u64;
        loop {
            let n = read_some(&mut data, &mut buf)?;
            if n == 0 {
                break;
            }
            total += n as u64;
            out(&buf[..n], total)?;
        }
        if total != entry.compressed_size {
            return Err(Fault::Damaged(format!(
                "it ends after {total} of its {} bytes",
                entry.compressed_size
            )));
        }
        total
    } else {
        inflate_exactly(&mut data, entry.compressed_size, &mut out)?
    };
    if size != entry.size {
        return Err(Fault::Damaged(format!(
            "it holds {size} bytes; its headers say {}",
            entry.size
        )));
    }
    let actual = crc.finalize();
    if actual != entry.crc {
        return Err(Fault::Damaged(format!(
            "its CRC-32 is {actual:08x}; its headers say {:08x}",
            entry.crc
        )));
    }
    Ok(size)
}

fn read_some(data: &mut impl Read, buf: &mut [u8]) -> Result<usize, Fault> {
    loop {
        match data.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Fault::Read(e)),
        }
    }
}

/// Where inflated bytes go, with the running total.
type Out<'a> = dyn FnMut(&[u8], u64) -> Result<(), Fault> + 'a;

/// Inflates a raw deflate stream of exactly `compressed` bytes, handing each piece to `out`
/// with the running total; returns the inflated size.
fn inflate_exactly(data: &mut impl Read, compressed: u64, out: &mut Out<'_>) -> Result<u64, Fault> {
    let mut inflater = Decompress::new(false);
    let mut input = vec![0u8; INPUT];
    let mut output = vec![0u8; OUTPUT];
    let (mut at, mut filled) = (0usize, 0usize);
    let mut exhausted = false;
    loop {
        if at == filled && !exhausted {
            filled = read_some(data, &mut input)?;
            at = 0;
            exhausted = filled == 0;
        }
        let (in_before, out_before) = (inflater.total_in(), inflater.total_out());
        let status = inflater
            .decompress(&input[at..filled], &mut output, FlushDecompress::None)
            .map_err(|e| Fault::Damaged(format!("its deflate stream is broken ({e})")))?;
        let consumed = usize::try_from(inflater.total_in() - in_before).unwrap_or(usize::MAX);
        let produced = usize::try_from(inflater.total_out() - out_before).unwrap_or(usize::MAX);
        at = at.saturating_add(consumed).min(filled);
        if produced > 0 {
            out(&output[..produced], inflater.total_out())?;
        }
        match status {
            Status::StreamEnd => break,
            Status::Ok | Status::BufError => {
                if consumed == 0 && produced == 0 && at == filled && exhausted {
                    return Err(Fault::Damaged(
                        "its deflate stream is cut short (it never ends)".into(),
                    ));
                }
            }
        }
    }
    let used = inflater.total_in();
    if used < compressed {
        return Err(Fault::Slack(compressed - used));
    }
    Ok(inflater.total_out())
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).expect("deflate");
        e.finish().expect("finish")
    }

    /// An entry whose data starts at offset 3 of a file with something before and after it.
    fn entry(method: u16, content: &[u8], data: &[u8]) -> (Vec<u8>, RawEntry) {
        let mut file = b"pre".to_vec();
        file.extend_from_slice(data);
        file.extend_from_slice(b"after");
        let raw = RawEntry {
            name: "a.txt".into(),
            is_dir: false,
            size: content.len() as u64,
            compressed_size: data.len() as u64,
            data_start: 3,
            method,
            crc: crc32fast::hash(content),
        };
        (file, raw)
    }

    fn read(file: &[u8], e: &RawEntry, limit: u64) -> Result<Vec<u8>, Fault> {
        let mut got = Vec::new();
        read_entry(&mut Cursor::new(file), e, limit, &mut |b| {
            got.extend_from_slice(b);
            Ok(())
        })?;
        Ok(got)
    }

    #[test]
    fn stored_and_deflated_entries_read_back_exactly() {
        let content = b"policy text ".repeat(100_000);
        let (file, e) = entry(0, &content, &content);
        assert_eq!(read(&file, &e, u64::MAX).expect("stored"), content);
        let (file, e) = entry(8, &content, &deflate(&content));
        assert_eq!(read(&file, &e, u64::MAX).expect("deflated"), content);
        let (file, e) = entry(8, b"", &deflate(b""));
        assert_eq!(read(&file, &e, 0).expect("empty"), b"");
    }

    #[test]
    fn bytes_after_the_end_of_the_stream_are_slack() {
        let content = b"the genuine file\n".repeat(50);
        let mut data = deflate(&content);
        let genuine = data.len();
        data.extend_from_slice(b"PK\x07\x08 and a forged local header");
        let (file, e) = entry(8, &content, &data);
        match read(&file, &e, u64::MAX) {
            Err(Fault::Slack(n)) => assert_eq!(n, (data.len() - genuine) as u64),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn damage_is_named_and_limits_hold() {
        let content = b"0123456789".repeat(1000);
        let data = deflate(&content);
        let (file, e) = entry(8, &content, &data[..data.len() / 2]);
        assert!(
            matches!(read(&file, &e, u64::MAX), Err(Fault::Damaged(m)) if m.contains("cut short"))
        );
        let (file, mut e) = entry(8, &content, &data);
        e.crc ^= 1;
        assert!(matches!(read(&file, &e, u64::MAX), Err(Fault::Damaged(m)) if m.contains("CRC")));
        let (file, mut e) = entry(8, &content, &data);
        e.size += 1;
        assert!(matches!(read(&file, &e, u64::MAX), Err(Fault::Damaged(m)) if m.contains("holds")));
        let (file, e) = entry(8, &content, &data);
        assert!(matches!(read(&file, &e, 100), Err(Fault::TooLong(100))));
        let (file, e) = entry(8, &content, b"\xff\xff\xff\xff");
        assert!(
            matches!(read(&file, &e, u64::MAX), Err(Fault::Damaged(m)) if m.contains("broken") || m.contains("cut short"))
        );
        // A stored entry that the file cuts short.
        let (file, mut e) = entry(0, &content, &content);
        e.compressed_size += 100;
        e.size += 100;
        assert!(matches!(
            read(&file[..file.len() - 5], &e, u64::MAX),
            Err(Fault::Damaged(_))
        ));
    }
}

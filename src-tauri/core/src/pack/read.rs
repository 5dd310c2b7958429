//! Reading audit packs that came from elsewhere: verifying them against their manifest,
//! showing them in auditor mode and extracting one file to open it.
//!
//! A pack from outside is untrusted input. Nothing here writes anywhere except
//! [`extract_pack_file`], which writes one file, under a name it makes itself, into the folder
//! it is given. Every entry is checked before any byte is inflated: names that climb out of the
//! pack (`../`, absolute, drive letters, backslashes), symlinks, encrypted or duplicate entries
//! and overlapping entries (the trick of most zip bombs) are refused; an entry is never read
//! past the size its manifest gives, so a lying header cannot fill memory or disk.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zip::ZipArchive;

use super::structure::{self, Layout, Refusal};
use super::{Manifest, PACK_FORMAT, PACK_FORMAT_VERSION, PackData, PackError};
use crate::evidence::{OnProgress, Progress, safe_file_name};
use crate::store::hex_digest;

/// The biggest `manifest.json` or `pack.json` read into memory (a pack of 100,000 files has a
/// manifest of about 15 MiB).
const MAX_JSON: u64 = 64 << 20;

/// Deflate cannot shrink data by more than about 1,032 to 1; an entry claiming more is a bomb.
const MAX_RATIO: u64 = 1_100;

/// The result of checking a pack against its manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackVerification {
    pub path: PathBuf,
    pub organisation: String,
    pub created: String,
    pub tool_version: String,
    /// SHA-256 of `manifest.json`.
    pub fingerprint: String,
    /// Files checked (those in the manifest).
    pub files: u64,
    pub bytes: u64,
    pub problems: Vec<PackProblem>,
}

impl PackVerification {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A file of the pack that does not match its manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackProblem {
    pub file: String,
    pub kind: PackProblemKind,
    pub detail: String,
}

/// How a file fails verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PackProblemKind {
    /// In the zip but not in the manifest.
    Added,
    /// In the manifest but not in the zip.
    Missing,
    /// Its size or SHA-256 differs from the manifest, or its data is damaged.
    Changed,
}

impl std::fmt::Display for PackProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            PackProblemKind::Added => "ADDED",
            PackProblemKind::Missing => "MISSING",
            PackProblemKind::Changed => "CHANGED",
        };
        write!(f, "{what} {}: {}", self.file, self.detail)
    }
}

/// A verified pack and what it says, for auditor mode.
#[derive(Debug, Clone, PartialEq)]
pub struct PackContents {
    pub verification: PackVerification,
    /// `pack.json`, when it is present and matches the manifest.
    pub data: Option<PackData>,
}

/// An opened pack whose entries passed the safety checks.
struct SafePack {
    archive: ZipArchive<BufReader<File>>,
    /// The one reading of the zip that every reader agrees on.
    layout: Layout,
    manifest: Manifest,
    manifest_sha: String,
    problems: Vec<PackProblem>,
}

/// Checks every file of the pack at `path` against its manifest, and the manifest against
/// `manifest.sha256`. Damage is reported in the result; an error means the file could not be
/// checked at all (not a zip, not a pack, unsafe).
pub fn verify_pack(
    path: &Path,
    on_progress: OnProgress<'_>,
) -> Result<PackVerification, PackError> {
    let mut pack = open_safe(path)?;
    check_files(path, &mut pack, on_progress)
}

/// Verifies the pack and reads its `pack.json` for display.
pub fn open_pack(path: &Path, on_progress: OnProgress<'_>) -> Result<PackContents, PackError> {
    let mut pack = open_safe(path)?;
    let verification = check_files(path, &mut pack, on_progress)?;
    let data_ok = !verification
        .problems
        .iter()
        .any(|p| p.file == "pack.json" || p.file == "manifest.json");
    let data = if data_ok && pack.manifest.files.iter().any(|f| f.path == "pack.json") {
        let bytes = read_small(path, &mut pack.archive, &pack.layout, "pack.json")?;
        Some(
            serde_json::from_slice::<PackData>(&bytes).map_err(|e| PackError::NotAPack {
                path: path.to_owned(),
                reason: format!("pack.json cannot be read: {e}"),
            })?,
        )
    } else {
        None
    };
    Ok(PackContents { verification, data })
}

/// Extracts the file `entry` of the pack into `dest_dir` under a safe name and returns its
/// path; the bytes are checked against the manifest on the way, and a file that does not
/// match is deleted, not returned.
pub fn extract_pack_file(path: &Path, entry: &str, dest_dir: &Path) -> Result<PathBuf, PackError> {
    let mut pack = open_safe(path)?;
    let listed = pack
        .manifest
        .files
        .iter()
        .find(|f| f.path == entry)
        .cloned()
        .ok_or_else(|| PackError::NoSuchFile {
            path: path.to_owned(),
            entry: entry.to_owned(),
        })?;
    let name = safe_file_name(entry.rsplit('/').next().unwrap_or(entry));
    let target = dest_dir.join(&name);
    let write_err = |source| PackError::Write {
        path: target.clone(),
        source,
    };
    std::fs::create_dir_all(dest_dir).map_err(write_err)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".annexa-extract-")
        .tempfile_in(dest_dir)
        .map_err(write_err)?;
    let index = pack
        .layout
        .index(&listed.path)
        .ok_or_else(|| PackError::NoSuchFile {
            path: path.to_owned(),
            entry: entry.to_owned(),
        })?;
    let (sha, size) = stream_entry(path, &mut pack.archive, index, listed.size, &mut |b| {
        tmp.write_all(b)
    })?
    .map_err(|detail| PackError::NotAPack {
        path: path.to_owned(),
        reason: format!("{entry} does not match the manifest: {detail}"),
    })?;
    if sha != listed.sha256 || size != listed.size {
        return Err(PackError::NotAPack {
            path: path.to_owned(),
            reason: format!("{entry} does not match the manifest; it was not extracted"),
        });
    }
    tmp.as_file().sync_all().map_err(write_err)?;
    tmp.persist(&target).map_err(|e| write_err(e.error))?;
    Ok(target)
}

fn not_a_pack(path: &Path, reason: impl Into<String>) -> PackError {
    PackError::NotAPack {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

fn unsafe_pack(path: &Path, reason: impl Into<String>) -> PackError {
    PackError::Unsafe {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

/// Why an entry name is unsafe to extract anywhere, if it is.
pub(super) fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("an entry has an empty name");
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("an absolute path");
    }
    if name.contains('\\') {
        return Some("a backslash in a name");
    }
    if name.contains('\0') || name.chars().any(char::is_control) {
        return Some("a control character in a name");
    }
    let first = name.split('/').next().unwrap_or("");
    if first.len() >= 2 && first.as_bytes()[1] == b':' {
        return Some("a drive letter");
    }
    let trimmed = name.strip_suffix('/').unwrap_or(name);
    if trimmed
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Some("a path that climbs out of the pack (.. or an empty part)");
    }
    None
}

fn open_safe(path: &Path) -> Result<SafePack, PackError> {
    let meta = std::fs::metadata(path).map_err(|source| PackError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    if meta.is_dir() {
        return Err(not_a_pack(
            path,
            "it is a folder; choose the pack's .zip file",
        ));
    }
    let mut file = File::open(path).map_err(|source| PackError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    // The structure is checked on the raw bytes before the zip crate sees them: a zip that
    // two readers could understand differently is refused, whatever the crate would make of it.
    let layout = structure::check(&mut file, meta.len()).map_err(|r| match r {
        Refusal::NotAZip(detail) => PackError::NotAZip {
            path: path.to_owned(),
            detail,
        },
        Refusal::Inconsistent(reason) => unsafe_pack(path, reason),
    })?;
    file.rewind().map_err(|source| PackError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    let mut archive = ZipArchive::new(BufReader::with_capacity(1 << 20, file)).map_err(|e| {
        PackError::NotAZip {
            path: path.to_owned(),
            detail: e.to_string(),
        }
    })?;
    structure::check_agrees(&layout, &archive).map_err(|r| match r {
        Refusal::NotAZip(detail) | Refusal::Inconsistent(detail) => unsafe_pack(path, detail),
    })?;
    let metadata = archive.metadata();
    for i in 0..layout.entries.len() {
        let entry = metadata.entry(i).map_err(|e| PackError::NotAZip {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        let name = layout.entries[i].name.as_str();
        if let Some(why) = unsafe_name(name) {
            return Err(unsafe_pack(path, format!("entry {name:?} has {why}")));
        }
        if entry.is_symlink() {
            return Err(unsafe_pack(
                path,
                format!("entry {name:?} is a symbolic link"),
            ));
        }
        if entry.encrypted() {
            return Err(unsafe_pack(path, format!("entry {name:?} is encrypted")));
        }
        let (size, compressed) = (layout.entries[i].size, layout.entries[i].compressed_size);
        if size > (1 << 20) && size / compressed.max(1) > MAX_RATIO {
            return Err(unsafe_pack(
                path,
                format!(
                    "entry {name:?} claims to inflate {size} bytes from {compressed} (a zip bomb)"
                ),
            ));
        }
    }
    if layout.index("manifest.json").is_none() {
        return Err(not_a_pack(path, "it has no manifest.json"));
    }
    let manifest_bytes = read_small(path, &mut archive, &layout, "manifest.json")?;
    let manifest_sha = hex_digest(&Sha256::digest(&manifest_bytes));
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| not_a_pack(path, format!("manifest.json cannot be read: {e}")))?;
    if manifest.format != PACK_FORMAT {
        return Err(not_a_pack(
            path,
            format!("manifest.json describes {:?}", manifest.format),
        ));
    }
    if manifest.format_version > PACK_FORMAT_VERSION {
        return Err(not_a_pack(
            path,
            format!(
                "it was made by a newer Annexa (pack format {}; this version reads up to {})",
                manifest.format_version, PACK_FORMAT_VERSION
            ),
        ));
    }
    let mut listed = HashSet::new();
    for f in &manifest.files {
        if let Some(why) = unsafe_name(&f.path) {
            return Err(unsafe_pack(
                path,
                format!("the manifest lists {:?} with {why}", f.path),
            ));
        }
        if !listed.insert(f.path.as_str()) {
            return Err(not_a_pack(
                path,
                format!("the manifest lists {:?} twice", f.path),
            ));
        }
    }
    let mut problems = Vec::new();
    match layout.index("manifest.sha256") {
        None => problems.push(PackProblem {
            file: "manifest.sha256".into(),
            kind: PackProblemKind::Missing,
            detail: "the digest of the manifest is missing, so the manifest cannot be trusted"
                .into(),
        }),
        Some(_) => {
            let digest = read_small(path, &mut archive, &layout, "manifest.sha256")?;
            let text = String::from_utf8_lossy(&digest);
            let recorded = text
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if recorded != manifest_sha {
                problems.push(PackProblem {
                    file: "manifest.json".into(),
                    kind: PackProblemKind::Changed,
                    detail: format!(
                        "its SHA-256 is {manifest_sha} but manifest.sha256 records {recorded:?}"
                    ),
                });
            }
        }
    }
    Ok(SafePack {
        archive,
        layout,
        manifest,
        manifest_sha,
        problems,
    })
}

/// Reads a small entry whole, refusing one larger than [`MAX_JSON`].
fn read_small(
    path: &Path,
    archive: &mut ZipArchive<BufReader<File>>,
    layout: &Layout,
    name: &str,
) -> Result<Vec<u8>, PackError> {
    let index = layout
        .index(name)
        .ok_or_else(|| not_a_pack(path, format!("it has no {name}")))?;
    let mut entry = archive
        .by_index(index)
        .map_err(|e| not_a_pack(path, format!("{name} cannot be read: {e}")))?;
    if entry.size() > MAX_JSON {
        return Err(unsafe_pack(
            path,
            format!("{name} is larger than {MAX_JSON} bytes"),
        ));
    }
    let mut out = Vec::new();
    (&mut entry)
        .take(MAX_JSON + 1)
        .read_to_end(&mut out)
        .map_err(|e| not_a_pack(path, format!("{name} is damaged: {e}")))?;
    if out.len() as u64 > MAX_JSON {
        return Err(unsafe_pack(
            path,
            format!("{name} inflates beyond {MAX_JSON} bytes"),
        ));
    }
    Ok(out)
}

/// Streams one entry through `sink`, never past `limit` bytes; returns its SHA-256 and size,
/// or (inside) why its data is damaged.
fn stream_entry(
    path: &Path,
    archive: &mut ZipArchive<BufReader<File>>,
    index: usize,
    limit: u64,
    sink: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> Result<Result<(String, u64), String>, PackError> {
    let mut entry = match archive.by_index(index) {
        Ok(e) => e,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let mut hasher = Sha256::new();
    let mut n = 0u64;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let got = match entry.read(&mut buf) {
            Ok(0) => break,
            Ok(got) => got,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Ok(Err(format!("its data is damaged ({e})"))),
        };
        n += got as u64;
        if n > limit {
            return Ok(Err(format!(
                "it inflates beyond the {limit} bytes the manifest gives"
            )));
        }
        hasher.update(&buf[..got]);
        sink(&buf[..got]).map_err(|source| PackError::Write {
            path: path.to_owned(),
            source,
        })?;
    }
    Ok(Ok((hex_digest(&hasher.finalize()), n)))
}

fn check_files(
    path: &Path,
    pack: &mut SafePack,
    on_progress: OnProgress<'_>,
) -> Result<PackVerification, PackError> {
    let mut problems = std::mem::take(&mut pack.problems);
    let listed: HashSet<&str> = pack
        .manifest
        .files
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    // Folder entries (Info-ZIP and 7-Zip add them when re-zipping) carry no content, so they
    // neither add to the pack nor count against the manifest.
    for entry in pack.layout.entries.iter().filter(|e| !e.is_dir) {
        let name = entry.name.as_str();
        if name != "manifest.json" && name != "manifest.sha256" && !listed.contains(name) {
            problems.push(PackProblem {
                file: name.to_owned(),
                kind: PackProblemKind::Added,
                detail: "it is in the zip but not in the manifest".into(),
            });
        }
    }
    let mut progress = Progress {
        files_done: 0,
        files_total: pack.manifest.files.len() as u64,
        bytes_done: 0,
        bytes_total: pack.manifest.files.iter().map(|f| f.size).sum(),
        current: String::new(),
    };
    let mut bytes = 0u64;
    for f in &pack.manifest.files {
        progress.current = f.path.clone();
        let found = pack
            .layout
            .index(&f.path)
            .filter(|&i| !pack.layout.entries[i].is_dir);
        match found.map(|i| (i, pack.layout.entries[i].size)) {
            None => problems.push(PackProblem {
                file: f.path.clone(),
                kind: PackProblemKind::Missing,
                detail: "the manifest lists it but the zip does not hold it".into(),
            }),
            Some((_, size)) if size != f.size => problems.push(PackProblem {
                file: f.path.clone(),
                kind: PackProblemKind::Changed,
                detail: format!("it is {size} bytes; the manifest says {}", f.size),
            }),
            Some((index, _)) => {
                let mut stop = false;
                let done_before = progress.bytes_done;
                let result = stream_entry(path, &mut pack.archive, index, f.size, &mut |b| {
                    progress.bytes_done += b.len() as u64;
                    if on_progress(&progress).is_break() {
                        stop = true;
                        return Err(io::Error::new(io::ErrorKind::Interrupted, "stopped"));
                    }
                    Ok(())
                });
                if stop {
                    return Err(PackError::Cancelled);
                }
                progress.bytes_done = done_before + f.size;
                match result? {
                    Err(detail) => problems.push(PackProblem {
                        file: f.path.clone(),
                        kind: PackProblemKind::Changed,
                        detail,
                    }),
                    Ok((sha, n)) if sha != f.sha256 || n != f.size => problems.push(PackProblem {
                        file: f.path.clone(),
                        kind: PackProblemKind::Changed,
                        detail: format!(
                            "its SHA-256 is {sha} ({n} bytes); the manifest says {} ({} bytes)",
                            f.sha256, f.size
                        ),
                    }),
                    Ok((_, n)) => bytes += n,
                }
            }
        }
        progress.files_done += 1;
        if let ControlFlow::Break(()) = on_progress(&progress) {
            return Err(PackError::Cancelled);
        }
    }
    Ok(PackVerification {
        path: path.to_owned(),
        organisation: pack.manifest.organisation.clone(),
        created: pack.manifest.created.clone(),
        tool_version: pack.manifest.tool_version.clone(),
        fingerprint: pack.manifest_sha.clone(),
        files: pack.manifest.files.len() as u64,
        bytes,
        problems,
    })
}

//! Reading audit packs that came from elsewhere: verifying them against their manifest,
//! showing them in auditor mode and extracting one file to open it.
//!
//! A pack from outside is untrusted input. Nothing here writes anywhere except
//! [`extract_pack_file`], which writes one file, under a name it makes itself, into the folder
//! it is given. Only a regular file is read (a named pipe would hang the reader). Every entry
//! is checked before any byte is inflated: names that climb out of the pack (`../`, absolute,
//! drive letters, backslashes) or that some system would change, links, folders or devices
//! posing as files, encrypted or duplicate entries and overlapping entries (the trick of most
//! zip bombs) are refused; an entry is never read past the size its manifest gives, so a
//! lying header cannot fill memory or disk, and its bytes are read by `content.rs`, which
//! refuses a deflate stream that ends before its entry does.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::content::{Fault, read_entry};
use super::names::{shown, unsafe_name};
use super::structure::{self, Layout, RawEntry, Refusal};
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
    /// What the pack's signature says and how far it checks, when it has one (or when one
    /// was expected and is missing).
    pub signature: Option<super::PackSignature>,
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
    file: File,
    manifest_bytes: Vec<u8>,
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
    verify_pack_trusting(path, None, on_progress)
}

/// Verifies the pack, and that its manifest is signed by the public key in `trusted` (a
/// minisign `.pub` file) when one is given: a missing signature, one by another key or one
/// that does not match is a problem of the pack. Without a trusted key a signature is checked
/// against the key the pack carries, which shows the pack is whole, not who made it.
pub fn verify_pack_trusting(
    path: &Path,
    trusted: Option<&Path>,
    on_progress: OnProgress<'_>,
) -> Result<PackVerification, PackError> {
    let trusted = trusted.map(super::read_public_key).transpose()?;
    let mut pack = open_safe(path)?;
    let mut v = check_files(path, &mut pack, on_progress)?;
    check_signature(path, &mut pack, trusted.as_ref(), &mut v)?;
    Ok(v)
}

/// Verifies the pack and reads its `pack.json` for display.
pub fn open_pack(path: &Path, on_progress: OnProgress<'_>) -> Result<PackContents, PackError> {
    open_pack_trusting(path, None, on_progress)
}

/// [`open_pack`], with the signature checked against `trusted` as [`verify_pack_trusting`]
/// does.
pub fn open_pack_trusting(
    path: &Path,
    trusted: Option<&Path>,
    on_progress: OnProgress<'_>,
) -> Result<PackContents, PackError> {
    let trusted = trusted.map(super::read_public_key).transpose()?;
    let mut pack = open_safe(path)?;
    let mut verification = check_files(path, &mut pack, on_progress)?;
    check_signature(path, &mut pack, trusted.as_ref(), &mut verification)?;
    let data_ok = !verification
        .problems
        .iter()
        .any(|p| p.file == "pack.json" || p.file == "manifest.json");
    let data = if data_ok && pack.manifest.files.iter().any(|f| f.path == "pack.json") {
        let bytes = read_small(path, &mut pack.file, &pack.layout, "pack.json")?;
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
    let (sha, size) = stream_entry(
        path,
        &mut pack.file,
        &pack.layout.entries[index],
        listed.size,
        &mut |b| tmp.write_all(b),
    )?
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

/// Opens the pack at `path`, refusing anything that is not a regular file before a byte is
/// read: a named pipe or a device would make verification wait forever or read without end.
/// The file is opened without blocking and checked again once open, so nothing swapped in
/// between gets through either.
fn open_regular(path: &Path) -> Result<(File, u64), PackError> {
    let unreadable = |source| PackError::Unreadable {
        path: path.to_owned(),
        source,
    };
    let not_a_file = || {
        not_a_pack(
            path,
            "it is not a regular file (a named pipe, a device or a socket); save the pack as a \
             file and verify that",
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(not_a_pack(
            path,
            "it is a folder; choose the pack's .zip file",
        ));
    }
    if !meta.is_file() {
        return Err(not_a_file());
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(not_a_file());
    }
    Ok((file, meta.len()))
}

fn open_safe(path: &Path) -> Result<SafePack, PackError> {
    let (mut file, len) = open_regular(path)?;
    // The structure is checked on the raw bytes before anything is inflated: a zip that two
    // readers could understand differently is refused.
    let layout = structure::check(&mut file, len).map_err(|r| match r {
        Refusal::NotAZip(detail) => PackError::NotAZip {
            path: path.to_owned(),
            detail,
        },
        Refusal::Inconsistent(reason) => unsafe_pack(path, reason),
    })?;
    for entry in &layout.entries {
        let (size, compressed) = (entry.size, entry.compressed_size);
        if size > (1 << 20) && size / compressed.max(1) > MAX_RATIO {
            return Err(unsafe_pack(
                path,
                format!(
                    "entry {:?} claims to inflate {size} bytes from {compressed} (a zip bomb)",
                    entry.name
                ),
            ));
        }
    }
    if layout.index("manifest.json").is_none() {
        return Err(not_a_pack(path, "it has no manifest.json"));
    }
    let manifest_bytes = read_small(path, &mut file, &layout, "manifest.json")?;
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
                format!("the manifest lists {} with {why}", shown(&f.path)),
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
            let digest = read_small(path, &mut file, &layout, "manifest.sha256")?;
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
        file,
        manifest_bytes,
        layout,
        manifest,
        manifest_sha,
        problems,
    })
}

/// Reads a small entry whole, refusing one larger than [`MAX_JSON`].
fn read_small(
    path: &Path,
    file: &mut File,
    layout: &Layout,
    name: &str,
) -> Result<Vec<u8>, PackError> {
    let index = layout
        .index(name)
        .ok_or_else(|| not_a_pack(path, format!("it has no {name}")))?;
    let entry = &layout.entries[index];
    if entry.size > MAX_JSON {
        return Err(unsafe_pack(
            path,
            format!("{name} is larger than {MAX_JSON} bytes"),
        ));
    }
    let mut out = Vec::new();
    match read_entry(file, entry, MAX_JSON, &mut |b| {
        out.extend_from_slice(b);
        Ok(())
    }) {
        Ok(_) => Ok(out),
        Err(Fault::TooLong(_)) => Err(unsafe_pack(
            path,
            format!("{name} inflates beyond {MAX_JSON} bytes"),
        )),
        Err(Fault::Damaged(detail)) => {
            Err(not_a_pack(path, format!("{name} is damaged: {detail}")))
        }
        Err(other) => Err(fault(path, entry, other)),
    }
}

/// What a fault that is not about the entry's own data means for the whole pack.
fn fault(path: &Path, entry: &RawEntry, fault: Fault) -> PackError {
    match fault {
        Fault::Read(source) => PackError::Unreadable {
            path: path.to_owned(),
            source,
        },
        Fault::Sink(source) => PackError::Write {
            path: path.to_owned(),
            source,
        },
        Fault::Slack(n) => unsafe_pack(
            path,
            format!(
                "the deflate stream of {:?} ends {n} bytes before its data does; streaming \
                 extractors (bsdtar reading a pipe, Java's ZipInputStream) would read those \
                 bytes as more files",
                entry.name
            ),
        ),
        Fault::Damaged(detail) => not_a_pack(path, format!("{} is damaged: {detail}", entry.name)),
        Fault::TooLong(limit) => unsafe_pack(
            path,
            format!("{} inflates beyond {limit} bytes", entry.name),
        ),
    }
}

/// Streams one entry through `sink`, never past `limit` bytes; returns its SHA-256 and size,
/// or (inside) why its data is damaged.
fn stream_entry(
    path: &Path,
    file: &mut File,
    entry: &RawEntry,
    limit: u64,
    sink: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> Result<Result<(String, u64), String>, PackError> {
    let mut hasher = Sha256::new();
    let result = read_entry(file, entry, limit, &mut |b| {
        hasher.update(b);
        sink(b)
    });
    match result {
        Ok(n) => Ok(Ok((hex_digest(&hasher.finalize()), n))),
        Err(Fault::Damaged(detail)) => Ok(Err(format!("its data is damaged ({detail})"))),
        Err(Fault::TooLong(limit)) => Ok(Err(format!(
            "it inflates beyond the {limit} bytes the manifest gives"
        ))),
        Err(other) => Err(fault(path, entry, other)),
    }
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
        if !super::write::OUTSIDE_THE_MANIFEST.contains(&name) && !listed.contains(name) {
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
        // Sizes come from the pack: summed without overflow, however large they claim to be.
        bytes_total: pack
            .manifest
            .files
            .iter()
            .fold(0u64, |sum, f| sum.saturating_add(f.size)),
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
                let entry = &pack.layout.entries[index];
                let result = stream_entry(path, &mut pack.file, entry, f.size, &mut |b| {
                    progress.bytes_done = progress.bytes_done.saturating_add(b.len() as u64);
                    if on_progress(&progress).is_break() {
                        stop = true;
                        return Err(io::Error::new(io::ErrorKind::Interrupted, "stopped"));
                    }
                    Ok(())
                });
                if stop {
                    return Err(PackError::Cancelled);
                }
                progress.bytes_done = done_before.saturating_add(f.size);
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
                    Ok((_, n)) => bytes = bytes.saturating_add(n),
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
        signature: None,
    })
}

/// Checks the manifest's signature (see `sign.rs`) and records what it says; one that does
/// not check is a problem of the pack, named.
fn check_signature(
    path: &Path,
    pack: &mut SafePack,
    trusted: Option<&(minisign::PublicKey, String)>,
    v: &mut PackVerification,
) -> Result<(), PackError> {
    let mut small = |name: &str| -> Result<Option<Vec<u8>>, PackError> {
        match pack.layout.index(name) {
            Some(_) => read_small(path, &mut pack.file, &pack.layout, name).map(Some),
            None => Ok(None),
        }
    };
    let minisig = small(super::SIGNATURE_ENTRY)?;
    let signer = small(super::SIGNER_ENTRY)?;
    let signature = super::sign::check(
        &pack.manifest_bytes,
        minisig.as_deref(),
        signer.as_deref(),
        trusted,
    );
    if let Some(super::PackSignature {
        check: super::SignatureCheck::Failed(why),
        ..
    }) = &signature
    {
        v.problems.push(PackProblem {
            file: super::SIGNATURE_ENTRY.into(),
            kind: if minisig.is_some() {
                PackProblemKind::Changed
            } else {
                PackProblemKind::Missing
            },
            detail: why.clone(),
        });
    }
    v.signature = signature;
    Ok(())
}

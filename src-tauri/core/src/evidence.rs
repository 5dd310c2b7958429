//! The evidence locker: the files, links and notes that prove controls and clauses.
//!
//! Files are stored inside the workspace, so that the one file per organisation really holds
//! everything. They are streamed in fixed chunks (never whole in memory) and hashed with
//! SHA-256 in the same pass; content with a hash already stored is kept once. Every addition
//! is one transaction: a file that cannot be read to the end, that changes or vanishes while
//! it is read, or a disk that fills up, leaves the workspace exactly as it was.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::{self, Read, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use crate::catalogue::vocabulary::{EvidenceKind, EvidenceStatus, ReviewInterval};
use crate::catalogue::{Catalogue, ControlId};
use crate::store::history::record;
use crate::store::{NOW, check_date, db, hex_digest, invalid, person_id, unknown};
use crate::store::{Workspace, WorkspaceError};

/// The size of a stored chunk. Large enough that SQLite's per-row cost disappears next to the
/// copy itself, small enough that reading and writing stay within a few MiB of memory.
pub const CHUNK_SIZE: usize = 1 << 20;

/// The longest title accepted, in characters: longer ones are almost always a pasted text.
pub const MAX_TITLE_CHARS: usize = 300;

/// Why evidence could not be added, read or exported.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error("cannot read {}: {source}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{} is a folder; add the files inside it, or import the folder", path.display())]
    Directory { path: PathBuf },
    #[error(
        "{} is a symbolic link (to {}); add the file it points to instead",
        path.display(),
        target.display()
    )]
    Symlink { path: PathBuf, target: PathBuf },
    #[error("{} is not a regular file", path.display())]
    NotAFile { path: PathBuf },
    #[error(
        "the name of {} is not valid UTF-8; rename the file before adding it",
        path.display()
    )]
    NotUtf8 { path: PathBuf },
    #[error("the title is {chars} characters long; at most {MAX_TITLE_CHARS} are allowed")]
    TitleTooLong { chars: usize },
    #[error(
        "{} changed while it was being stored; nothing was added, try again once it is stable",
        path.display()
    )]
    Changed { path: PathBuf },
    #[error("{} disappeared while it was being stored; nothing was added", path.display())]
    Vanished { path: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("there is already a file at {}; choose another name", path.display())]
    DestinationExists { path: PathBuf },
    #[error("cancelled: nothing was added")]
    Cancelled,
}

impl EvidenceError {
    fn unreadable(path: &Path, source: io::Error) -> Self {
        EvidenceError::Unreadable {
            path: path.to_owned(),
            source,
        }
    }
}

/// What a piece of evidence proves: an Annex A control or a clause of 4 to 10.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Control(ControlId),
    Clause(String),
}

impl Target {
    /// A control named as the user types it: `A.5.1` or `5.1`.
    pub fn control(input: &str) -> Result<Target, WorkspaceError> {
        crate::store::control_id(input).map(Target::Control)
    }

    /// A clause or subclause of 4 to 10, e.g. `6.1.2` (a leading `clause ` is accepted).
    pub fn clause(input: &str) -> Result<Target, WorkspaceError> {
        let id = input
            .trim()
            .trim_start_matches("clause ")
            .trim_start_matches("Clause ")
            .trim();
        let catalogue = Catalogue::bundled().map_err(|e| invalid(e.to_string()))?;
        if catalogue.clauses.iter().any(|c| c.id == id) {
            Ok(Target::Clause(id.to_owned()))
        } else {
            Err(unknown(format!(
                "{input:?} is not a clause of ISO/IEC 27001:2022 (4.1 to 10.2)"
            )))
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Target::Control(_) => "control",
            Target::Clause(_) => "clause",
        }
    }

    fn id(&self) -> String {
        match self {
            Target::Control(c) => c.to_string(),
            Target::Clause(c) => c.clone(),
        }
    }

    fn from_row(kind: &str, id: &str) -> Option<Target> {
        match kind {
            "control" => id.parse().ok().map(Target::Control),
            "clause" => Some(Target::Clause(id.to_owned())),
            _ => None,
        }
    }
}

impl fmt::Display for Target {
    /// `A.5.1` for a control, `clause 6.1.2` for a clause: the forms an auditor reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Control(c) => write!(f, "A.{c}"),
            Target::Clause(c) => write!(f, "clause {c}"),
        }
    }
}

/// The descriptive fields of a piece of evidence, as given when it is added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceMeta {
    /// The title; for a file, its name without extension when not given.
    pub title: Option<String>,
    pub description: String,
    /// When the evidence was issued or collected, `YYYY-MM-DD`.
    pub issued_on: Option<String>,
    /// The last day the evidence is valid, `YYYY-MM-DD`.
    pub valid_until: Option<String>,
    /// For evidence without a fixed end: how often it must be renewed.
    pub review_interval: Option<ReviewInterval>,
    /// The person who provided it (added to the directory if new).
    pub provided_by: Option<String>,
    /// Defaults to `draft`.
    pub status: Option<EvidenceStatus>,
}

/// One file to store, what it proves, and how to describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileToAdd {
    pub path: PathBuf,
    pub targets: Vec<Target>,
    pub meta: EvidenceMeta,
}

/// How far a long store, verification or export has come. Sent after every chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub files_done: u64,
    pub files_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// The file being worked on.
    pub current: String,
}

/// Called with each step of a long operation; return `ControlFlow::Break(())` to cancel
/// (everything done so far is rolled back).
pub type OnProgress<'a> = &'a mut dyn FnMut(&Progress) -> ControlFlow<()>;

/// A piece of evidence with its targets and all its versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub id: i64,
    pub kind: EvidenceKind,
    pub title: String,
    pub description: String,
    pub issued_on: Option<String>,
    pub valid_until: Option<String>,
    pub review_interval: Option<ReviewInterval>,
    pub provided_by: Option<String>,
    /// The status as recorded (see [`Evidence::status_on`] for the one to show).
    pub status: EvidenceStatus,
    pub created_at: String,
    pub updated_at: String,
    /// The last day it is valid: `valid_until`, else one review interval after it was issued
    /// (or, without an issue date, after its current version was added).
    pub expires_on: Option<String>,
    pub targets: Vec<Target>,
    /// Oldest first; never empty.
    pub versions: Vec<EvidenceVersion>,
}

impl Evidence {
    /// The current (latest) version.
    pub fn current(&self) -> &EvidenceVersion {
        // The store never keeps evidence without a version (see `insert_evidence`).
        &self.versions[self.versions.len() - 1]
    }

    /// True when its last valid day is before `today`.
    pub fn is_expired(&self, today: &str) -> bool {
        self.expires_on.as_deref().is_some_and(|d| d < today)
    }

    /// The status to show on `today`: the recorded one, or `expired` once it has expired
    /// (rejected evidence stays rejected).
    pub fn status_on(&self, today: &str) -> EvidenceStatus {
        if self.status != EvidenceStatus::Rejected && self.is_expired(today) {
            EvidenceStatus::Expired
        } else {
            self.status
        }
    }
}

/// One version of a piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceVersion {
    pub version: u32,
    /// For files: the content's SHA-256 (lower-case hex) and size in bytes.
    pub sha256: Option<String>,
    pub size: Option<u64>,
    pub file_name: Option<String>,
    pub media_type: Option<String>,
    pub url: Option<String>,
    /// A note's text, or the note that goes with a link or file.
    pub body: String,
    pub added_at: String,
    pub added_by: String,
}

/// Changes to a piece of evidence's description; `None` leaves a field as it is, and
/// `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidencePatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub issued_on: Option<Option<String>>,
    pub valid_until: Option<Option<String>>,
    pub review_interval: Option<Option<ReviewInterval>>,
    pub provided_by: Option<Option<String>>,
    pub status: Option<EvidenceStatus>,
    /// The exact set of controls and clauses it proves; must not be empty.
    pub targets: Option<Vec<Target>>,
}

/// What `verify` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Distinct stored contents checked.
    pub contents: u64,
    pub bytes: u64,
    pub problems: Vec<IntegrityProblem>,
}

/// A stored content whose bytes no longer match what was recorded when it was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrityProblem {
    pub sha256: String,
    pub expected_size: u64,
    pub actual_sha256: String,
    pub actual_size: u64,
    /// The evidence versions that use it, as `#ID vVERSION "title" (file name)`.
    pub used_by: Vec<String>,
}

impl fmt::Display for IntegrityProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: stored as {} ({} bytes) but now reads as {} ({} bytes)",
            self.used_by.join(", "),
            self.sha256,
            self.expected_size,
            self.actual_sha256,
            self.actual_size
        )
    }
}

/// The media type shown and used for previews, guessed from the file name's extension.
pub fn media_type(file_name: &str) -> &'static str {
    let ext = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "svg" => "image/svg+xml",
        "txt" | "log" | "conf" | "cfg" | "ini" | "yaml" | "yml" | "toml" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "json" => "application/json",
        "xml" => "application/xml",
        "html" | "htm" => "text/html",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "eml" => "message/rfc822",
        _ => "application/octet-stream",
    }
}

/// True when a file of this name may be handed to the desktop's default application: a
/// document, image, spreadsheet, archive or media file. Programs, scripts, desktop entries and
/// unknown types could run code, and HTML, SVG and XML open in a browser where their scripts
/// run; those are only ever saved, never opened.
pub fn opens_as_document(file_name: &str) -> bool {
    !matches!(
        media_type(file_name),
        "application/octet-stream" | "text/html" | "image/svg+xml" | "application/xml"
    )
}

/// The hex SHA-256 of some bytes, as stored.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex_digest(&Sha256::digest(bytes))
}

fn check_title(title: &str) -> Result<String, EvidenceError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(invalid("the evidence's title must not be empty").into());
    }
    let chars = title.chars().count();
    if chars > MAX_TITLE_CHARS {
        return Err(EvidenceError::TitleTooLong { chars });
    }
    Ok(title.to_owned())
}

fn check_meta(meta: &EvidenceMeta) -> Result<(), EvidenceError> {
    check_date("issue date", &meta.issued_on)?;
    check_date("valid-until date", &meta.valid_until)?;
    Ok(())
}

fn check_targets(targets: &[Target]) -> Result<Vec<Target>, EvidenceError> {
    if targets.is_empty() {
        return Err(invalid("name at least one control or clause that the evidence proves").into());
    }
    let mut t = targets.to_vec();
    t.sort();
    t.dedup();
    Ok(t)
}

/// Opens a file for storing, refusing what is not a plain regular file.
fn open_regular(path: &Path) -> Result<(File, Metadata, String), EvidenceError> {
    let link = std::fs::symlink_metadata(path).map_err(|e| EvidenceError::unreadable(path, e))?;
    if link.file_type().is_symlink() {
        let target = std::fs::read_link(path).unwrap_or_default();
        return Err(EvidenceError::Symlink {
            path: path.to_owned(),
            target,
        });
    }
    if link.is_dir() {
        return Err(EvidenceError::Directory {
            path: path.to_owned(),
        });
    }
    if !link.is_file() {
        return Err(EvidenceError::NotAFile {
            path: path.to_owned(),
        });
    }
    let name = path
        .file_name()
        .ok_or_else(|| EvidenceError::NotAFile {
            path: path.to_owned(),
        })?
        .to_str()
        .ok_or_else(|| EvidenceError::NotUtf8 {
            path: path.to_owned(),
        })?
        .to_owned();
    let file = File::open(path).map_err(|e| EvidenceError::unreadable(path, e))?;
    let meta = file
        .metadata()
        .map_err(|e| EvidenceError::unreadable(path, e))?;
    if !same_file(&link, &meta) {
        return Err(EvidenceError::Changed {
            path: path.to_owned(),
        });
    }
    Ok((file, meta, name))
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

/// True when nothing about the file suggests its content changed between two looks.
fn unchanged(before: &Metadata, after: &Metadata) -> bool {
    same_file(before, after)
        && before.len() == after.len()
        && before.modified().ok() == after.modified().ok()
}

/// Reads until `buf` is full or the file ends; returns how much was read.
fn fill(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Streams one file into the content store inside `tx`; returns the content's id, hash and
/// size. Content already stored under the same hash is reused and the new copy dropped.
fn store_file(
    tx: &Transaction<'_>,
    path: &Path,
    progress: &mut Progress,
    on_progress: OnProgress<'_>,
) -> Result<(i64, String, u64, String), EvidenceError> {
    let (file, before, name) = open_regular(path)?;
    let content_id: i64 = tx
        .query_row("SELECT coalesce(max(id), 0) + 1 FROM content", [], |r| {
            r.get(0)
        })
        .map_err(db)?;
    tx.execute_batch("SAVEPOINT store_file").map_err(db)?;
    let result = (|| {
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO content_chunk (content_id, seq, data) VALUES (?1, ?2, zeroblob(?3))",
            )
            .map_err(db)?;
        // Each chunk row is made at its final size and then filled through SQLite's
        // incremental blob I/O, which copies the bytes straight into the pages; binding the
        // chunk as a parameter would copy it twice more (rusqlite binds blobs as transient).
        let mut blob: Option<rusqlite::blob::Blob<'_>> = None;
        // A three-stage pipeline: one thread reads, one hashes, this one writes to SQLite
        // (which cannot leave the thread that owns the transaction). SHA-256 is the slowest
        // stage and now costs no time of its own. Buffers circulate through a fixed pool, so
        // memory stays at POOL chunks whatever the file's size.
        const POOL: usize = 6;
        let (pool_tx, pool) = std::sync::mpsc::sync_channel::<Vec<u8>>(POOL);
        for _ in 0..POOL {
            let _ = pool_tx.send(vec![0u8; CHUNK_SIZE]);
        }
        let (read_tx, read) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(POOL);
        let (chunks_tx, chunks) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(POOL);
        std::thread::scope(|scope| {
            let reader = scope.spawn(move || {
                let mut file = file;
                // Ends when the file ends, on an error, or when the writer hangs up.
                while let Ok(mut buf) = pool.recv() {
                    buf.resize(CHUNK_SIZE, 0);
                    match fill(&mut file, &mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            buf.truncate(n);
                            if read_tx.send(Ok(buf)).is_err() {
                                break;
                            }
                        }
                        Err(e) => {
                            let _ = read_tx.send(Err(e));
                            break;
                        }
                    }
                }
                file
            });
            let hasher = scope.spawn(move || {
                let mut hasher = Sha256::new();
                for chunk in read.iter() {
                    if let Ok(buf) = &chunk {
                        hasher.update(buf);
                    }
                    if chunks_tx.send(chunk).is_err() {
                        break;
                    }
                }
                hasher.finalize()
            });
            let mut size: u64 = 0;
            let mut seq: i64 = 0;
            let mut outcome = Ok(());
            for chunk in chunks.iter() {
                let step = (|| {
                    let buf = chunk.map_err(|e| EvidenceError::unreadable(path, e))?;
                    insert
                        .execute(params![content_id, seq, buf.len() as i64])
                        .map_err(db)?;
                    let row = tx.last_insert_rowid();
                    match blob.as_mut() {
                        Some(open) => open.reopen(row).map_err(db)?,
                        None => {
                            blob = Some(
                                tx.blob_open(
                                    rusqlite::MAIN_DB,
                                    c"content_chunk",
                                    c"data",
                                    row,
                                    false,
                                )
                                .map_err(db)?,
                            );
                        }
                    }
                    if let Some(open) = blob.as_mut() {
                        open.write_at(&buf, 0).map_err(db)?;
                    }
                    size += buf.len() as u64;
                    seq += 1;
                    progress.bytes_done += buf.len() as u64;
                    let _ = pool_tx.send(buf);
                    if size > before.len() {
                        return Err(EvidenceError::Changed {
                            path: path.to_owned(),
                        });
                    }
                    if on_progress(progress).is_break() {
                        return Err(EvidenceError::Cancelled);
                    }
                    Ok(())
                })();
                if step.is_err() {
                    outcome = step;
                    break;
                }
            }
            // Hanging up makes the reader and hasher give up if they are still going.
            drop(chunks);
            drop(pool_tx);
            let digest = hasher
                .join()
                .map_err(|_| invalid("the file hasher stopped unexpectedly"))?;
            let file = reader
                .join()
                .map_err(|_| invalid("the file reader stopped unexpectedly"))?;
            outcome?;
            // Checked here, after the last progress report, so that nothing that happened to
            // the file while it was being stored goes unnoticed.
            let after = file
                .metadata()
                .map_err(|e| EvidenceError::unreadable(path, e))?;
            if size != before.len() || !unchanged(&before, &after) {
                return Err(EvidenceError::Changed {
                    path: path.to_owned(),
                });
            }
            match std::fs::symlink_metadata(path) {
                Ok(now) if same_file(&before, &now) => {}
                Ok(_) => {
                    return Err(EvidenceError::Changed {
                        path: path.to_owned(),
                    });
                }
                Err(_) => {
                    return Err(EvidenceError::Vanished {
                        path: path.to_owned(),
                    });
                }
            }
            Ok((hex_digest(&digest), size))
        })
    })();
    let (sha, size) = match result {
        Ok(v) => v,
        Err(e) => {
            // Undo the chunks of this file only; the caller rolls back the rest.
            let _ = tx.execute_batch("ROLLBACK TO store_file; RELEASE store_file");
            return Err(e);
        }
    };
    let existing: Option<i64> = tx
        .query_row("SELECT id FROM content WHERE sha256 = ?1", [&sha], |r| {
            r.get(0)
        })
        .optional()
        .map_err(db)?;
    if let Some(existing) = existing {
        tx.execute_batch("ROLLBACK TO store_file; RELEASE store_file")
            .map_err(db)?;
        return Ok((existing, sha, size, name));
    }
    tx.execute(
        &format!("INSERT INTO content (id, sha256, size, stored_at) VALUES (?1, ?2, ?3, {NOW})"),
        params![content_id, sha, size as i64],
    )
    .map_err(db)?;
    tx.execute_batch("RELEASE store_file").map_err(db)?;
    Ok((content_id, sha, size, name))
}

/// What a new evidence row is made of.
struct NewEvidence<'a> {
    kind: EvidenceKind,
    title: String,
    meta: &'a EvidenceMeta,
    targets: &'a [Target],
    content_id: Option<i64>,
    file_name: Option<&'a str>,
    url: Option<&'a str>,
    body: &'a str,
}

fn insert_evidence(
    tx: &Transaction<'_>,
    actor: &str,
    new: &NewEvidence<'_>,
) -> Result<i64, EvidenceError> {
    let provided_by = match &new.meta.provided_by {
        Some(name) if !name.trim().is_empty() => Some(person_id(tx, actor, name)?),
        _ => None,
    };
    tx.execute(
        &format!(
            "INSERT INTO evidence (kind, title, description, issued_on, valid_until,
                 review_interval, provided_by, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, {NOW}, {NOW})"
        ),
        params![
            new.kind.as_str(),
            new.title,
            new.meta.description.trim(),
            new.meta.issued_on,
            new.meta.valid_until,
            new.meta.review_interval.map(|r| r.as_str()),
            provided_by,
            new.meta.status.unwrap_or(EvidenceStatus::Draft).as_str(),
        ],
    )
    .map_err(db)?;
    let id = tx.last_insert_rowid();
    insert_version(
        tx,
        actor,
        id,
        1,
        new.content_id,
        new.file_name,
        new.url,
        new.body,
    )?;
    for t in new.targets {
        tx.execute(
            "INSERT INTO evidence_target (evidence_id, target_kind, target_id) VALUES (?1, ?2, ?3)",
            params![id, t.kind(), t.id()],
        )
        .map_err(db)?;
        record(
            tx,
            actor,
            t.kind(),
            &t.id(),
            "evidence",
            None,
            Some(&format!("#{id} {}", new.title)),
        )?;
    }
    let what = match new.file_name {
        Some(f) => format!("{} ({f})", new.title),
        None => new
            .url
            .map_or_else(|| new.title.clone(), |u| format!("{} <{u}>", new.title)),
    };
    record(
        tx,
        actor,
        "evidence",
        &id.to_string(),
        "added",
        None,
        Some(&what),
    )?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
fn insert_version(
    tx: &Transaction<'_>,
    actor: &str,
    id: i64,
    version: i64,
    content_id: Option<i64>,
    file_name: Option<&str>,
    url: Option<&str>,
    body: &str,
) -> Result<(), EvidenceError> {
    let media = file_name.map(media_type);
    tx.execute(
        &format!(
            "INSERT INTO evidence_version (evidence_id, version, content_id, file_name,
                 media_type, url, body, added_at, added_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, {NOW}, ?8)"
        ),
        params![id, version, content_id, file_name, media, url, body, actor],
    )
    .map_err(db)?;
    Ok(())
}

/// The title a file gets when none is given: its name without the extension.
fn title_from_name(name: &str) -> String {
    let stem = Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name);
    stem.trim().to_owned()
}

const EVIDENCE_SELECT: &str = "
    SELECT e.id, e.kind, e.title, e.description, e.issued_on, e.valid_until, e.review_interval,
           p.name, e.status, e.created_at, e.updated_at,
           coalesce(e.valid_until,
                    CASE e.review_interval
                        WHEN 'monthly' THEN date(coalesce(e.issued_on, v.added_at), '+1 month')
                        WHEN 'quarterly' THEN date(coalesce(e.issued_on, v.added_at), '+3 months')
                        WHEN 'yearly' THEN date(coalesce(e.issued_on, v.added_at), '+1 year')
                    END)
    FROM evidence e
    LEFT JOIN person p ON p.id = e.provided_by
    JOIN evidence_version v ON v.evidence_id = e.id
         AND v.version = (SELECT max(version) FROM evidence_version WHERE evidence_id = e.id)";

fn row_evidence(r: &rusqlite::Row<'_>) -> rusqlite::Result<Evidence> {
    let kind: String = r.get(1)?;
    let interval: Option<String> = r.get(6)?;
    let status: String = r.get(8)?;
    Ok(Evidence {
        id: r.get(0)?,
        kind: kind.parse().unwrap_or(EvidenceKind::Note),
        title: r.get(2)?,
        description: r.get(3)?,
        issued_on: r.get(4)?,
        valid_until: r.get(5)?,
        review_interval: interval.and_then(|i| i.parse().ok()),
        provided_by: r.get(7)?,
        status: status.parse().unwrap_or(EvidenceStatus::Draft),
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        expires_on: r.get(11)?,
        targets: Vec::new(),
        versions: Vec::new(),
    })
}

impl Workspace {
    /// Stores files as new evidence, all in one transaction: either every file is added or
    /// none is. Returns the new evidence ids, in the order given.
    pub fn add_files(
        &mut self,
        files: &[FileToAdd],
        actor: &str,
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<i64>, EvidenceError> {
        let mut progress = Progress {
            files_done: 0,
            files_total: files.len() as u64,
            bytes_done: 0,
            bytes_total: 0,
            current: String::new(),
        };
        let mut checked = Vec::with_capacity(files.len());
        for f in files {
            check_meta(&f.meta)?;
            let targets = check_targets(&f.targets)?;
            if let Some(t) = &f.meta.title {
                check_title(t)?;
            }
            // Refuse bad paths before anything is written, and size the progress bar.
            let (_, meta, _) = open_regular(&f.path)?;
            progress.bytes_total += meta.len();
            checked.push(targets);
        }
        self.write_evidence(|tx| {
            let mut ids = Vec::with_capacity(files.len());
            for (f, targets) in files.iter().zip(&checked) {
                progress.current = f.path.display().to_string();
                let (content_id, _, _, name) = store_file(tx, &f.path, &mut progress, on_progress)?;
                let title = check_title(
                    &f.meta
                        .title
                        .clone()
                        .unwrap_or_else(|| title_from_name(&name)),
                )?;
                ids.push(insert_evidence(
                    tx,
                    actor,
                    &NewEvidence {
                        kind: EvidenceKind::File,
                        title,
                        meta: &f.meta,
                        targets,
                        content_id: Some(content_id),
                        file_name: Some(&name),
                        url: None,
                        body: "",
                    },
                )?);
                progress.files_done += 1;
                if on_progress(&progress).is_break() {
                    return Err(EvidenceError::Cancelled);
                }
            }
            Ok(ids)
        })
    }

    /// Stores a new version of a file evidence; the earlier versions are kept. The status goes
    /// back to `draft` (new content has not been reviewed) unless `status` says otherwise.
    pub fn add_version(
        &mut self,
        id: i64,
        path: &Path,
        status: Option<EvidenceStatus>,
        actor: &str,
        on_progress: OnProgress<'_>,
    ) -> Result<Evidence, EvidenceError> {
        let before = self.evidence(id)?;
        if before.kind != EvidenceKind::File {
            return Err(invalid(format!(
                "evidence #{id} is a {}, not a file; only files have versions",
                before.kind
            ))
            .into());
        }
        let (_, meta, _) = open_regular(path)?;
        let mut progress = Progress {
            files_done: 0,
            files_total: 1,
            bytes_done: 0,
            bytes_total: meta.len(),
            current: path.display().to_string(),
        };
        let version = before.current().version + 1;
        self.write_evidence(|tx| {
            let (content_id, sha, _, name) = store_file(tx, path, &mut progress, on_progress)?;
            insert_version(
                tx,
                actor,
                id,
                i64::from(version),
                Some(content_id),
                Some(&name),
                None,
                "",
            )?;
            let status = status.unwrap_or(EvidenceStatus::Draft);
            tx.execute(
                &format!("UPDATE evidence SET status = ?2, updated_at = {NOW} WHERE id = ?1"),
                params![id, status.as_str()],
            )
            .map_err(db)?;
            record(
                tx,
                actor,
                "evidence",
                &id.to_string(),
                "version",
                Some(&before.current().version.to_string()),
                Some(&format!("{version} ({name}, sha256 {sha})")),
            )?;
            record(
                tx,
                actor,
                "evidence",
                &id.to_string(),
                "status",
                Some(before.status.as_str()),
                Some(status.as_str()),
            )?;
            Ok(())
        })?;
        Ok(self.evidence(id)?)
    }

    /// Records a link (a URL and a note) as evidence.
    pub fn add_link(
        &mut self,
        url: &str,
        note: &str,
        targets: &[Target],
        meta: &EvidenceMeta,
        actor: &str,
    ) -> Result<i64, EvidenceError> {
        let url = url.trim();
        let scheme_ok = has_scheme(url, &["https://", "http://", "file://", "mailto:"]);
        if !scheme_ok || url.chars().any(char::is_whitespace) {
            return Err(invalid(format!(
                "{url:?} is not a link Annexa can record; give a full address starting with \
                 https://, http://, file:// or mailto:"
            ))
            .into());
        }
        check_meta(meta)?;
        let targets = check_targets(targets)?;
        let title = check_title(meta.title.as_deref().unwrap_or(url))?;
        self.write_evidence(|tx| {
            insert_evidence(
                tx,
                actor,
                &NewEvidence {
                    kind: EvidenceKind::Link,
                    title,
                    meta,
                    targets: &targets,
                    content_id: None,
                    file_name: None,
                    url: Some(url),
                    body: note.trim(),
                },
            )
        })
    }

    /// Records a written note as evidence (e.g. what was observed in a walk-through).
    pub fn add_note(
        &mut self,
        text: &str,
        targets: &[Target],
        meta: &EvidenceMeta,
        actor: &str,
    ) -> Result<i64, EvidenceError> {
        if text.trim().is_empty() {
            return Err(invalid("the note is empty").into());
        }
        check_meta(meta)?;
        let targets = check_targets(targets)?;
        let title = check_title(meta.title.as_deref().unwrap_or("Note"))?;
        self.write_evidence(|tx| {
            insert_evidence(
                tx,
                actor,
                &NewEvidence {
                    kind: EvidenceKind::Note,
                    title,
                    meta,
                    targets: &targets,
                    content_id: None,
                    file_name: None,
                    url: None,
                    body: text.trim(),
                },
            )
        })
    }

    /// All evidence, newest first, or only what proves `target`.
    pub fn evidence_list(&self, target: Option<&Target>) -> Result<Vec<Evidence>, WorkspaceError> {
        let conn = self.connection();
        let mut list: Vec<Evidence> = match target {
            None => {
                let mut stmt = conn
                    .prepare(&format!("{EVIDENCE_SELECT} ORDER BY e.id DESC"))
                    .map_err(db)?;
                stmt.query_map([], row_evidence)
                    .map_err(db)?
                    .collect::<Result<_, _>>()
                    .map_err(db)?
            }
            Some(t) => {
                let mut stmt = conn
                    .prepare(&format!(
                        "{EVIDENCE_SELECT}
                         WHERE e.id IN (SELECT evidence_id FROM evidence_target
                                        WHERE target_kind = ?1 AND target_id = ?2)
                         ORDER BY e.id DESC"
                    ))
                    .map_err(db)?;
                stmt.query_map(params![t.kind(), t.id()], row_evidence)
                    .map_err(db)?
                    .collect::<Result<_, _>>()
                    .map_err(db)?
            }
        };
        for e in &mut list {
            self.fill_evidence(e)?;
        }
        Ok(list)
    }

    /// One piece of evidence by id.
    pub fn evidence(&self, id: i64) -> Result<Evidence, WorkspaceError> {
        let mut e = self
            .connection()
            .query_row(
                &format!("{EVIDENCE_SELECT} WHERE e.id = ?1"),
                [id],
                row_evidence,
            )
            .optional()
            .map_err(db)?
            .ok_or_else(|| unknown(format!("there is no evidence #{id} in this workspace")))?;
        self.fill_evidence(&mut e)?;
        Ok(e)
    }

    fn fill_evidence(&self, e: &mut Evidence) -> Result<(), WorkspaceError> {
        let conn = self.connection();
        let mut stmt = conn
            .prepare_cached(
                "SELECT target_kind, target_id FROM evidence_target WHERE evidence_id = ?1",
            )
            .map_err(db)?;
        let mut targets: Vec<Target> = stmt
            .query_map([e.id], |r| {
                Ok(Target::from_row(
                    &r.get::<_, String>(0)?,
                    &r.get::<_, String>(1)?,
                ))
            })
            .map_err(db)?
            .filter_map(|r| r.transpose())
            .collect::<Result<_, _>>()
            .map_err(db)?;
        targets.sort();
        e.targets = targets;
        let mut stmt = conn
            .prepare_cached(
                "SELECT v.version, c.sha256, c.size, v.file_name, v.media_type, v.url, v.body,
                        v.added_at, v.added_by
                 FROM evidence_version v LEFT JOIN content c ON c.id = v.content_id
                 WHERE v.evidence_id = ?1 ORDER BY v.version",
            )
            .map_err(db)?;
        e.versions = stmt
            .query_map([e.id], |r| {
                Ok(EvidenceVersion {
                    version: r.get(0)?,
                    sha256: r.get(1)?,
                    size: r.get::<_, Option<i64>>(2)?.map(|s| s as u64),
                    file_name: r.get(3)?,
                    media_type: r.get(4)?,
                    url: r.get(5)?,
                    body: r.get(6)?,
                    added_at: r.get(7)?,
                    added_by: r.get(8)?,
                })
            })
            .map_err(db)?
            .collect::<Result<_, _>>()
            .map_err(db)?;
        Ok(())
    }

    /// How many pieces of evidence prove each control, by control id.
    pub fn evidence_counts(
        &self,
    ) -> Result<std::collections::HashMap<String, u32>, WorkspaceError> {
        let mut stmt = self
            .connection()
            .prepare(
                "SELECT target_id, count(*) FROM evidence_target
                 WHERE target_kind = 'control' GROUP BY target_id",
            )
            .map_err(db)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))
            .map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)
    }

    /// Changes a piece of evidence's description, status, dates or targets.
    pub fn update_evidence(
        &mut self,
        id: i64,
        patch: &EvidencePatch,
        actor: &str,
    ) -> Result<Evidence, EvidenceError> {
        let before = self.evidence(id)?;
        if let Some(Some(d)) = &patch.issued_on {
            check_date("issue date", &Some(d.clone()))?;
        }
        if let Some(Some(d)) = &patch.valid_until {
            check_date("valid-until date", &Some(d.clone()))?;
        }
        let title = patch.title.as_deref().map(check_title).transpose()?;
        let targets = patch.targets.as_deref().map(check_targets).transpose()?;
        self.write_evidence(|tx| {
            let key = id.to_string();
            let set = |field: &str, column: &str, old: Option<String>, new: Option<String>| {
                tx.execute(
                    &format!("UPDATE evidence SET {column} = ?2, updated_at = {NOW} WHERE id = ?1"),
                    params![id, new],
                )
                .map_err(db)?;
                record(
                    tx,
                    actor,
                    "evidence",
                    &key,
                    field,
                    old.as_deref(),
                    new.as_deref(),
                )
            };
            if let Some(t) = &title {
                set(
                    "title",
                    "title",
                    Some(before.title.clone()),
                    Some(t.clone()),
                )?;
            }
            if let Some(d) = &patch.description {
                set(
                    "description",
                    "description",
                    Some(before.description.clone()),
                    Some(d.trim().to_owned()),
                )?;
            }
            if let Some(d) = &patch.issued_on {
                set(
                    "issued_on",
                    "issued_on",
                    before.issued_on.clone(),
                    d.clone(),
                )?;
            }
            if let Some(d) = &patch.valid_until {
                set(
                    "valid_until",
                    "valid_until",
                    before.valid_until.clone(),
                    d.clone(),
                )?;
            }
            if let Some(r) = &patch.review_interval {
                set(
                    "review_interval",
                    "review_interval",
                    before.review_interval.map(|r| r.to_string()),
                    r.map(|r| r.to_string()),
                )?;
            }
            if let Some(s) = &patch.status {
                set(
                    "status",
                    "status",
                    Some(before.status.to_string()),
                    Some(s.to_string()),
                )?;
            }
            if let Some(p) = &patch.provided_by {
                let pid = match p {
                    Some(name) if !name.trim().is_empty() => Some(person_id(tx, actor, name)?),
                    _ => None,
                };
                tx.execute(
                    &format!(
                        "UPDATE evidence SET provided_by = ?2, updated_at = {NOW} WHERE id = ?1"
                    ),
                    params![id, pid],
                )
                .map_err(db)?;
                record(
                    tx,
                    actor,
                    "evidence",
                    &key,
                    "provided_by",
                    before.provided_by.as_deref(),
                    p.as_deref().map(str::trim).filter(|n| !n.is_empty()),
                )?;
            }
            if let Some(targets) = &targets {
                for t in before.targets.iter().filter(|t| !targets.contains(t)) {
                    tx.execute(
                        "DELETE FROM evidence_target
                         WHERE evidence_id = ?1 AND target_kind = ?2 AND target_id = ?3",
                        params![id, t.kind(), t.id()],
                    )
                    .map_err(db)?;
                    record(
                        tx,
                        actor,
                        t.kind(),
                        &t.id(),
                        "evidence",
                        Some(&format!("#{id} {}", before.title)),
                        None,
                    )?;
                }
                for t in targets.iter().filter(|t| !before.targets.contains(t)) {
                    tx.execute(
                        "INSERT INTO evidence_target (evidence_id, target_kind, target_id)
                         VALUES (?1, ?2, ?3)",
                        params![id, t.kind(), t.id()],
                    )
                    .map_err(db)?;
                    record(
                        tx,
                        actor,
                        t.kind(),
                        &t.id(),
                        "evidence",
                        None,
                        Some(&format!("#{id} {}", before.title)),
                    )?;
                }
            }
            Ok(())
        })?;
        Ok(self.evidence(id)?)
    }

    /// Removes a piece of evidence and its versions. The history keeps the record of what it
    /// was; stored content that no other evidence uses is deleted with it.
    pub fn remove_evidence(&mut self, id: i64, actor: &str) -> Result<Evidence, EvidenceError> {
        let before = self.evidence(id)?;
        self.write_evidence(|tx| {
            for t in &before.targets {
                record(
                    tx,
                    actor,
                    t.kind(),
                    &t.id(),
                    "evidence",
                    Some(&format!("#{id} {}", before.title)),
                    None,
                )?;
            }
            let what = before.versions.iter().fold(before.title.clone(), |s, v| {
                match (&v.file_name, &v.sha256) {
                    (Some(f), Some(h)) => format!("{s}; v{} {f} sha256 {h}", v.version),
                    _ => s,
                }
            });
            record(
                tx,
                actor,
                "evidence",
                &id.to_string(),
                "removed",
                Some(&what),
                None,
            )?;
            tx.execute("DELETE FROM evidence WHERE id = ?1", [id])
                .map_err(db)?;
            tx.execute(
                "DELETE FROM content WHERE id NOT IN
                     (SELECT content_id FROM evidence_version WHERE content_id IS NOT NULL)",
                [],
            )
            .map_err(db)?;
            Ok(())
        })?;
        Ok(before)
    }

    /// Writes the content of a version (the current one when `version` is `None`) to `dest`:
    /// a file path, or an existing folder where the stored file name is used. Writes to a
    /// temporary file beside the destination and renames it at the end, so an interrupted
    /// export never leaves a partial file under the final name. Returns the path written.
    pub fn export_evidence(
        &self,
        id: i64,
        version: Option<u32>,
        dest: &Path,
    ) -> Result<PathBuf, EvidenceError> {
        let e = self.evidence(id)?;
        let v = match version {
            None => e.current(),
            Some(n) => e
                .versions
                .iter()
                .find(|v| v.version == n)
                .ok_or_else(|| unknown(format!("evidence #{id} has no version {n}")))?,
        };
        let (Some(name), Some(sha)) = (&v.file_name, &v.sha256) else {
            return Err(invalid(format!(
                "evidence #{id} is a {}, not a file; there is nothing to export",
                e.kind
            ))
            .into());
        };
        let target = if dest.is_dir() {
            dest.join(safe_file_name(name))
        } else {
            dest.to_owned()
        };
        if target.exists() {
            return Err(EvidenceError::DestinationExists { path: target });
        }
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let write_err = |source| EvidenceError::Write {
            path: target.clone(),
            source,
        };
        let mut tmp = tempfile::Builder::new()
            .prefix(".annexa-export-")
            .tempfile_in(dir)
            .map_err(write_err)?;
        self.copy_content(sha, tmp.as_file_mut())?;
        tmp.as_file().sync_all().map_err(write_err)?;
        tmp.persist_noclobber(&target)
            .map_err(|e| write_err(e.error))?;
        Ok(target)
    }

    /// Streams the stored bytes of the content with hash `sha256` into `out`, checking them
    /// against the hash on the way.
    pub fn copy_content(&self, sha256: &str, out: &mut dyn Write) -> Result<u64, EvidenceError> {
        let (content_id, size): (i64, i64) = self
            .connection()
            .query_row(
                "SELECT id, size FROM content WHERE sha256 = ?1",
                [sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(db)?
            .ok_or_else(|| unknown(format!("no stored content with SHA-256 {sha256}")))?;
        let mut hasher = Sha256::new();
        let mut written = 0u64;
        self.each_chunk(content_id, &mut |chunk| {
            hasher.update(chunk);
            written += chunk.len() as u64;
            out.write_all(chunk).map_err(|source| EvidenceError::Write {
                path: PathBuf::from("(output)"),
                source,
            })
        })?;
        let actual = hex_digest(&hasher.finalize());
        if actual != sha256 || written != size as u64 {
            return Err(invalid(format!(
                "the stored content {sha256} is damaged (it now reads as {actual}, {written} \
                 bytes); run `annexa evidence verify`"
            ))
            .into());
        }
        Ok(written)
    }

    /// The size and media type of the stored content with hash `sha256` (the media type of
    /// the first file stored with it), or `None` when no such content is stored.
    /// The media type under which some current evidence version holds this content; `None`
    /// when no evidence uses it (content of removed evidence is never served).
    pub fn evidence_media_type(&self, sha256: &str) -> Result<Option<String>, WorkspaceError> {
        self.connection()
            .query_row(
                "SELECT v.media_type FROM content c JOIN evidence_version v ON v.content_id = c.id
                 WHERE c.sha256 = ?1 ORDER BY v.evidence_id, v.version LIMIT 1",
                [sha256],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()
            .map(|m| m.map(|m| m.unwrap_or_else(|| "application/octet-stream".to_owned())))
            .map_err(db)
    }

    pub fn content_info(&self, sha256: &str) -> Result<Option<(u64, String)>, WorkspaceError> {
        self.connection()
            .query_row(
                "SELECT c.size, coalesce(v.media_type, 'application/octet-stream')
                 FROM content c LEFT JOIN evidence_version v ON v.content_id = c.id
                 WHERE c.sha256 = ?1 ORDER BY v.evidence_id, v.version LIMIT 1",
                [sha256],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)),
            )
            .optional()
            .map_err(db)
    }

    /// Calls `f` with each chunk of the content with hash `sha256`, in order; the caller checks
    /// the hash.
    pub(crate) fn each_chunk_of(
        &self,
        sha256: &str,
        f: &mut dyn FnMut(&[u8]) -> Result<(), EvidenceError>,
    ) -> Result<(), EvidenceError> {
        let content_id: i64 = self
            .connection()
            .query_row("SELECT id FROM content WHERE sha256 = ?1", [sha256], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db)?
            .ok_or_else(|| unknown(format!("no stored content with SHA-256 {sha256}")))?;
        self.each_chunk(content_id, f)
    }

    /// Calls `f` with each chunk of a content, in order, holding one chunk in memory at a time.
    fn each_chunk(
        &self,
        content_id: i64,
        f: &mut dyn FnMut(&[u8]) -> Result<(), EvidenceError>,
    ) -> Result<(), EvidenceError> {
        let mut stmt = self
            .connection()
            .prepare_cached("SELECT data FROM content_chunk WHERE content_id = ?1 AND seq = ?2")
            .map_err(db)?;
        let mut seq = 0i64;
        loop {
            let mut rows = stmt.query(params![content_id, seq]).map_err(db)?;
            let Some(row) = rows.next().map_err(db)? else {
                break;
            };
            let data = row.get_ref(0).map_err(db)?.as_blob().map_err(|e| {
                invalid(format!(
                    "stored chunk {seq} of content {content_id} is not bytes: {e}"
                ))
            })?;
            f(data)?;
            seq += 1;
        }
        Ok(())
    }

    /// Re-reads every stored content, recomputes its SHA-256 and size, and names each piece of
    /// evidence whose bytes no longer match.
    pub fn verify_evidence(
        &self,
        on_progress: OnProgress<'_>,
    ) -> Result<VerifyReport, EvidenceError> {
        let contents: Vec<(i64, String, i64)> = {
            let mut stmt = self
                .connection()
                .prepare("SELECT id, sha256, size FROM content ORDER BY id")
                .map_err(db)?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .map_err(db)?
                .collect::<Result<_, _>>()
                .map_err(db)?
        };
        let mut progress = Progress {
            files_done: 0,
            files_total: contents.len() as u64,
            bytes_done: 0,
            bytes_total: contents.iter().map(|c| c.2 as u64).sum(),
            current: String::new(),
        };
        let mut report = VerifyReport::default();
        for (id, sha, size) in contents {
            progress.current = sha.clone();
            let mut hasher = Sha256::new();
            let mut actual_size = 0u64;
            let mut cancelled = false;
            self.each_chunk(id, &mut |chunk| {
                hasher.update(chunk);
                actual_size += chunk.len() as u64;
                progress.bytes_done += chunk.len() as u64;
                cancelled = on_progress(&progress).is_break();
                if cancelled {
                    Err(EvidenceError::Cancelled)
                } else {
                    Ok(())
                }
            })?;
            let actual = hex_digest(&hasher.finalize());
            report.contents += 1;
            report.bytes += actual_size;
            if actual != sha || actual_size != size as u64 {
                report.problems.push(IntegrityProblem {
                    used_by: self.users_of(id)?,
                    sha256: sha,
                    expected_size: size as u64,
                    actual_sha256: actual,
                    actual_size,
                });
            }
            progress.files_done += 1;
        }
        Ok(report)
    }

    fn users_of(&self, content_id: i64) -> Result<Vec<String>, WorkspaceError> {
        let mut stmt = self
            .connection()
            .prepare(
                "SELECT e.id, v.version, e.title, v.file_name FROM evidence_version v
                 JOIN evidence e ON e.id = v.evidence_id
                 WHERE v.content_id = ?1 ORDER BY e.id, v.version",
            )
            .map_err(db)?;
        let rows = stmt
            .query_map([content_id], |r| {
                Ok(format!(
                    "evidence #{} v{} {:?} ({})",
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?
                ))
            })
            .map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)
    }

    /// Evidence that has expired, or expires within `days` days of `today`, soonest first.
    pub fn expiring_evidence(
        &self,
        today: &str,
        days: u32,
    ) -> Result<Vec<Evidence>, WorkspaceError> {
        let horizon: String = self
            .connection()
            .query_row(
                "SELECT date(?1, ?2)",
                params![today, format!("+{days} days")],
                |r| r.get(0),
            )
            .map_err(db)?;
        let mut list: Vec<Evidence> = self
            .evidence_list(None)?
            .into_iter()
            .filter(|e| e.status != EvidenceStatus::Rejected)
            .filter(|e| {
                e.expires_on
                    .as_deref()
                    .is_some_and(|d| d <= horizon.as_str())
            })
            .collect();
        list.sort_by(|a, b| a.expires_on.cmp(&b.expires_on).then(a.id.cmp(&b.id)));
        Ok(list)
    }

    /// Runs `change` as one transaction, with evidence errors passed through untouched.
    fn write_evidence<T>(
        &mut self,
        change: impl FnOnce(&Transaction<'_>) -> Result<T, EvidenceError>,
    ) -> Result<T, EvidenceError> {
        let mut inner = None;
        let result = self.write(|tx| match change(tx) {
            Ok(v) => Ok(v),
            Err(EvidenceError::Workspace(w)) => Err(w),
            Err(other) => {
                inner = Some(other);
                // Any error aborts the transaction; the real one is returned below.
                Err(WorkspaceError::Invalid {
                    message: String::new(),
                })
            }
        });
        match (result, inner) {
            (_, Some(e)) => Err(e),
            (r, None) => Ok(r?),
        }
    }
}

/// How a folder's files are mapped to controls by [`import_plan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportRule {
    /// Each file goes to the control its name or the name of a folder above it starts with:
    /// `A.5.15 Access policy.pdf`, `5.15_access.pdf`, `A.8.13/backup-log.csv`.
    ByName,
    /// Every file goes to these controls and clauses.
    AllTo(Vec<Target>),
}

/// The control a file or folder name starts with (`A.5.15 …`, `a5.15-…`, `5.15_…`), if any.
pub fn control_in_name(name: &str) -> Option<ControlId> {
    let rest = name.trim_start();
    let rest = rest
        .strip_prefix(['A', 'a'])
        .map(|r| r.strip_prefix('.').unwrap_or(r))
        .unwrap_or(rest);
    let end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
        .map_or(rest.len(), |(i, _)| i);
    // "5.15.pdf" scans as "5.15." : a trailing dot belongs to the extension, not the id.
    let token = rest[..end].trim_end_matches('.');
    // The id must end the name or be followed by a separator: "5.1x" is not control 5.1.
    if rest[token.len()..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let id: ControlId = token.parse().ok()?;
    Catalogue::bundled().ok()?.control(id).map(|c| c.id)
}

/// The files of a folder (and its subfolders) to add as evidence under `rule`, in name order.
/// Hidden files are left out. Refuses, naming them, symbolic links and — under
/// [`ImportRule::ByName`] — files that name no control, so nothing is half-imported.
pub fn import_plan(dir: &Path, rule: &ImportRule) -> Result<Vec<FileToAdd>, EvidenceError> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| EvidenceError::unreadable(dir, e))?;
    if !meta.is_dir() {
        return Err(invalid(format!("{} is not a folder", dir.display())).into());
    }
    let mut files = Vec::new();
    let mut stack = vec![(dir.to_owned(), None::<ControlId>)];
    while let Some((folder, inherited)) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&folder)
            .map_err(|e| EvidenceError::unreadable(&folder, e))?
            .collect::<Result<_, _>>()
            .map_err(|e| EvidenceError::unreadable(&folder, e))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return Err(EvidenceError::NotUtf8 { path });
            };
            if name.starts_with('.') {
                continue;
            }
            let kind = entry
                .file_type()
                .map_err(|e| EvidenceError::unreadable(&path, e))?;
            let here = control_in_name(name).or(inherited);
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap_or_default();
                return Err(EvidenceError::Symlink { path, target });
            } else if kind.is_dir() {
                stack.push((path, here));
            } else if kind.is_file() {
                files.push((path, here));
            }
        }
    }
    files.sort();
    let unmatched: Vec<String> = match rule {
        ImportRule::ByName => files
            .iter()
            .filter(|(_, c)| c.is_none())
            .map(|(p, _)| p.strip_prefix(dir).unwrap_or(p).display().to_string())
            .collect(),
        ImportRule::AllTo(_) => Vec::new(),
    };
    if !unmatched.is_empty() {
        let shown = unmatched
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = unmatched.len().saturating_sub(10);
        return Err(invalid(format!(
            "{} file(s) name no control: {shown}{}. Start each file or folder name with a \
             control id (e.g. \"A.5.15 Access policy.pdf\"), or import them all to one control",
            unmatched.len(),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ))
        .into());
    }
    Ok(files
        .into_iter()
        .map(|(path, control)| FileToAdd {
            path,
            targets: match rule {
                ImportRule::ByName => control.map(Target::Control).into_iter().collect(),
                ImportRule::AllTo(t) => t.clone(),
            },
            meta: EvidenceMeta::default(),
        })
        .collect())
}

/// A file name that is safe to create on Windows, macOS and Linux: no separators, no
/// reserved characters or names, no leading dots, at most 120 characters.
/// True when `url` starts with one of `schemes` (ignoring case) and has more after it. It
/// compares bytes, so no input can cut a character in two.
fn has_scheme(url: &str, schemes: &[&str]) -> bool {
    schemes.iter().any(|s| {
        url.len() > s.len() && url.as_bytes()[..s.len()].eq_ignore_ascii_case(s.as_bytes())
    })
}

/// Checks a recorded link again at the moment it is opened, whatever the workspace says: only
/// web and mail addresses go to the desktop's opener. A workspace from elsewhere may hold a
/// `javascript:` or `file:` address planted behind Annexa's back, and a `file:` link would let
/// the opener run a program or a desktop entry; such links are shown, never opened.
pub fn openable_link(url: &str) -> Result<&str, EvidenceError> {
    let url = url.trim();
    if has_scheme(url, &["https://", "http://", "mailto:"])
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        Ok(url)
    } else {
        Err(invalid(format!(
            "Annexa opens only web (http, https) and mail (mailto) links; {:?} is shown but not \
             opened. Copy the address if you trust it.",
            url.chars().take(200).collect::<String>()
        ))
        .into())
    }
}

pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trimmed = cleaned
        .trim()
        .trim_start_matches('.')
        .trim_end_matches(['.', ' ']);
    let mut out: String = if trimmed.is_empty() {
        "evidence".to_owned()
    } else {
        trimmed.to_owned()
    };
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        out.insert(0, '_');
    }
    if out.chars().count() > 120 {
        let ext = Path::new(&out)
            .extension()
            .and_then(|e| e.to_str())
            .filter(|e| e.len() <= 10)
            .map(|e| format!(".{e}"))
            .unwrap_or_default();
        let keep = 120 - ext.chars().count();
        out = out.chars().take(keep).collect::<String>() + &ext;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewWorkspace;

    #[test]
    fn only_web_and_mail_links_are_opened_whatever_the_workspace_holds() {
        for (url, ok) in [
            ("https://intranet.example/policy", true),
            ("HTTP://example.org", true),
            ("mailto:ciso@example.org", true),
            ("file:///home/ana/evil.desktop", false),
            ("javascript:alert(1)", false),
            ("  https://example.org\n\u{1b}[2J", false),
            ("https://", false),
            ("ht€tps://example.org", false),
        ] {
            assert_eq!(openable_link(url).is_ok(), ok, "{url:?}");
        }
    }

    #[test]
    fn a_link_whose_scheme_cuts_a_character_is_refused_not_a_panic() {
        let mut f = fixture();
        let target = [Target::control("A.5.1").expect("t")];
        // Byte 7 and 8 fall inside the euro sign: slicing there by bytes would panic.
        for url in ["abcdef€xyz://x", "ht€ps://example.org", "€€€€€€€€€"] {
            let err =
                f.ws.add_link(url, "", &target, &EvidenceMeta::default(), "T")
                    .expect_err(url);
            assert!(
                err.to_string().contains("not a link Annexa can record"),
                "{err}"
            );
        }
    }

    struct Fixture {
        dir: tempfile::TempDir,
        ws: Workspace,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = Workspace::create(&dir.path().join("w.annexa"), &NewWorkspace::named("W"))
            .expect("create");
        Fixture { dir, ws }
    }

    /// Deterministic bytes that do not compress and differ by seed.
    fn bytes(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    fn file(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, content).expect("write");
        p
    }

    fn add(ws: &mut Workspace, path: &Path, controls: &[&str]) -> Result<i64, EvidenceError> {
        let targets = controls
            .iter()
            .map(|c| Target::control(c).expect("control"))
            .collect();
        ws.add_files(
            &[FileToAdd {
                path: path.to_owned(),
                targets,
                meta: EvidenceMeta::default(),
            }],
            "tester",
            &mut |_| ControlFlow::Continue(()),
        )
        .map(|ids| ids[0])
    }

    fn count(ws: &Workspace, table: &str) -> i64 {
        ws.connection()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("count")
    }

    fn exported(ws: &Workspace, id: i64, dir: &Path) -> Vec<u8> {
        let out = ws
            .export_evidence(id, None, &dir.join(format!("out-{id}")))
            .expect("export");
        std::fs::read(out).expect("read export")
    }

    #[test]
    fn a_multi_chunk_file_is_stored_hashed_and_read_back_byte_for_byte() {
        let mut f = fixture();
        let content = bytes(CHUNK_SIZE * 2 + 12345, 1);
        let path = file(f.dir.path(), "Access policy.pdf", &content);
        let id = add(&mut f.ws, &path, &["A.5.15", "5.18"]).expect("add");
        let e = f.ws.evidence(id).expect("read");
        assert_eq!(e.title, "Access policy");
        assert_eq!(e.kind, EvidenceKind::File);
        assert_eq!(e.status, EvidenceStatus::Draft);
        let v = e.current();
        assert_eq!(v.sha256.as_deref(), Some(sha256_hex(&content).as_str()));
        assert_eq!(v.size, Some(content.len() as u64));
        assert_eq!(v.media_type.as_deref(), Some("application/pdf"));
        assert_eq!(v.added_by, "tester");
        assert_eq!(e.targets.len(), 2);
        assert_eq!(count(&f.ws, "content_chunk"), 3);
        assert_eq!(exported(&f.ws, id, f.dir.path()), content);
        let controls = f.ws.controls().expect("controls");
        let of = |id: &str| {
            controls
                .iter()
                .find(|c| c.id.to_string() == id)
                .expect("c")
                .evidence_count
        };
        assert_eq!((of("5.15"), of("5.18"), of("5.1")), (1, 1, 0));
    }

    #[test]
    fn identical_content_is_stored_once_and_kept_until_its_last_user_goes() {
        let mut f = fixture();
        let content = bytes(300_000, 2);
        let a = file(f.dir.path(), "a.png", &content);
        let b = file(f.dir.path(), "b.png", &content);
        let first = add(&mut f.ws, &a, &["5.1"]).expect("a");
        let second = add(&mut f.ws, &b, &["8.1"]).expect("b");
        assert_eq!(count(&f.ws, "content"), 1);
        assert_eq!(count(&f.ws, "content_chunk"), 1);
        f.ws.remove_evidence(first, "tester").expect("remove");
        assert_eq!(count(&f.ws, "content"), 1, "still used by the second");
        assert_eq!(exported(&f.ws, second, f.dir.path()), content);
        f.ws.remove_evidence(second, "tester").expect("remove");
        assert_eq!(
            (count(&f.ws, "content"), count(&f.ws, "content_chunk")),
            (0, 0)
        );
        let history = f.ws.history(None).expect("history");
        let removed: Vec<_> = history.iter().filter(|h| h.field == "removed").collect();
        assert_eq!(removed.len(), 2);
        assert!(
            removed[0]
                .old_value
                .as_deref()
                .is_some_and(|v| v.contains(&sha256_hex(&content)))
        );
        let err = f.ws.evidence(first).unwrap_err();
        assert!(matches!(err, WorkspaceError::Unknown { .. }), "{err}");
    }

    #[test]
    fn a_new_version_keeps_the_old_one_and_goes_back_to_draft() {
        let mut f = fixture();
        let v1 = file(f.dir.path(), "policy-v1.txt", b"version one");
        let id = add(&mut f.ws, &v1, &["5.1"]).expect("add");
        f.ws.update_evidence(
            id,
            &EvidencePatch {
                status: Some(EvidenceStatus::Approved),
                ..Default::default()
            },
            "tester",
        )
        .expect("approve");
        let v2 = file(f.dir.path(), "policy-v2.txt", b"version two");
        let e =
            f.ws.add_version(id, &v2, None, "tester", &mut |_| ControlFlow::Continue(()))
                .expect("version");
        assert_eq!(e.versions.len(), 2);
        assert_eq!(e.current().file_name.as_deref(), Some("policy-v2.txt"));
        assert_eq!(e.status, EvidenceStatus::Draft);
        let old =
            f.ws.export_evidence(id, Some(1), &f.dir.path().join("old.txt"))
                .expect("v1");
        assert_eq!(std::fs::read(old).expect("read"), b"version one");
        assert_eq!(exported(&f.ws, id, f.dir.path()), b"version two");
    }

    #[test]
    fn links_and_notes_are_evidence_too() {
        let mut f = fixture();
        let targets = [
            Target::control("5.23").expect("c"),
            Target::clause("6.1.2").expect("cl"),
        ];
        let link =
            f.ws.add_link(
                "https://intranet.example/policies/cloud",
                "Cloud policy page",
                &targets,
                &EvidenceMeta {
                    title: Some("Cloud policy".into()),
                    ..Default::default()
                },
                "tester",
            )
            .expect("link");
        let note =
            f.ws.add_note(
                "Walk-through on 3 Nov: badges checked at reception.",
                &[Target::control("7.2").expect("c")],
                &EvidenceMeta::default(),
                "tester",
            )
            .expect("note");
        let by_clause =
            f.ws.evidence_list(Some(&Target::clause("clause 6.1.2").expect("cl")))
                .expect("list");
        assert_eq!(
            by_clause.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![link]
        );
        // Control 5.1 and clause 5.1 are different targets.
        let e = f.ws.evidence(note).expect("note");
        assert_eq!(e.kind, EvidenceKind::Note);
        assert!(e.current().body.contains("badges"));
        for bad in [
            "intranet/policies",
            "ftp://x",
            "https://a b",
            "javascript:alert(1)",
        ] {
            let err =
                f.ws.add_link(bad, "", &targets, &EvidenceMeta::default(), "t")
                    .unwrap_err();
            assert!(err.to_string().contains("not a link"), "{bad}: {err}");
        }
        assert!(Target::clause("11.1").is_err());
        assert!(Target::control("A.9.1").is_err());
    }

    #[test]
    fn expiry_comes_from_the_end_date_or_the_review_interval() {
        let mut f = fixture();
        let t = [Target::control("5.1").expect("c")];
        let fixed =
            f.ws.add_note(
                "a",
                &t,
                &EvidenceMeta {
                    valid_until: Some("2026-12-01".into()),
                    ..Default::default()
                },
                "t",
            )
            .expect("fixed");
        let quarterly =
            f.ws.add_note(
                "b",
                &t,
                &EvidenceMeta {
                    issued_on: Some("2026-06-15".into()),
                    review_interval: Some(ReviewInterval::Quarterly),
                    ..Default::default()
                },
                "t",
            )
            .expect("quarterly");
        let open =
            f.ws.add_note("c", &t, &EvidenceMeta::default(), "t")
                .expect("open");
        assert_eq!(
            f.ws.evidence(fixed).expect("e").expires_on.as_deref(),
            Some("2026-12-01")
        );
        let q = f.ws.evidence(quarterly).expect("e");
        assert_eq!(q.expires_on.as_deref(), Some("2026-09-15"));
        assert_eq!(q.status_on("2026-11-22"), EvidenceStatus::Expired);
        assert_eq!(q.status_on("2026-09-15"), EvidenceStatus::Draft);
        assert_eq!(f.ws.evidence(open).expect("e").expires_on, None);
        let soon: Vec<i64> =
            f.ws.expiring_evidence("2026-11-22", 30)
                .expect("list")
                .iter()
                .map(|e| e.id)
                .collect();
        assert_eq!(soon, vec![quarterly, fixed]);
        let none: Vec<i64> =
            f.ws.expiring_evidence("2026-11-22", 5)
                .expect("list")
                .iter()
                .map(|e| e.id)
                .collect();
        assert_eq!(none, vec![quarterly]);
    }

    #[test]
    fn verify_names_the_evidence_whose_stored_bytes_changed() {
        let mut f = fixture();
        let good = file(f.dir.path(), "good.txt", b"fine");
        let bad = file(
            f.dir.path(),
            "Firewall rules.conf",
            &bytes(CHUNK_SIZE + 10, 3),
        );
        add(&mut f.ws, &good, &["8.20"]).expect("good");
        let id = add(&mut f.ws, &bad, &["8.20"]).expect("bad");
        let clean =
            f.ws.verify_evidence(&mut |_| ControlFlow::Continue(()))
                .expect("verify");
        assert_eq!((clean.contents, clean.problems.len()), (2, 0));
        assert_eq!(clean.bytes, 4 + CHUNK_SIZE as u64 + 10);
        // Overwrite the second chunk behind the core's back, as a damaged disk would.
        f.ws.connection()
            .execute(
                "UPDATE content_chunk SET data = zeroblob(10) WHERE seq = 1
                 AND content_id = (SELECT content_id FROM evidence_version WHERE evidence_id = ?1)",
                [id],
            )
            .expect("corrupt");
        let report =
            f.ws.verify_evidence(&mut |_| ControlFlow::Continue(()))
                .expect("verify");
        assert_eq!(report.problems.len(), 1);
        let p = &report.problems[0];
        assert!(
            p.to_string()
                .contains(&format!("evidence #{id} v1 \"Firewall rules\"")),
            "{p}"
        );
        assert_ne!(p.actual_sha256, p.sha256);
        // Export refuses to hand out damaged bytes.
        let err =
            f.ws.export_evidence(id, None, &f.dir.path().join("x"))
                .unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");
        assert!(!f.dir.path().join("x").exists());
    }

    fn assert_nothing_added(ws: &Workspace) {
        assert_eq!(count(ws, "evidence"), 0);
        assert_eq!(count(ws, "content"), 0);
        assert_eq!(count(ws, "content_chunk"), 0);
        assert_eq!(
            ws.connection()
                .query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
                .expect("check"),
            "ok"
        );
    }

    #[test]
    fn bad_files_are_refused_with_their_name_and_nothing_is_stored() {
        let mut f = fixture();
        let d = f.dir.path().to_owned();
        let ok = file(&d, "ok.txt", b"ok");
        std::fs::create_dir(d.join("folder")).expect("dir");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&ok, d.join("link.txt")).expect("symlink");
        let cases: Vec<(PathBuf, &str)> = vec![
            (d.join("missing.txt"), "cannot read"),
            (d.join("folder"), "is a folder"),
            #[cfg(unix)]
            (d.join("link.txt"), "symbolic link"),
        ];
        for (path, expected) in cases {
            // Each bad file is given together with a good one: the good one is not added either.
            let err =
                f.ws.add_files(
                    &[
                        FileToAdd {
                            path: ok.clone(),
                            targets: vec![Target::control("5.1").expect("c")],
                            meta: EvidenceMeta::default(),
                        },
                        FileToAdd {
                            path: path.clone(),
                            targets: vec![Target::control("5.1").expect("c")],
                            meta: EvidenceMeta::default(),
                        },
                    ],
                    "t",
                    &mut |_| ControlFlow::Continue(()),
                )
                .unwrap_err();
            assert!(
                err.to_string().contains(expected),
                "{}: {err}",
                path.display()
            );
            assert!(
                err.to_string().contains(&path.display().to_string()),
                "{err}"
            );
            assert_nothing_added(&f.ws);
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
            let p = file(&d, "placeholder", b"x");
            let latin1 = d.join(name);
            std::fs::rename(&p, &latin1).expect("rename");
            let err = add(&mut f.ws, &latin1, &["5.1"]).unwrap_err();
            assert!(matches!(err, EvidenceError::NotUtf8 { .. }), "{err}");
            assert_nothing_added(&f.ws);
        }
        let long = "x".repeat(MAX_TITLE_CHARS + 1);
        let err =
            f.ws.add_files(
                &[FileToAdd {
                    path: ok.clone(),
                    targets: vec![Target::control("5.1").expect("c")],
                    meta: EvidenceMeta {
                        title: Some(long),
                        ..Default::default()
                    },
                }],
                "t",
                &mut |_| ControlFlow::Continue(()),
            )
            .unwrap_err();
        assert!(matches!(err, EvidenceError::TitleTooLong { .. }), "{err}");
        let err =
            f.ws.add_files(
                &[FileToAdd {
                    path: ok,
                    targets: vec![],
                    meta: EvidenceMeta::default(),
                }],
                "t",
                &mut |_| ControlFlow::Continue(()),
            )
            .unwrap_err();
        assert!(err.to_string().contains("at least one control"), "{err}");
        assert_nothing_added(&f.ws);
    }

    #[test]
    fn a_file_that_changes_or_vanishes_while_it_is_read_is_not_stored() {
        let mut f = fixture();
        let d = f.dir.path().to_owned();
        // Appended to after the first chunk.
        let growing = file(&d, "growing.log", &bytes(CHUNK_SIZE * 2, 4));
        let g = growing.clone();
        let err =
            f.ws.add_files(
                &[FileToAdd {
                    path: growing.clone(),
                    targets: vec![Target::control("8.15").expect("c")],
                    meta: EvidenceMeta::default(),
                }],
                "t",
                &mut |p| {
                    if p.bytes_done == CHUNK_SIZE as u64 {
                        let mut f = std::fs::OpenOptions::new()
                            .append(true)
                            .open(&g)
                            .expect("open");
                        f.write_all(b"one more line\n").expect("append");
                    }
                    ControlFlow::Continue(())
                },
            )
            .unwrap_err();
        assert!(matches!(err, EvidenceError::Changed { .. }), "{err}");
        assert_nothing_added(&f.ws);
        // Deleted after the first chunk.
        let doomed = file(&d, "doomed.bin", &bytes(CHUNK_SIZE * 2, 5));
        let g = doomed.clone();
        let err =
            f.ws.add_files(
                &[FileToAdd {
                    path: doomed,
                    targets: vec![Target::control("8.15").expect("c")],
                    meta: EvidenceMeta::default(),
                }],
                "t",
                &mut |p| {
                    if p.bytes_done == CHUNK_SIZE as u64 {
                        std::fs::remove_file(&g).expect("remove");
                    }
                    ControlFlow::Continue(())
                },
            )
            .unwrap_err();
        assert!(matches!(err, EvidenceError::Vanished { .. }), "{err}");
        assert_nothing_added(&f.ws);
        // Cancelled by the user half-way.
        let big = file(&d, "big.bin", &bytes(CHUNK_SIZE * 3, 6));
        let err =
            f.ws.add_files(
                &[FileToAdd {
                    path: big,
                    targets: vec![Target::control("8.15").expect("c")],
                    meta: EvidenceMeta::default(),
                }],
                "t",
                &mut |p| {
                    if p.bytes_done > CHUNK_SIZE as u64 {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                },
            )
            .unwrap_err();
        assert!(matches!(err, EvidenceError::Cancelled), "{err}");
        assert_nothing_added(&f.ws);
    }

    #[test]
    fn a_full_disk_stores_nothing_and_says_so() {
        let mut f = fixture();
        let before = f.ws.evidence_list(None).expect("list").len();
        let small = file(f.dir.path(), "small.txt", b"small");
        add(&mut f.ws, &small, &["5.1"]).expect("small fits");
        // SQLite reports a full disk the same way whether the file system or this limit is hit.
        let pages: i64 =
            f.ws.connection()
                .query_row("PRAGMA page_count", [], |r| r.get(0))
                .expect("pages");
        f.ws.connection()
            .query_row(
                &format!("PRAGMA max_page_count = {}", pages + 8),
                [],
                |_| Ok(()),
            )
            .expect("limit");
        let big = file(f.dir.path(), "big.bin", &bytes(CHUNK_SIZE * 2, 7));
        let err = add(&mut f.ws, &big, &["5.1"]).unwrap_err();
        assert!(err.to_string().contains("disk is full"), "{err}");
        assert_eq!(f.ws.evidence_list(None).expect("list").len(), before + 1);
        assert_eq!(count(&f.ws, "content"), 1);
        let report =
            f.ws.verify_evidence(&mut |_| ControlFlow::Continue(()))
                .expect("verify");
        assert!(report.problems.is_empty());
    }

    #[test]
    fn export_never_overwrites_and_never_leaves_a_partial_file() {
        let mut f = fixture();
        let src = file(f.dir.path(), "report.pdf", b"%PDF-1.7 ...");
        let id = add(&mut f.ws, &src, &["5.35"]).expect("add");
        let out = f.dir.path().join("out");
        std::fs::create_dir(&out).expect("dir");
        let written = f.ws.export_evidence(id, None, &out).expect("into folder");
        assert_eq!(written, out.join("report.pdf"));
        let err = f.ws.export_evidence(id, None, &out).unwrap_err();
        assert!(
            matches!(err, EvidenceError::DestinationExists { .. }),
            "{err}"
        );
        let names: Vec<_> = std::fs::read_dir(&out)
            .expect("ls")
            .map(|e| e.expect("e").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("report.pdf")]);
        let note =
            f.ws.add_note(
                "text",
                &[Target::control("5.35").expect("c")],
                &EvidenceMeta::default(),
                "t",
            )
            .expect("note");
        assert!(
            f.ws.export_evidence(note, None, &out.join("n.txt"))
                .unwrap_err()
                .to_string()
                .contains("not a file")
        );
    }

    #[test]
    fn control_ids_in_names() {
        for (name, expected) in [
            ("A.5.15 Access policy.pdf", Some("5.15")),
            ("a5.15-access.pdf", Some("5.15")),
            ("8.13_backup.csv", Some("8.13")),
            ("5.15.pdf", Some("5.15")),
            ("A.8.34", Some("8.34")),
            ("A.8.35 nothing.pdf", None),
            ("5.1x.pdf", None),
            ("2024 report.pdf", None),
            ("Access policy.pdf", None),
        ] {
            assert_eq!(
                control_in_name(name).map(|c| c.to_string()).as_deref(),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn a_folder_is_imported_by_file_and_folder_names_in_one_transaction() {
        let mut f = fixture();
        let root = f.dir.path().join("evidence");
        std::fs::create_dir_all(root.join("A.8.13 Backups/2026")).expect("dirs");
        file(&root, "A.5.15 Access policy.pdf", b"policy");
        file(&root, ".DS_Store", b"junk");
        file(
            &root.join("A.8.13 Backups/2026"),
            "restore-test.log",
            b"restored ok",
        );
        file(
            &root.join("A.8.13 Backups"),
            "A.8.15 shared log.csv",
            b"log",
        );
        let plan = import_plan(&root, &ImportRule::ByName).expect("plan");
        let got: Vec<(String, String)> = plan
            .iter()
            .map(|p| {
                (
                    p.path
                        .file_name()
                        .expect("n")
                        .to_string_lossy()
                        .into_owned(),
                    p.targets[0].to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("A.5.15 Access policy.pdf".into(), "A.5.15".into()),
                ("restore-test.log".into(), "A.8.13".into()),
                ("A.8.15 shared log.csv".into(), "A.8.15".into()),
            ]
        );
        let ids =
            f.ws.add_files(&plan, "t", &mut |_| ControlFlow::Continue(()))
                .expect("import");
        assert_eq!(ids.len(), 3);
        file(&root, "minutes.docx", b"no id");
        let err = import_plan(&root, &ImportRule::ByName).unwrap_err();
        assert!(err.to_string().contains("minutes.docx"), "{err}");
        let all = import_plan(
            &root,
            &ImportRule::AllTo(vec![Target::control("5.1").expect("c")]),
        )
        .expect("plan");
        assert_eq!(all.len(), 4);
        assert!(
            all.iter()
                .all(|p| p.targets == vec![Target::control("5.1").expect("c")])
        );
    }

    #[test]
    fn safe_names() {
        for (input, expected) in [
            ("report.pdf", "report.pdf"),
            ("a/b\\c:d*e?.txt", "a_b_c_d_e_.txt"),
            ("..hidden", "hidden"),
            ("CON.txt", "_CON.txt"),
            ("com1", "_com1"),
            ("   ", "evidence"),
            ("trailing. ", "trailing"),
        ] {
            assert_eq!(safe_file_name(input), expected, "{input}");
        }
        let long = format!("{}.pdf", "é".repeat(200));
        let safe = safe_file_name(&long);
        assert_eq!(safe.chars().count(), 120);
        assert!(safe.ends_with(".pdf"));
    }

    #[test]
    fn updates_and_target_changes_are_in_the_history() {
        let mut f = fixture();
        let src = file(f.dir.path(), "x.txt", b"x");
        let id = add(&mut f.ws, &src, &["5.1"]).expect("add");
        let e =
            f.ws.update_evidence(
                id,
                &EvidencePatch {
                    title: Some("ISMS policy".into()),
                    status: Some(EvidenceStatus::Submitted),
                    provided_by: Some(Some("Dana".into())),
                    targets: Some(vec![Target::control("5.2").expect("c")]),
                    valid_until: Some(Some("2027-01-31".into())),
                    ..Default::default()
                },
                "tester",
            )
            .expect("update");
        assert_eq!(e.title, "ISMS policy");
        assert_eq!(e.provided_by.as_deref(), Some("Dana"));
        assert_eq!(e.targets, vec![Target::control("5.2").expect("c")]);
        let on_51 = f.ws.history(Some("5.1")).expect("h");
        assert!(
            on_51
                .iter()
                .any(|h| h.field == "evidence" && h.new_value.is_none()),
            "{on_51:?}"
        );
        let err =
            f.ws.update_evidence(
                id,
                &EvidencePatch {
                    valid_until: Some(Some("31/01/2027".into())),
                    ..Default::default()
                },
                "t",
            )
            .unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        assert_eq!(
            f.ws.evidence(id).expect("e").valid_until.as_deref(),
            Some("2027-01-31")
        );
    }
}

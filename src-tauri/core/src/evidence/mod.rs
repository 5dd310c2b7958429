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
use unicode_normalization::UnicodeNormalization;

use crate::catalogue::vocabulary::{EvidenceKind, EvidenceStatus, ReviewInterval};
use crate::catalogue::{Catalogue, ControlId};
use crate::store::history::record;
use crate::store::{NOW, check_date, db, hex_digest, invalid, person_id, unknown};
use crate::store::{Workspace, WorkspaceError};

mod content;
mod expiry;
mod import;
mod records;
mod storing;

pub use import::{ImportPlan, ImportRule, LeftOut, control_in_name, import_plan};
pub(crate) use records::{evidence_counts, provided_by_count, reassign_provider};
pub use storing::Imported;

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
    #[error("cannot read {}: {}", path.display(), crate::store::io_reason(source))]
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
    #[error("cannot write {}: {}", path.display(), crate::store::io_reason(source))]
    Write { path: PathBuf, source: io::Error },
    #[error("there is already a file at {}; choose another name", path.display())]
    DestinationExists { path: PathBuf },
    #[error("cancelled: nothing was added")]
    Cancelled,
    /// Stored bytes that no longer match the hash and size recorded when they were stored.
    #[error("{message}")]
    Damaged { message: String },
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

/// One page of a list of evidence, and how long the whole list is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidencePage {
    /// How many items match in all.
    pub total: usize,
    /// The page asked for, newest first.
    pub items: Vec<Evidence>,
}

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
    // Composed (NFC), so that a title typed on macOS and the same title typed elsewhere give
    // the same name, as they would on macOS's disk.
    let cleaned: String = name
        .nfc()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() || crate::text::reorders_or_hides(c) => '_',
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
    if windows_device(&out) {
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
        let stem: String = out.chars().take(keep).collect();
        out = stem.trim_end_matches(['.', ' ']).to_owned() + &ext;
    }
    out
}

/// True when `part` is a name Windows keeps for a device, with or without an extension
/// (`CON`, `aux.txt`, `COM1.pdf`, `CONIN$`): opening it there opens the device, not a file.
pub fn windows_device(part: &str) -> bool {
    let stem = part
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end_matches(' ')
        .to_uppercase();
    let numbered = |prefix: &str| {
        stem.strip_prefix(prefix).is_some_and(|n| {
            let mut chars = n.chars();
            matches!(
                (chars.next(), chars.next()),
                (Some('0'..='9' | '\u{B9}' | '\u{B2}' | '\u{B3}'), None)
            )
        })
    };
    matches!(
        stem.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || numbered("COM")
        || numbered("LPT")
}

#[cfg(test)]
mod tests;

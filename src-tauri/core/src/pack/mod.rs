//! Audit packs: the zip that leaves the building. One export gathers the Statement of
//! Applicability, the gap register, actions, history and every evidence file into a pack that
//! an auditor opens with nothing but an unzip tool and a browser, and that anyone can verify
//! against its manifest.
//!
//! The pack is a pure function of the workspace state and the options: entries are written in a
//! fixed order with timestamps taken from the state, so the same state gives the same bytes.

mod content;
mod format;
mod gather;
mod names;
mod read;
mod render;
mod risks;
mod sign;
mod structure;
mod write;

use std::fmt;
use std::io::{self, BufWriter, Seek, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rusqlite::OptionalExtension;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

pub use format::{
    Manifest, ManifestFile, PACK_FORMAT, PACK_FORMAT_VERSION, PackClause, PackControl, PackData,
    PackDocument, PackEvidence, PackHistory, PackOwnControl, PackReadiness, PackRisk,
    PackRiskMethod, PackSelection, PackSigner,
};
pub use read::{
    PackContents, PackProblem, PackProblemKind, PackVerification, extract_pack_file, open_pack,
    open_pack_trusting, verify_pack, verify_pack_trusting,
};
pub use sign::{
    KeyFiles, KeyInfo, PackSignature, SIGNATURE_ENTRY, SIGNER_ENTRY, SignatureCheck, Signer,
    generate_key, read_public_key,
};
pub use write::is_compressed;

use crate::assessment::ControlAssessment;
use crate::catalogue::vocabulary::{EvidenceKind, EvidenceStatus, Status, Theme};
use crate::catalogue::{Catalogue, ControlId};
use crate::evidence::{Evidence, EvidenceError, OnProgress, Progress, Target, safe_file_name};
use crate::store::db;
use crate::store::{Workspace, WorkspaceError, is_iso_date};

/// The most files one pack holds. A pack with more is refused by `verify` (which allows room
/// for the folder entries that re-zipping adds), so an export never writes one.
pub const MAX_PACK_FILES: u64 = 200_000;

/// What to put in a pack. The default is everything, as it is now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackOptions {
    /// Only controls of these themes; empty means all.
    pub themes: Vec<Theme>,
    /// Only these controls; empty means all (combined with `themes`, both must match).
    pub controls: Vec<ControlId>,
    /// Only evidence whose recorded status is `approved`.
    pub approved_only: bool,
    /// The control assessment frozen in this snapshot instead of the current one.
    pub snapshot: Option<String>,
    /// The pack's creation time (`YYYY-MM-DDTHH:MM:SSZ` or a date); by default the time of
    /// the last change recorded in the workspace (or the snapshot's time).
    pub created: Option<String>,
    /// Replace a file already at the destination.
    pub overwrite: bool,
    /// Sign the manifest with this key (the signature and public key go in the pack).
    pub signer: Option<std::sync::Arc<Signer>>,
}

/// What an export produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackSummary {
    pub path: PathBuf,
    pub files: u64,
    pub evidence_files: u64,
    /// Bytes of the pack's files before compression.
    pub content_bytes: u64,
    /// Size of the zip.
    pub pack_bytes: u64,
    pub created: String,
    /// SHA-256 of `manifest.json`: send it apart from the pack so the receiver can check that
    /// the manifest itself is the one that was sent.
    pub fingerprint: String,
}

/// Why an audit pack could not be written, read or verified.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    Evidence(#[from] EvidenceError),
    #[error("there is already a file at {}; choose another name or allow replacing it", path.display())]
    DestinationExists { path: PathBuf },
    #[error("could not write {}: {}", path.display(), crate::store::io_reason(source))]
    Write { path: PathBuf, source: io::Error },
    #[error("could not read {}: {}", path.display(), crate::store::io_reason(source))]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{} is not a zip file, or it is truncated ({detail})", path.display())]
    NotAZip { path: PathBuf, detail: String },
    #[error("{} is not an Annexa audit pack: {reason}", path.display())]
    NotAPack { path: PathBuf, reason: String },
    #[error("{} is refused as unsafe: {reason}; nothing was extracted", path.display())]
    Unsafe { path: PathBuf, reason: String },
    #[error("{} is not in the audit pack {}", entry, path.display())]
    NoSuchFile { path: PathBuf, entry: String },
    #[error("stopped; no pack was written")]
    Cancelled,
    #[error("cannot use the key {}: {reason}", path.display())]
    Key { path: PathBuf, reason: String },
}

/// Something an auditor will flag, found before export. Findings warn; they never block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Finding {
    pub kind: FindingKind,
    /// What it is about, typed: `control:A.5.1`, `evidence:12`, `document:risk-treatment-plan`,
    /// `history:chain`, `risk:R-001`, `method:risks`.
    pub subject: String,
    pub message: String,
}

/// The kinds of pre-export findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Undecided,
    NoOwner,
    NoEvidence,
    NoJustification,
    ExpiredEvidence,
    MissingDocument,
    HistoryBroken,
    /// What the risk register lacks (`annexa report`'s `risk_findings`).
    RiskRegister,
}

impl FindingKind {
    /// What findings of this kind have in common, for a summary line.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Undecided => "controls whose applicability is not decided",
            FindingKind::NoOwner => "applicable controls without an owner",
            FindingKind::NoEvidence => "applicable controls without evidence",
            FindingKind::NoJustification => "exclusions without a justification",
            FindingKind::ExpiredEvidence => "pieces of evidence that have expired",
            FindingKind::MissingDocument => "mandatory documents missing",
            FindingKind::HistoryBroken => "breaks in the history's hash chain",
            FindingKind::RiskRegister => "findings on the risk register",
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

/// One file of the pack before it is written.
enum Entry {
    Generated {
        path: String,
        bytes: Vec<u8>,
    },
    Stored {
        path: String,
        sha256: String,
        size: u64,
    },
}

impl Entry {
    fn path(&self) -> &str {
        match self {
            Entry::Generated { path, .. } | Entry::Stored { path, .. } => path,
        }
    }
}

/// Everything a pack holds, gathered from the workspace in one read.
struct Gathered {
    data: PackData,
    actions: Vec<crate::assessment::Action>,
    history: Vec<crate::store::history::HistoryEntry>,
    /// Each history row's recorded hash and whether it matches, by id, over the whole history.
    chain: std::collections::HashMap<i64, (Option<String>, bool)>,
    controls: Vec<ControlAssessment>,
    today: String,
    /// The charts of `index.html`, as the window's dashboard draws them.
    charts: Vec<crate::charts::Chart>,
    /// The risk heat maps, now and residual (none when the pack holds no risk).
    risk_charts: Vec<crate::charts::Chart>,
    /// What the risk register lacks (none in a pack of a snapshot).
    risk_findings: Vec<crate::risks::RiskFinding>,
}

#[cfg(test)]
mod tests;

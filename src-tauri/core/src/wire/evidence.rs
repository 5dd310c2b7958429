//! Evidence as it crosses to the window and leaves as JSON, and the progress of long work.

use super::*;

/// One version of a piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EvidenceVersionView {
    pub version: u32,
    pub sha256: Option<String>,
    #[ts(type = "number | null")]
    pub size: Option<u64>,
    pub file_name: Option<String>,
    pub media_type: Option<String>,
    pub url: Option<String>,
    pub body: String,
    pub added_at: String,
    pub added_by: String,
}

/// A page of evidence and how many items match in all (the window asks for a page at a time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EvidencePageView {
    pub total: u32,
    pub items: Vec<EvidenceView>,
}

/// A piece of evidence as `annexa evidence list --format json` prints it and the window
/// shows it. The file fields (`sha256`, `size`, `file_name`, …) are those of the current
/// version; `status` is the one to show today (`expired` once past `expires_on`), and
/// `recorded_status` the one last set by a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EvidenceView {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub kind: EvidenceKind,
    pub description: String,
    pub sha256: Option<String>,
    #[ts(type = "number | null")]
    pub size: Option<u64>,
    pub file_name: Option<String>,
    pub media_type: Option<String>,
    pub url: Option<String>,
    pub body: String,
    /// Annex A controls it proves, as `5.1`.
    pub controls: Vec<String>,
    /// Clauses it proves, as `6.1.2`.
    pub clauses: Vec<String>,
    pub issued_on: Option<String>,
    pub valid_until: Option<String>,
    pub review_interval: Option<ReviewInterval>,
    pub expires_on: Option<String>,
    pub expired: bool,
    pub status: EvidenceStatus,
    pub recorded_status: EvidenceStatus,
    pub provided_by: Option<String>,
    pub version: u32,
    pub versions: Vec<EvidenceVersionView>,
    pub created_at: String,
    pub updated_at: String,
}

impl EvidenceView {
    pub fn new(e: &Evidence, today: &str) -> Self {
        let current = e.current();
        let mut controls = Vec::new();
        let mut clauses = Vec::new();
        for t in &e.targets {
            match t {
                Target::Control(c) => controls.push(c.prefixed()),
                Target::Clause(c) => clauses.push(c.clone()),
            }
        }
        EvidenceView {
            id: e.id,
            title: e.title.clone(),
            kind: e.kind,
            description: e.description.clone(),
            sha256: current.sha256.clone(),
            size: current.size,
            file_name: current.file_name.clone(),
            media_type: current.media_type.clone(),
            url: current.url.clone(),
            body: current.body.clone(),
            controls,
            clauses,
            issued_on: e.issued_on.clone(),
            valid_until: e.valid_until.clone(),
            review_interval: e.review_interval,
            expires_on: e.expires_on.clone(),
            expired: e.is_expired(today),
            status: e.status_on(today),
            recorded_status: e.status,
            provided_by: e.provided_by.clone(),
            version: current.version,
            versions: e
                .versions
                .iter()
                .map(|v| EvidenceVersionView {
                    version: v.version,
                    sha256: v.sha256.clone(),
                    size: v.size,
                    file_name: v.file_name.clone(),
                    media_type: v.media_type.clone(),
                    url: v.url.clone(),
                    body: v.body.clone(),
                    added_at: timestamp(&v.added_at),
                    added_by: v.added_by.clone(),
                })
                .collect(),
            created_at: timestamp(&e.created_at),
            updated_at: timestamp(&e.updated_at),
        }
    }
}

/// What a folder import stored, and what it skipped because it was already there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportView {
    pub added: Vec<EvidenceView>,
    pub skipped: Vec<SkippedFileView>,
    /// What the folder holds that was not imported (hidden files, named pipes, devices).
    pub left_out: Vec<LeftOutView>,
}

/// Something in an imported folder that was not imported, and why in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LeftOutView {
    pub path: String,
    pub reason: String,
}

/// A file an import left out: its content already proves the same things as `evidence`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SkippedFileView {
    pub path: String,
    #[ts(type = "number")]
    pub evidence: i64,
}

/// The descriptive fields of evidence as the window sends them when adding or editing.
/// Blank strings mean "none".
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
pub struct EvidenceInputView {
    pub title: String,
    pub description: String,
    pub issued_on: String,
    pub valid_until: String,
    pub review_interval: Option<ReviewInterval>,
    pub provided_by: String,
    pub status: Option<EvidenceStatus>,
    pub controls: Vec<String>,
    pub clauses: Vec<String>,
}

fn blank(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl EvidenceInputView {
    /// The controls and clauses, checked against the catalogue.
    pub fn targets(&self) -> Result<Vec<Target>, WorkspaceError> {
        let mut t = Vec::new();
        for c in &self.controls {
            t.push(Target::control(c)?);
        }
        for c in &self.clauses {
            t.push(Target::clause(c)?);
        }
        Ok(t)
    }

    pub fn meta(&self) -> EvidenceMeta {
        EvidenceMeta {
            title: blank(&self.title),
            description: self.description.trim().to_owned(),
            issued_on: blank(&self.issued_on),
            valid_until: blank(&self.valid_until),
            review_interval: self.review_interval,
            provided_by: blank(&self.provided_by),
            status: self.status,
        }
    }

    /// Every field as a change, for the window's edit form (which always sends them all).
    pub fn patch(&self) -> Result<EvidencePatch, WorkspaceError> {
        Ok(EvidencePatch {
            title: Some(self.title.clone()),
            description: Some(self.description.clone()),
            issued_on: Some(blank(&self.issued_on)),
            valid_until: Some(blank(&self.valid_until)),
            review_interval: Some(self.review_interval),
            provided_by: Some(blank(&self.provided_by)),
            status: self.status,
            targets: Some(self.targets()?),
        })
    }
}

/// How far a long operation has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProgressView {
    #[ts(type = "number")]
    pub files_done: u64,
    #[ts(type = "number")]
    pub files_total: u64,
    #[ts(type = "number")]
    pub bytes_done: u64,
    #[ts(type = "number")]
    pub bytes_total: u64,
    pub current: String,
}

impl From<&Progress> for ProgressView {
    fn from(p: &Progress) -> Self {
        ProgressView {
            files_done: p.files_done,
            files_total: p.files_total,
            bytes_done: p.bytes_done,
            bytes_total: p.bytes_total,
            current: p.current.clone(),
        }
    }
}

/// What `annexa evidence verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VerifyView {
    pub ok: bool,
    #[ts(type = "number")]
    pub contents: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    pub problems: Vec<IntegrityProblemView>,
}

/// One stored content whose bytes no longer match its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IntegrityProblemView {
    pub sha256: String,
    #[ts(type = "number")]
    pub expected_size: u64,
    pub actual_sha256: String,
    #[ts(type = "number")]
    pub actual_size: u64,
    pub used_by: Vec<String>,
    pub message: String,
}

impl From<&VerifyReport> for VerifyView {
    fn from(r: &VerifyReport) -> Self {
        VerifyView {
            ok: r.problems.is_empty(),
            contents: r.contents,
            bytes: r.bytes,
            problems: r
                .problems
                .iter()
                .map(|p| IntegrityProblemView {
                    sha256: p.sha256.clone(),
                    expected_size: p.expected_size,
                    actual_sha256: p.actual_sha256.clone(),
                    actual_size: p.actual_size,
                    used_by: p.used_by.clone(),
                    message: p.to_string(),
                })
                .collect(),
        }
    }
}

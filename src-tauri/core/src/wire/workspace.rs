//! The open workspace, creating one, choosing paths and the history's chain, as they cross
//! to the window.

use super::*;

/// The open workspace, as the window's header shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkspaceSummary {
    pub path: String,
    pub organisation: String,
    pub scope: String,
    pub target_date: Option<String>,
    pub created_at: String,
    pub catalogue_version: String,
    pub schema_version: i32,
    /// Whether the history's hash chain is intact; the window warns when it is not.
    pub history: HistoryCheckView,
}

/// The result of re-checking the history's hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HistoryCheckView {
    pub intact: bool,
    #[ts(type = "number")]
    pub rows: u64,
    /// Ids of the first rows whose hash does not match (at most 20).
    #[ts(type = "number[]")]
    pub broken: Vec<i64>,
    #[ts(type = "number")]
    pub broken_count: u64,
    /// The newest row's hash, a fingerprint of the whole history.
    pub head: Option<String>,
    /// The result in one sentence.
    pub message: String,
}

impl From<&crate::store::history::HistoryCheck> for HistoryCheckView {
    fn from(c: &crate::store::history::HistoryCheck) -> Self {
        HistoryCheckView {
            intact: c.intact(),
            rows: c.rows,
            broken: c.broken.clone(),
            broken_count: c.broken_count,
            head: c.head.clone(),
            message: c.describe(),
        }
    }
}

/// A recently opened workspace on the start screen; `problem` says why it cannot be read
/// (moved, deleted, damaged), and then the figures are absent.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RecentWorkspaceView {
    pub path: String,
    pub organisation: Option<String>,
    pub last_change: Option<String>,
    /// Readiness 0 to 1, undecided controls counting as not ready.
    pub score: Option<f64>,
    pub decided: Option<u32>,
    pub controls: Option<u32>,
    pub problem: Option<String>,
}

impl RecentWorkspaceView {
    /// Reads `path` for the start screen; a file that cannot be opened is listed with why.
    pub fn read(path: &str) -> Self {
        let glance = Workspace::open(std::path::Path::new(path)).and_then(|ws| ws.glance());
        match glance {
            Ok(g) => RecentWorkspaceView {
                path: path.to_owned(),
                organisation: Some(g.organisation),
                last_change: g.last_change.as_deref().map(timestamp),
                score: Some(g.readiness.score),
                decided: Some(g.decided),
                controls: Some(g.controls),
                problem: None,
            },
            Err(e) => RecentWorkspaceView {
                path: path.to_owned(),
                organisation: None,
                last_change: None,
                score: None,
                decided: None,
                controls: None,
                problem: Some(crate::ErrorPayload::from(e).message),
            },
        }
    }
}

/// One history entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HistoryView {
    pub at: String,
    pub actor: String,
    /// What changed, typed: `control:A.5.1`, `clause:5.1`, `action:3`, `evidence:3`,
    /// `person:Ana Silva`, `snapshot:Baseline`, `document:risk-treatment-plan`.
    pub subject: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

impl From<&HistoryEntry> for HistoryView {
    fn from(h: &HistoryEntry) -> Self {
        HistoryView {
            at: timestamp(&h.at),
            actor: h.actor.clone(),
            subject: h.subject(),
            field: h.field.clone(),
            old_value: h.old_value.clone(),
            new_value: h.new_value.clone(),
        }
    }
}

/// A new workspace as the window creates one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct NewWorkspaceView {
    pub path: String,
    pub organisation: String,
    pub scope: String,
    pub target_date: Option<String>,
}

/// What the window wants a path for. The shell opens the matching OS dialog and remembers
/// what the user chose; commands that read or write a file accept only such paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PathPurpose {
    /// An existing workspace to open.
    OpenWorkspace,
    /// Where to create a new workspace.
    CreateWorkspace,
    /// Files to store as evidence (several).
    EvidenceFiles,
    /// One file: a new version of an evidence item.
    EvidenceFile,
    /// A folder whose files become evidence.
    EvidenceFolder,
    /// Where to save a copy of a stored file.
    ExportFile,
    /// Where to write an audit pack.
    WritePack,
    /// Where to save the board report (PDF).
    WriteReport,
    /// A received audit pack to verify and read.
    OpenPack,
}

/// A request for a path: the dialog opens at `typed` (a path the user typed, to confirm) or
/// in `folder` (when given) suggesting `suggested` as the file name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct PathRequestView {
    pub purpose: PathPurpose,
    pub typed: Option<String>,
    pub suggested: Option<String>,
    pub folder: Option<String>,
}

impl WorkspaceSummary {
    pub fn of(ws: &Workspace) -> Result<Self, WorkspaceError> {
        let Organisation {
            name,
            scope,
            target_date,
            created_at,
            catalogue_version,
        } = ws.organisation()?;
        Ok(WorkspaceSummary {
            path: ws.path().display().to_string(),
            organisation: name,
            scope,
            target_date,
            created_at: timestamp(&created_at),
            catalogue_version,
            schema_version: i32::try_from(ws.schema_version()?).unwrap_or(i32::MAX),
            history: HistoryCheckView::from(&ws.verify_history()?),
        })
    }
}

/// What compacting a workspace did (`annexa compact`, the Workspaces view's "Compact").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CompactView {
    pub path: String,
    /// The file's size before and after, in bytes.
    #[ts(type = "number")]
    pub before: u64,
    #[ts(type = "number")]
    pub after: u64,
}

impl CompactView {
    pub fn new(ws: &Workspace, c: &crate::store::Compacted) -> Self {
        CompactView {
            path: ws.path().display().to_string(),
            before: c.before,
            after: c.after,
        }
    }
}

//! The types that leave the core: the window's IPC payloads and the CLI's JSON output.
//!
//! They live in one module so that the boundary is visible in one place and changes to it are
//! deliberate. Their TypeScript declarations are generated into `ui/src/lib/bindings.ts`; the
//! test at the bottom regenerates them and fails when the checked-in file differs.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::assessment::{
    Action, ControlAssessment, ControlChange, Person, Readiness, Report, Snapshot,
};
use crate::catalogue::vocabulary::{
    ActionStatus, EvidenceKind, EvidenceStatus, Priority, Reason, ReviewInterval, Status,
};
use crate::evidence::{Evidence, EvidenceMeta, EvidencePatch, Progress, Target, VerifyReport};
use crate::store::history::HistoryEntry;

use crate::catalogue::vocabulary::{
    ControlType, CybersecurityConcept, OperationalCapability, Party, SecurityDomain,
    SecurityProperty, Theme,
};
use crate::catalogue::{Catalogue, Clause, Control, Control2013, RequiredDocument};
use crate::store::{Organisation, Workspace, WorkspaceError};

/// The five ISO/IEC 27002:2022 attributes of a control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AttributesView {
    pub control_type: Vec<ControlType>,
    pub information_security_properties: Vec<SecurityProperty>,
    pub cybersecurity_concepts: Vec<CybersecurityConcept>,
    pub operational_capabilities: Vec<OperationalCapability>,
    pub security_domains: Vec<SecurityDomain>,
}

/// An Annex A control as the window and `annexa catalogue --format json` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ControlView {
    /// `5.1` … `8.34`, without the `A.` prefix.
    pub id: String,
    pub theme: Theme,
    pub title: String,
    pub attributes: AttributesView,
    pub summary: String,
    pub guidance: String,
    pub typical_evidence: Vec<String>,
    pub responsible: Vec<Party>,
    pub new_in_2022: bool,
    /// The ISO/IEC 27001:2013 controls this one replaces, e.g. `A.12.4.1`.
    pub ids_2013: Vec<String>,
}

/// A required piece of documented information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DocumentView {
    pub id: String,
    pub title: String,
    pub clause: String,
    pub description: String,
}

/// A clause or subclause of clauses 4 to 10.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ClauseView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub amendment_2024: Option<String>,
    pub documents: Vec<DocumentView>,
}

/// One ISO/IEC 27001:2013 control and its 2022 successors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Mapping2013View {
    pub id_2013: String,
    pub title_2013: String,
    pub ids_2022: Vec<String>,
}

/// The whole bundled catalogue, as the window loads it once at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CatalogueView {
    /// E.g. `iso27001-2022@1`.
    pub version: String,
    pub title: String,
    pub controls: Vec<ControlView>,
    pub clauses: Vec<ClauseView>,
    pub mapping_2013: Vec<Mapping2013View>,
}

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

impl From<&Control> for ControlView {
    fn from(c: &Control) -> Self {
        ControlView {
            id: c.id.to_string(),
            theme: c.theme,
            title: c.title.clone(),
            attributes: AttributesView {
                control_type: c.attributes.control_type.clone(),
                information_security_properties: c
                    .attributes
                    .information_security_properties
                    .clone(),
                cybersecurity_concepts: c.attributes.cybersecurity_concepts.clone(),
                operational_capabilities: c.attributes.operational_capabilities.clone(),
                security_domains: c.attributes.security_domains.clone(),
            },
            summary: c.summary.clone(),
            guidance: c.guidance.clone(),
            typical_evidence: c.typical_evidence.clone(),
            responsible: c.responsible.clone(),
            new_in_2022: c.new_in_2022,
            ids_2013: c.ids_2013.clone(),
        }
    }
}

impl From<&RequiredDocument> for DocumentView {
    fn from(d: &RequiredDocument) -> Self {
        DocumentView {
            id: d.id.clone(),
            title: d.title.clone(),
            clause: d.clause.clone(),
            description: d.description.clone(),
        }
    }
}

impl ClauseView {
    pub fn new(clause: &Clause, catalogue: &Catalogue) -> Self {
        ClauseView {
            id: clause.id.clone(),
            title: clause.title.clone(),
            summary: clause.summary.clone(),
            amendment_2024: clause.amendment_2024.clone(),
            documents: catalogue
                .documents
                .iter()
                .filter(|d| clause.documents.contains(&d.id))
                .map(DocumentView::from)
                .collect(),
        }
    }
}

impl From<&Control2013> for Mapping2013View {
    fn from(m: &Control2013) -> Self {
        Mapping2013View {
            id_2013: m.id.clone(),
            title_2013: m.title.clone(),
            ids_2022: m.ids_2022.iter().map(ToString::to_string).collect(),
        }
    }
}

impl From<&Catalogue> for CatalogueView {
    fn from(c: &Catalogue) -> Self {
        CatalogueView {
            version: c.version.clone(),
            title: c.title.clone(),
            controls: c.controls.iter().map(ControlView::from).collect(),
            clauses: c.clauses.iter().map(|cl| ClauseView::new(cl, c)).collect(),
            mapping_2013: c.mapping_2013.iter().map(Mapping2013View::from).collect(),
        }
    }
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
            created_at,
            catalogue_version,
            schema_version: i32::try_from(ws.schema_version()?).unwrap_or(i32::MAX),
            history: HistoryCheckView::from(&ws.verify_history()?),
        })
    }
}

/// One control's assessment, as `annexa controls --format json` prints it, the window edits
/// it, and a snapshot stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ControlStateView {
    pub id: String,
    pub title: String,
    pub theme: Theme,
    /// `true` applicable, `false` excluded, `null` not decided yet.
    pub applicable: Option<bool>,
    pub justification: String,
    pub reasons: Vec<Reason>,
    pub status: Status,
    pub maturity: Option<u8>,
    pub owner: Option<String>,
    pub contributors: Vec<String>,
    pub target_date: Option<String>,
    pub priority: Option<Priority>,
    pub current_state: String,
    pub gap: String,
    pub updated_at: Option<String>,
    pub evidence_count: u32,
}

impl From<&ControlAssessment> for ControlStateView {
    fn from(c: &ControlAssessment) -> Self {
        let control = Catalogue::bundled().ok().and_then(|cat| cat.control(c.id));
        ControlStateView {
            id: c.id.to_string(),
            title: control.map(|k| k.title.clone()).unwrap_or_default(),
            theme: c.id.theme().unwrap_or(Theme::Organizational),
            applicable: c.applicable,
            justification: c.justification.clone(),
            reasons: c.reasons.clone(),
            status: c.status,
            maturity: c.maturity,
            owner: c.owner.clone(),
            contributors: c.contributors.clone(),
            target_date: c.target_date.clone(),
            priority: c.priority,
            current_state: c.current_state.clone(),
            gap: c.gap.clone(),
            updated_at: c.updated_at.clone(),
            evidence_count: c.evidence_count,
        }
    }
}

/// A person of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PersonView {
    pub name: String,
    pub role: String,
    pub department: Option<Party>,
    pub email: String,
}

impl From<&Person> for PersonView {
    fn from(p: &Person) -> Self {
        PersonView {
            name: p.name.clone(),
            role: p.role.clone(),
            department: p.department,
            email: p.email.clone(),
        }
    }
}

/// An action of the risk treatment plan, with whether it is late today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ActionView {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub controls: Vec<String>,
    pub assignee: Option<String>,
    pub due_date: Option<String>,
    pub status: ActionStatus,
    pub late: bool,
    pub created_at: String,
}

impl ActionView {
    pub fn new(a: &Action, today: &str) -> Self {
        ActionView {
            id: a.id,
            title: a.title.clone(),
            controls: a.controls.iter().map(ToString::to_string).collect(),
            assignee: a.assignee.clone(),
            due_date: a.due_date.clone(),
            status: a.status,
            late: a.is_late(today),
            created_at: a.created_at.clone(),
        }
    }
}

/// One history entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HistoryView {
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

impl From<&HistoryEntry> for HistoryView {
    fn from(h: &HistoryEntry) -> Self {
        HistoryView {
            at: h.at.clone(),
            actor: h.actor.clone(),
            entity: h.entity.clone(),
            entity_id: h.entity_id.clone(),
            field: h.field.clone(),
            old_value: h.old_value.clone(),
            new_value: h.new_value.clone(),
        }
    }
}

/// Readiness of a group of controls; `score` is 0 to 1 (partial counts half).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReadinessView {
    pub label: String,
    pub applicable: u32,
    pub implemented: u32,
    pub partially_implemented: u32,
    pub score: f64,
}

impl ReadinessView {
    fn new(label: impl Into<String>, r: &Readiness) -> Self {
        ReadinessView {
            label: label.into(),
            applicable: r.applicable,
            implemented: r.implemented,
            partially_implemented: r.partially_implemented,
            score: r.score,
        }
    }
}

/// The report: readiness, Statement of Applicability completeness, late and unowned work.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReportView {
    pub today: String,
    pub readiness: ReadinessView,
    pub by_theme: Vec<ReadinessView>,
    pub by_owner: Vec<ReadinessView>,
    pub soa_controls: u32,
    pub soa_decided: u32,
    pub soa_excluded: u32,
    pub soa_excluded_without_justification: u32,
    pub late_controls: Vec<String>,
    pub unowned_applicable_controls: Vec<String>,
    pub late_actions: Vec<ActionView>,
    pub missing_documents: Vec<String>,
    /// Evidence already expired or expiring within `expiry_window_days`, soonest first.
    pub expiring_evidence: Vec<EvidenceView>,
    pub expiry_window_days: u32,
}

impl From<&Report> for ReportView {
    fn from(r: &Report) -> Self {
        ReportView {
            today: r.today.clone(),
            readiness: ReadinessView::new("overall", &r.overall),
            by_theme: r
                .by_theme
                .iter()
                .map(|(t, x)| ReadinessView::new(t.as_str(), x))
                .collect(),
            by_owner: r
                .by_owner
                .iter()
                .map(|(o, x)| ReadinessView::new(o.clone(), x))
                .collect(),
            soa_controls: r.soa.controls,
            soa_decided: r.soa.decided,
            soa_excluded: r.soa.excluded,
            soa_excluded_without_justification: r.soa.excluded_without_justification,
            late_controls: r.late_controls.iter().map(ToString::to_string).collect(),
            unowned_applicable_controls: r
                .unowned_applicable
                .iter()
                .map(ToString::to_string)
                .collect(),
            late_actions: r
                .late_actions
                .iter()
                .map(|a| ActionView::new(a, &r.today))
                .collect(),
            missing_documents: r.missing_documents.clone(),
            expiring_evidence: r
                .expiring_evidence
                .iter()
                .map(|e| EvidenceView::new(e, &r.today))
                .collect(),
            expiry_window_days: r.expiry_window_days,
        }
    }
}

/// A named snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SnapshotView {
    pub name: String,
    pub taken_at: String,
    pub actor: String,
}

impl From<&Snapshot> for SnapshotView {
    fn from(s: &Snapshot) -> Self {
        SnapshotView {
            name: s.name.clone(),
            taken_at: s.taken_at.clone(),
            actor: s.actor.clone(),
        }
    }
}

/// One difference between two assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChangeView {
    pub id: String,
    pub field: String,
    pub before: String,
    pub after: String,
    pub regression: bool,
}

impl From<&ControlChange> for ChangeView {
    fn from(c: &ControlChange) -> Self {
        ChangeView {
            id: c.id.to_string(),
            field: c.field.to_owned(),
            before: c.before.clone(),
            after: c.after.clone(),
            regression: c.regression,
        }
    }
}

/// One field of a control, as the window edits it in place. A change is a list of these,
/// applied together in one transaction (e.g. excluding a control together with its
/// justification).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum ControlEdit {
    Applicable(Option<bool>),
    Justification(String),
    Reasons(Vec<Reason>),
    Status(Status),
    Maturity(Option<u8>),
    Owner(Option<String>),
    Contributors(Vec<String>),
    TargetDate(Option<String>),
    Priority(Option<Priority>),
    CurrentState(String),
    Gap(String),
}

/// Folds the window's edits into one core patch.
pub fn control_patch(edits: &[ControlEdit]) -> crate::assessment::ControlPatch {
    let mut p = crate::assessment::ControlPatch::default();
    let blank = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    for edit in edits {
        match edit {
            ControlEdit::Applicable(a) => p.applicable = Some(*a),
            ControlEdit::Justification(j) => p.justification = Some(j.clone()),
            ControlEdit::Reasons(r) => p.reasons = Some(r.clone()),
            ControlEdit::Status(s) => p.status = Some(*s),
            ControlEdit::Maturity(m) => p.maturity = Some(*m),
            ControlEdit::Owner(o) => p.owner = Some(blank(o)),
            ControlEdit::Contributors(c) => p.contributors = Some(c.clone()),
            ControlEdit::TargetDate(d) => p.target_date = Some(blank(d)),
            ControlEdit::Priority(x) => p.priority = Some(*x),
            ControlEdit::CurrentState(c) => p.current_state = Some(c.clone()),
            ControlEdit::Gap(g) => p.gap = Some(g.clone()),
        }
    }
    p
}

/// A person as the window adds one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct PersonInputView {
    pub name: String,
    pub role: String,
    pub department: Option<Party>,
    pub email: String,
}

/// An action as the window adds or changes one; absent fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
pub struct ActionInputView {
    #[ts(optional)]
    pub title: Option<String>,
    #[ts(optional)]
    pub controls: Option<Vec<String>>,
    #[ts(optional)]
    pub assignee: Option<String>,
    #[ts(optional)]
    pub due_date: Option<String>,
    #[ts(optional)]
    pub status: Option<ActionStatus>,
}

impl ActionInputView {
    pub fn patch(&self) -> crate::assessment::ActionPatch {
        let blank = |s: &Option<String>| {
            s.as_ref()
                .map(|v| Some(v.trim().to_owned()).filter(|v| !v.is_empty()))
        };
        crate::assessment::ActionPatch {
            title: self.title.clone(),
            controls: self.controls.clone(),
            assignee: blank(&self.assignee),
            due_date: blank(&self.due_date),
            status: self.status,
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
    /// A received audit pack to verify and read.
    OpenPack,
}

/// A request for a path: the dialog opens at `typed` (a path the user typed, to confirm) or
/// suggests `suggested` as the file name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct PathRequestView {
    pub purpose: PathPurpose,
    pub typed: Option<String>,
    pub suggested: Option<String>,
}

/// One clause's assessment with its required documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ClauseStateView {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub owner: Option<String>,
    pub notes: String,
    pub documents: Vec<DocumentStateView>,
}

/// Whether a required document exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DocumentStateView {
    pub id: String,
    pub title: String,
    pub present: bool,
}

impl From<&crate::assessment::ClauseAssessment> for ClauseStateView {
    fn from(c: &crate::assessment::ClauseAssessment) -> Self {
        let catalogue = Catalogue::bundled().ok();
        let title = catalogue
            .and_then(|cat| cat.clauses.iter().find(|k| k.id == c.id))
            .map(|k| k.title.clone())
            .unwrap_or_default();
        ClauseStateView {
            id: c.id.clone(),
            title,
            status: c.status,
            owner: c.owner.clone(),
            notes: c.notes.clone(),
            documents: c
                .documents
                .iter()
                .map(|(id, present)| DocumentStateView {
                    id: id.clone(),
                    title: catalogue
                        .and_then(|cat| cat.documents.iter().find(|d| &d.id == id))
                        .map(|d| d.title.clone())
                        .unwrap_or_default(),
                    present: *present,
                })
                .collect(),
        }
    }
}

/// A change to a clause from the window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
pub struct ClauseInputView {
    #[ts(optional)]
    pub status: Option<Status>,
    /// A person's name; an empty string clears the owner.
    #[ts(optional)]
    pub owner: Option<String>,
    #[ts(optional)]
    pub notes: Option<String>,
}

impl ClauseInputView {
    pub fn patch(&self) -> crate::assessment::ClausePatch {
        crate::assessment::ClausePatch {
            status: self.status,
            owner: self
                .owner
                .as_ref()
                .map(|o| Some(o.trim().to_owned()).filter(|o| !o.is_empty())),
            notes: self.notes.clone(),
        }
    }
}

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
                Target::Control(c) => controls.push(c.to_string()),
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
                    added_at: v.added_at.clone(),
                    added_by: v.added_by.clone(),
                })
                .collect(),
            created_at: e.created_at.clone(),
            updated_at: e.updated_at.clone(),
        }
    }
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

/// Options of an audit pack export, as the window sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackOptionsView {
    pub themes: Vec<Theme>,
    /// Control ids, `5.1` or `A.5.1`.
    pub controls: Vec<String>,
    pub approved_only: bool,
    pub snapshot: Option<String>,
    pub created: Option<String>,
    pub overwrite: bool,
}

impl PackOptionsView {
    pub fn into_options(self) -> Result<crate::pack::PackOptions, WorkspaceError> {
        let controls = self
            .controls
            .iter()
            .map(|c| crate::store::control_id(c))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(crate::pack::PackOptions {
            themes: self.themes,
            controls,
            approved_only: self.approved_only,
            snapshot: self.snapshot.filter(|s| !s.trim().is_empty()),
            created: self.created.filter(|s| !s.trim().is_empty()),
            overwrite: self.overwrite,
        })
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackSummaryView {
    pub path: String,
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub evidence_files: u64,
    #[ts(type = "number")]
    pub content_bytes: u64,
    #[ts(type = "number")]
    pub pack_bytes: u64,
    pub created: String,
    pub fingerprint: String,
}

impl From<&crate::pack::PackSummary> for PackSummaryView {
    fn from(s: &crate::pack::PackSummary) -> Self {
        PackSummaryView {
            path: s.path.display().to_string(),
            files: s.files,
            evidence_files: s.evidence_files,
            content_bytes: s.content_bytes,
            pack_bytes: s.pack_bytes,
            created: s.created.clone(),
            fingerprint: s.fingerprint.clone(),
        }
    }
}

/// One file of a pack that does not match its manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackProblemView {
    pub file: String,
    pub kind: crate::pack::PackProblemKind,
    pub detail: String,
}

/// The result of verifying an audit pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackVerificationView {
    pub ok: bool,
    pub path: String,
    pub organisation: String,
    pub created: String,
    pub tool_version: String,
    pub fingerprint: String,
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    pub problems: Vec<PackProblemView>,
}

impl From<&crate::pack::PackVerification> for PackVerificationView {
    fn from(v: &crate::pack::PackVerification) -> Self {
        PackVerificationView {
            ok: v.ok(),
            path: v.path.display().to_string(),
            organisation: v.organisation.clone(),
            created: v.created.clone(),
            tool_version: v.tool_version.clone(),
            fingerprint: v.fingerprint.clone(),
            files: v.files,
            bytes: v.bytes,
            problems: v
                .problems
                .iter()
                .map(|p| PackProblemView {
                    file: p.file.clone(),
                    kind: p.kind,
                    detail: p.detail.clone(),
                })
                .collect(),
        }
    }
}

/// An audit pack opened in auditor mode: its verification and, when it can be trusted,
/// its content.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PackContentsView {
    pub verification: PackVerificationView,
    pub data: Option<crate::pack::PackData>,
}

/// The TypeScript declarations of every wire type, as checked into `ui/src/lib/bindings.ts`.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::default();
    let decls = [
        crate::error::ErrorKind::decl(&cfg),
        crate::error::ErrorPayload::decl(&cfg),
        Theme::decl(&cfg),
        ControlType::decl(&cfg),
        SecurityProperty::decl(&cfg),
        CybersecurityConcept::decl(&cfg),
        OperationalCapability::decl(&cfg),
        SecurityDomain::decl(&cfg),
        Party::decl(&cfg),
        AttributesView::decl(&cfg),
        ControlView::decl(&cfg),
        DocumentView::decl(&cfg),
        ClauseView::decl(&cfg),
        Mapping2013View::decl(&cfg),
        CatalogueView::decl(&cfg),
        WorkspaceSummary::decl(&cfg),
        HistoryCheckView::decl(&cfg),
        Status::decl(&cfg),
        Reason::decl(&cfg),
        Priority::decl(&cfg),
        ActionStatus::decl(&cfg),
        ControlStateView::decl(&cfg),
        PersonView::decl(&cfg),
        ActionView::decl(&cfg),
        HistoryView::decl(&cfg),
        ReadinessView::decl(&cfg),
        ReportView::decl(&cfg),
        SnapshotView::decl(&cfg),
        ChangeView::decl(&cfg),
        ControlEdit::decl(&cfg),
        PersonInputView::decl(&cfg),
        ActionInputView::decl(&cfg),
        NewWorkspaceView::decl(&cfg),
        PathPurpose::decl(&cfg),
        PathRequestView::decl(&cfg),
        crate::preferences::Preferences::decl(&cfg),
        ClauseStateView::decl(&cfg),
        DocumentStateView::decl(&cfg),
        ClauseInputView::decl(&cfg),
        EvidenceKind::decl(&cfg),
        EvidenceStatus::decl(&cfg),
        ReviewInterval::decl(&cfg),
        EvidenceVersionView::decl(&cfg),
        EvidenceView::decl(&cfg),
        EvidenceInputView::decl(&cfg),
        ProgressView::decl(&cfg),
        VerifyView::decl(&cfg),
        IntegrityProblemView::decl(&cfg),
        crate::pack::FindingKind::decl(&cfg),
        crate::pack::Finding::decl(&cfg),
        PackOptionsView::decl(&cfg),
        PackSummaryView::decl(&cfg),
        crate::pack::PackProblemKind::decl(&cfg),
        PackProblemView::decl(&cfg),
        PackVerificationView::decl(&cfg),
        crate::pack::PackSelection::decl(&cfg),
        crate::pack::PackReadiness::decl(&cfg),
        crate::pack::PackControl::decl(&cfg),
        crate::pack::PackDocument::decl(&cfg),
        crate::pack::PackClause::decl(&cfg),
        crate::pack::PackEvidence::decl(&cfg),
        crate::pack::PackHistory::decl(&cfg),
        crate::pack::PackData::decl(&cfg),
        PackContentsView::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust wire types in src-tauri/core/src/wire.rs. Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p annexa-core bindings` after changing them.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The drift check: CI fails when a wire type changed but `bindings.ts` was not
    /// regenerated. `UPDATE_BINDINGS=1` rewrites the file instead.
    #[test]
    fn bindings_are_current() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
        let generated = typescript_bindings();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&file, &generated).expect("write bindings");
        }
        let checked_in = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            checked_in == generated,
            "ui/src/lib/bindings.ts is out of date; run UPDATE_BINDINGS=1 cargo test -p annexa-core bindings"
        );
    }

    #[test]
    fn control_json_has_the_documented_fields() {
        let catalogue = Catalogue::bundled().expect("catalogue");
        let json = serde_json::to_value(ControlView::from(&catalogue.controls[0])).expect("json");
        let keys: Vec<&str> = json
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        for key in [
            "id",
            "theme",
            "title",
            "attributes",
            "summary",
            "guidance",
            "typical_evidence",
            "responsible",
            "new_in_2022",
        ] {
            assert!(keys.contains(&key), "missing {key} in {keys:?}");
        }
        let attrs = json["attributes"].as_object().expect("attributes");
        assert_eq!(attrs.len(), 5);
        assert_eq!(json["id"], "5.1");
    }
}

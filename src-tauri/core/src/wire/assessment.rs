//! The gap assessment as it crosses to the window and leaves as JSON: controls, people,
//! actions, readiness, snapshots, clauses, and the edits the window sends back.

use super::*;

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
    /// The reasons recorded, with "risk assessment" whenever a risk chose the control.
    pub reasons: Vec<Reason>,
    /// The risks whose treatment chose it (`R-001`).
    pub risks: Vec<String>,
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

impl ControlStateView {
    /// The control with the risks that chose it (from `Workspace::risks_by_control`), and
    /// "risk assessment" among its reasons when any did: the Statement of Applicability
    /// follows from the risks.
    pub fn with_risks(
        mut self,
        chosen: &std::collections::BTreeMap<crate::catalogue::ControlId, Vec<String>>,
    ) -> Self {
        let risks = self
            .id
            .parse::<crate::catalogue::ControlId>()
            .ok()
            .and_then(|id| chosen.get(&id));
        if let Some(risks) = risks {
            self.risks = risks.clone();
            if !self.reasons.contains(&Reason::RiskAssessment) {
                self.reasons.insert(0, Reason::RiskAssessment);
            }
        }
        self
    }
}

impl From<&ControlAssessment> for ControlStateView {
    fn from(c: &ControlAssessment) -> Self {
        let control = Catalogue::bundled().ok().and_then(|cat| cat.control(c.id));
        ControlStateView {
            id: c.id.prefixed(),
            title: control.map(|k| k.title.clone()).unwrap_or_default(),
            theme: c.id.theme().unwrap_or(Theme::Organizational),
            applicable: c.applicable,
            justification: c.justification.clone(),
            reasons: c.reasons.clone(),
            risks: Vec::new(),
            status: c.status,
            maturity: c.maturity,
            owner: c.owner.clone(),
            contributors: c.contributors.clone(),
            target_date: c.target_date.clone(),
            priority: c.priority,
            current_state: c.current_state.clone(),
            gap: c.gap.clone(),
            updated_at: c.updated_at.as_deref().map(timestamp),
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
            controls: a.controls.iter().map(|c| c.prefixed()).collect(),
            assignee: a.assignee.clone(),
            due_date: a.due_date.clone(),
            status: a.status,
            late: a.is_late(today),
            created_at: timestamp(&a.created_at),
        }
    }
}

/// Readiness of a group of controls; `score` is 0 to 1 over the applicable and undecided
/// controls (partial counts half, undecided counts as not ready).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReadinessView {
    pub label: String,
    pub applicable: u32,
    pub undecided: u32,
    pub implemented: u32,
    pub partially_implemented: u32,
    pub score: f64,
}

impl ReadinessView {
    fn new(label: impl Into<String>, r: &Readiness) -> Self {
        ReadinessView {
            label: label.into(),
            applicable: r.applicable,
            undecided: r.undecided,
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
    /// How many actions are late in all (`late_actions` may hold only the first ones).
    pub late_actions_total: u32,
    /// Late controls and actions together, and the sentence that says what they are
    /// (`late: 3 controls past the target date, 1 action past the due date`): the same
    /// words in the window, the board report and `annexa report`.
    pub late_total: u32,
    pub late_words: String,
    pub missing_documents: Vec<String>,
    /// Evidence already expired or expiring within `expiry_window_days`, soonest first.
    pub expiring_evidence: Vec<EvidenceView>,
    /// How much evidence has expired or expires soon in all.
    pub expiring_evidence_total: u32,
    pub expiry_window_days: u32,
    /// What an auditor will flag about the risks (the method, owners, plans, acceptances).
    pub risk_findings: Vec<crate::wire::RiskFindingView>,
    /// How many risk findings there are in all (`risk_findings` may hold only the first ones).
    pub risk_findings_total: u32,
}

impl ReportView {
    /// The report with the risk register's findings beside the assessment's.
    pub fn with_risk_findings(mut self, findings: &[crate::risks::RiskFinding]) -> Self {
        self.risk_findings = findings.iter().map(Into::into).collect();
        self.risk_findings_total = findings.len() as u32;
        self
    }

    /// The report with at most `n` late actions, pieces of evidence and risk findings listed
    /// (the totals still count all): what a dashboard shows, without sending thousands it
    /// never draws.
    pub fn listing_at_most(mut self, n: usize) -> Self {
        self.late_actions.truncate(n);
        self.expiring_evidence.truncate(n);
        self.risk_findings.truncate(n);
        self
    }
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
            late_controls: r.late_controls.iter().map(|c| c.prefixed()).collect(),
            unowned_applicable_controls: r
                .unowned_applicable
                .iter()
                .map(|c| c.prefixed())
                .collect(),
            late_actions: r
                .late_actions
                .iter()
                .map(|a| ActionView::new(a, &r.today))
                .collect(),
            late_actions_total: r.late_actions.len() as u32,
            late_total: r.late_total(),
            late_words: r.late_words(),
            missing_documents: r.missing_documents.clone(),
            expiring_evidence: r
                .expiring_evidence
                .iter()
                .map(|e| EvidenceView::new(e, &r.today))
                .collect(),
            expiring_evidence_total: r.expiring_evidence.len() as u32,
            expiry_window_days: r.expiry_window_days,
            risk_findings: Vec::new(),
            risk_findings_total: 0,
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
            taken_at: timestamp(&s.taken_at),
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
            id: c.id.prefixed(),
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
    /// For a document the risk register keeps (not set by hand), what makes it present.
    pub kept_by_risks: Option<String>,
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
                    kept_by_risks: crate::assessment::FOLLOW_FROM_RISKS
                        .iter()
                        .find(|(d, _)| d == id)
                        .map(|(_, step)| format!("present once {step}")),
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

/// What one person answers for, as `annexa people show --format json` prints it: one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PersonWorkView {
    pub person: PersonView,
    pub owns: Vec<ControlStateView>,
    pub contributes_to: Vec<ControlStateView>,
    /// Clauses (`6.1.2`) they own.
    pub clauses: Vec<String>,
    pub actions: Vec<ActionView>,
    pub evidence: Vec<crate::wire::EvidenceView>,
    /// Their late work: applicable controls past their target date, open actions past due.
    pub late_controls: Vec<String>,
    #[ts(type = "number[]")]
    pub late_actions: Vec<i64>,
}

impl PersonWorkView {
    /// `chosen`: the risks that chose each control (`Workspace::risks_by_control`).
    pub fn new(
        w: &crate::assessment::PersonWork,
        today: &str,
        chosen: &std::collections::BTreeMap<crate::catalogue::ControlId, Vec<String>>,
    ) -> Self {
        let view = |c| ControlStateView::from(c).with_risks(chosen);
        PersonWorkView {
            person: PersonView::from(&w.person),
            owns: w.owns.iter().map(view).collect(),
            contributes_to: w.contributes_to.iter().map(view).collect(),
            clauses: w.clauses.iter().map(|c| c.id.clone()).collect(),
            actions: w
                .actions
                .iter()
                .map(|a| ActionView::new(a, today))
                .collect(),
            evidence: w
                .evidence
                .iter()
                .map(|e| crate::wire::EvidenceView::new(e, today))
                .collect(),
            late_controls: w
                .owns
                .iter()
                .chain(&w.contributes_to)
                .filter(|c| c.is_late(today))
                .map(|c| c.id)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(|c| c.prefixed())
                .collect(),
            late_actions: w
                .actions
                .iter()
                .filter(|a| a.is_late(today))
                .map(|a| a.id)
                .collect(),
        }
    }
}

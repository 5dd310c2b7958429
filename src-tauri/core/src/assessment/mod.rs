//! The gap assessment stored in a workspace: the state of each Annex A control and clause,
//! the people who answer for them, the actions that close gaps, and the history of every
//! change.
//!
//! Every change goes through [`Workspace::write`], so it is one IMMEDIATE transaction that
//! writes the new state and its history rows together, or nothing at all. Its parts: controls,
//! clauses, people, actions, snapshots and the report; it reads evidence only through the
//! evidence domain's own functions.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction, params};

use crate::catalogue::vocabulary::{ActionStatus, Party, Priority, Reason, Status, Theme};
use crate::catalogue::{Catalogue, ControlId};
use crate::store::history::record;
use crate::store::{
    NOW, Workspace, WorkspaceError, check_date, control_id, db, invalid, person_id, unknown,
};

mod actions;
mod clauses;
mod controls;
mod example;
mod people;
mod report;
mod snapshots;

pub use clauses::{ClauseAssessment, ClausePatch, FOLLOW_FROM_RISKS, set_document_in};
use controls::read_controls;
pub use example::{create_example, create_example_with};
use people::existing_person;
pub use people::{PersonPatch, PersonWork, Responsibilities, remove_person_in};
pub use report::Glance;
pub use snapshots::compare;
pub(crate) use snapshots::snapshot_in;

/// A control's applicability: in the Statement of Applicability, out of it, or not decided.
pub type Applicable = Option<bool>;

/// The assessment of one Annex A control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlAssessment {
    pub id: ControlId,
    pub applicable: Applicable,
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
    /// When the control last changed; `None` while it was never touched.
    pub updated_at: Option<String>,
    /// How many pieces of evidence prove it.
    pub evidence_count: u32,
}

impl ControlAssessment {
    /// A control nobody has assessed yet.
    pub fn untouched(id: ControlId) -> Self {
        ControlAssessment {
            id,
            applicable: None,
            justification: String::new(),
            reasons: Vec::new(),
            status: Status::NotAssessed,
            maturity: None,
            owner: None,
            contributors: Vec::new(),
            target_date: None,
            priority: None,
            current_state: String::new(),
            gap: String::new(),
            updated_at: None,
            evidence_count: 0,
        }
    }

    /// True when the control is applicable, not implemented and its target date has passed.
    pub fn is_late(&self, today: &str) -> bool {
        self.applicable != Some(false)
            && self.status != Status::Implemented
            && self.target_date.as_deref().is_some_and(|d| d < today)
    }
}

/// A change to a control: each `Some` field is set, each `None` is left as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ControlPatch {
    pub applicable: Option<Applicable>,
    pub justification: Option<String>,
    pub reasons: Option<Vec<Reason>>,
    pub status: Option<Status>,
    pub maturity: Option<Option<u8>>,
    /// A person's name; `Some(None)` clears the owner. Unknown names are added to the
    /// directory, so a workshop can assign owners as fast as people are named.
    pub owner: Option<Option<String>>,
    pub contributors: Option<Vec<String>>,
    pub target_date: Option<Option<String>>,
    pub priority: Option<Option<Priority>>,
    pub current_state: Option<String>,
    pub gap: Option<String>,
}

/// A person in the workspace's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub department: Option<Party>,
    pub email: String,
}

/// A new person, or the new values of an existing one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonInput {
    pub name: String,
    pub role: String,
    pub department: Option<Party>,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: i64,
    pub title: String,
    pub controls: Vec<ControlId>,
    pub assignee: Option<String>,
    pub due_date: Option<String>,
    pub status: ActionStatus,
    pub created_at: String,
}

impl Action {
    /// True when the action is still open and its due date has passed.
    pub fn is_late(&self, today: &str) -> bool {
        self.status.is_open() && self.due_date.as_deref().is_some_and(|d| d < today)
    }
}

/// A new action, or the new values of an existing one (`None` leaves a field as it is).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionPatch {
    pub title: Option<String>,
    pub controls: Option<Vec<String>>,
    pub assignee: Option<Option<String>>,
    pub due_date: Option<Option<String>>,
    pub status: Option<ActionStatus>,
}

/// Readiness figures: how much of what may apply is implemented.
///
/// `score` is the share of the controls that are applicable or not decided yet that are
/// implemented, where a partially implemented control counts half (see
/// [`Status::readiness_weight`]). An undecided control counts as not ready, so that deciding
/// 3 of 93 controls can never look like being ready; only an excluded control leaves the count.
#[derive(Debug, Clone, PartialEq)]
pub struct Readiness {
    pub applicable: u32,
    /// Controls whose applicability is not decided yet: counted, as not ready.
    pub undecided: u32,
    pub implemented: u32,
    pub partially_implemented: u32,
    pub score: f64,
}

/// The Statement of Applicability's completeness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoaCompleteness {
    pub controls: u32,
    pub decided: u32,
    pub excluded: u32,
    pub excluded_without_justification: u32,
}

/// What `annexa report` and the dashboard show.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub today: String,
    pub overall: Readiness,
    pub by_theme: Vec<(Theme, Readiness)>,
    pub by_owner: Vec<(String, Readiness)>,
    pub soa: SoaCompleteness,
    pub late_controls: Vec<ControlId>,
    pub unowned_applicable: Vec<ControlId>,
    pub late_actions: Vec<Action>,
    /// Ids of required documents not recorded as present.
    pub missing_documents: Vec<String>,
    /// Evidence expired, or expiring within `expiry_window_days` of `today`.
    pub expiring_evidence: Vec<crate::evidence::Evidence>,
    pub expiry_window_days: u32,
}

impl Report {
    /// Late controls and late actions together: the figure the dashboard's card, the board
    /// report's tile and `annexa report` all show.
    pub fn late_total(&self) -> u32 {
        (self.late_controls.len() + self.late_actions.len()) as u32
    }

    /// What is late, in the one sentence the dashboard, the board report and `annexa report`
    /// share: `late: 3 controls past the target date, 1 action past the due date`.
    pub fn late_words(&self) -> String {
        late_words(self.late_controls.len(), self.late_actions.len())
    }
}

/// The sentence of [`Report::late_words`] for these counts.
pub fn late_words(controls: usize, actions: usize) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "late: {} past the target date, {} past the due date",
        count(controls, "control", "controls"),
        count(actions, "action", "actions")
    )
}

/// One control's difference between two assessments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlChange {
    pub id: ControlId,
    pub field: &'static str,
    pub before: String,
    pub after: String,
    /// True when the change moves the control backwards (status or maturity down, or out of
    /// the Statement of Applicability without a decision).
    pub regression: bool,
}

/// A named, frozen assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub id: i64,
    pub name: String,
    pub taken_at: String,
    pub actor: String,
}

/// How far ahead the report and the dashboard warn of expiring evidence, by default.
pub const EXPIRY_WARNING_DAYS: u32 = 30;

fn join_words<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

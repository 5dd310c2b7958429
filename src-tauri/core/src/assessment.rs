//! The gap assessment stored in a workspace: the state of each Annex A control and clause,
//! the people who answer for them, the actions that close gaps, and the history of every
//! change.
//!
//! Every change goes through [`Workspace::write`], so it is one IMMEDIATE transaction that
//! writes the new state and its history rows together, or nothing at all.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction, params};

use crate::catalogue::vocabulary::{ActionStatus, Party, Priority, Reason, Status, Theme};
use crate::catalogue::{Catalogue, ControlId};
use crate::store::history::record;
use crate::store::{
    NOW, Workspace, WorkspaceError, check_date, control_id, db, invalid, person_id, unknown,
};
use crate::wire::ControlStateView;

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
    fn untouched(id: ControlId) -> Self {
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

/// Readiness figures: how much of what applies is implemented.
///
/// `score` is the share of applicable controls implemented, where a partially implemented
/// control counts half (see [`Status::readiness_weight`]); controls whose applicability is not
/// decided yet are not counted as applicable.
#[derive(Debug, Clone, PartialEq)]
pub struct Readiness {
    pub applicable: u32,
    pub implemented: u32,
    pub partially_implemented: u32,
    pub score: f64,
}

impl Readiness {
    fn of<'a>(controls: impl Iterator<Item = &'a ControlAssessment>) -> Readiness {
        let mut r = Readiness {
            applicable: 0,
            implemented: 0,
            partially_implemented: 0,
            score: 0.0,
        };
        let mut weight = 0.0;
        for c in controls.filter(|c| c.applicable == Some(true)) {
            r.applicable += 1;
            weight += c.status.readiness_weight();
            match c.status {
                Status::Implemented => r.implemented += 1,
                Status::PartiallyImplemented => r.partially_implemented += 1,
                _ => {}
            }
        }
        r.score = if r.applicable == 0 {
            0.0
        } else {
            weight / f64::from(r.applicable)
        };
        r
    }
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

/// Makes `controls` the exact set of controls an action serves.
fn link_action(
    tx: &Transaction<'_>,
    action: i64,
    controls: &[ControlId],
) -> Result<(), WorkspaceError> {
    tx.execute("DELETE FROM action_control WHERE action_id = ?1", [action])
        .map_err(db)?;
    for c in controls {
        tx.execute(
            "INSERT INTO action_control (action_id, control_id) VALUES (?1, ?2)",
            params![action, c.to_string()],
        )
        .map_err(db)?;
    }
    Ok(())
}

fn existing_person(tx: &rusqlite::Connection, name: &str) -> Result<Person, WorkspaceError> {
    tx.query_row(
        "SELECT id, name, role, department, email FROM person WHERE name = ?1",
        [name.trim()],
        row_person,
    )
    .optional()
    .map_err(db)?
    .ok_or_else(|| {
        unknown(format!(
            "no person named {:?} in this workspace",
            name.trim()
        ))
    })
}

/// A `control_state` row joined with its owner's name; `None` for an id the catalogue does
/// not know (a row from a future catalogue), which is skipped rather than shown wrongly.
fn row_control(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<ControlAssessment>> {
    let id: String = r.get(0)?;
    let Ok(id) = id.parse::<ControlId>() else {
        return Ok(None);
    };
    let applicable: Option<i64> = r.get(1)?;
    let reasons: String = r.get(3)?;
    let status: String = r.get(4)?;
    let maturity: Option<i64> = r.get(5)?;
    let priority: Option<String> = r.get(8)?;
    Ok(Some(ControlAssessment {
        id,
        applicable: applicable.map(|a| a == 1),
        justification: r.get(2)?,
        reasons: reasons.split(',').filter_map(|w| w.parse().ok()).collect(),
        status: status.parse().unwrap_or(Status::NotAssessed),
        maturity: maturity.and_then(|m| u8::try_from(m).ok()),
        owner: r.get(6)?,
        contributors: Vec::new(),
        target_date: r.get(7)?,
        priority: priority.and_then(|p| p.parse().ok()),
        current_state: r.get(9)?,
        gap: r.get(10)?,
        updated_at: Some(r.get(11)?),
        evidence_count: 0,
    }))
}

fn row_person(r: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    let department: Option<String> = r.get(3)?;
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        role: r.get(2)?,
        department: department.and_then(|d| d.parse().ok()),
        email: r.get(4)?,
    })
}

impl Workspace {
    /// The assessment of all 93 controls, in id order (untouched ones as "not assessed").
    pub fn controls(&self) -> Result<Vec<ControlAssessment>, WorkspaceError> {
        let catalogue = Catalogue::bundled().map_err(|e| invalid(e.to_string()))?;
        let mut stored = self.stored_controls()?;
        let counts = self.evidence_counts()?;
        Ok(catalogue
            .controls
            .iter()
            .map(|c| {
                let mut a = stored
                    .remove(&c.id)
                    .unwrap_or_else(|| ControlAssessment::untouched(c.id));
                a.evidence_count = counts.get(&c.id.to_string()).copied().unwrap_or(0);
                a
            })
            .collect())
    }

    /// The assessment of one control.
    pub fn control(&self, input: &str) -> Result<ControlAssessment, WorkspaceError> {
        let id = control_id(input)?;
        let mut a = self
            .stored_controls()?
            .remove(&id)
            .unwrap_or_else(|| ControlAssessment::untouched(id));
        a.evidence_count = self
            .evidence_counts()?
            .get(&id.to_string())
            .copied()
            .unwrap_or(0);
        Ok(a)
    }

    fn stored_controls(&self) -> Result<BTreeMap<ControlId, ControlAssessment>, WorkspaceError> {
        let conn = self.connection();
        let mut contributors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut stmt = conn
            .prepare(
                "SELECT cc.control_id, p.name FROM control_contributor cc
                 JOIN person p ON p.id = cc.person_id ORDER BY p.name",
            )
            .map_err(db)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(db)?;
        for row in rows {
            let (control, name) = row.map_err(db)?;
            contributors.entry(control).or_default().push(name);
        }
        let mut stmt = conn
            .prepare(
                "SELECT c.control_id, c.applicable, c.justification, c.reasons, c.status,
                        c.maturity, p.name, c.target_date, c.priority, c.current_state, c.gap,
                        c.updated_at
                 FROM control_state c LEFT JOIN person p ON p.id = c.owner_id",
            )
            .map_err(db)?;
        let rows = stmt.query_map([], row_control).map_err(db)?;
        let mut out = BTreeMap::new();
        for row in rows {
            if let Some(mut control) = row.map_err(db)? {
                control.contributors = contributors
                    .remove(&control.id.to_string())
                    .unwrap_or_default();
                out.insert(control.id, control);
            }
        }
        Ok(out)
    }

    /// Changes one control, recording every changed field in the history, in one transaction.
    pub fn set_control(
        &mut self,
        input: &str,
        patch: &ControlPatch,
        actor: &str,
    ) -> Result<ControlAssessment, WorkspaceError> {
        let before = self.control(input)?;
        let mut after = before.clone();
        if let Some(a) = patch.applicable {
            after.applicable = a;
        }
        if let Some(j) = &patch.justification {
            after.justification = j.trim().to_owned();
        }
        if let Some(r) = &patch.reasons {
            let mut r = r.clone();
            r.sort();
            r.dedup();
            after.reasons = r;
        }
        if let Some(s) = patch.status {
            after.status = s;
        }
        if let Some(m) = patch.maturity {
            if m.is_some_and(|m| m > 5) {
                return Err(invalid(format!(
                    "maturity {} is out of range; use 0 (non-existent) to 5 (optimised)",
                    m.unwrap_or_default()
                )));
            }
            after.maturity = m;
        }
        if let Some(t) = &patch.target_date {
            check_date("target date", t)?;
            after.target_date = t.clone();
        }
        if let Some(p) = patch.priority {
            after.priority = p;
        }
        if let Some(c) = &patch.current_state {
            after.current_state = c.trim().to_owned();
        }
        if let Some(g) = &patch.gap {
            after.gap = g.trim().to_owned();
        }
        if after.applicable == Some(false) && after.justification.is_empty() {
            return Err(invalid(format!(
                "{} is excluded but has no justification; the Statement of Applicability needs \
                 one (add --justification \"why it does not apply\")",
                before.id.prefixed()
            )));
        }
        let id = before.id.to_string();
        let saved = self.write(|tx| {
            let owner_id = match &patch.owner {
                Some(Some(name)) => Some(person_id(tx, actor, name)?),
                Some(None) => None,
                None => match &before.owner {
                    Some(name) => Some(existing_person(tx, name)?.id),
                    None => None,
                },
            };
            tx.execute(
                &format!(
                    "INSERT INTO control_state (control_id, applicable, justification, reasons,
                        status, maturity, owner_id, target_date, priority, current_state, gap,
                        updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, {NOW})
                     ON CONFLICT (control_id) DO UPDATE SET
                        applicable = excluded.applicable, justification = excluded.justification,
                        reasons = excluded.reasons, status = excluded.status,
                        maturity = excluded.maturity, owner_id = excluded.owner_id,
                        target_date = excluded.target_date, priority = excluded.priority,
                        current_state = excluded.current_state, gap = excluded.gap,
                        updated_at = excluded.updated_at"
                ),
                params![
                    id,
                    after.applicable.map(i64::from),
                    after.justification,
                    join_words(&after.reasons),
                    after.status.as_str(),
                    after.maturity.map(i64::from),
                    owner_id,
                    after.target_date,
                    after.priority.map(|p| p.as_str()),
                    after.current_state,
                    after.gap,
                ],
            )
            .map_err(db)?;
            if let Some(names) = &patch.contributors {
                tx.execute("DELETE FROM control_contributor WHERE control_id = ?1", [&id]).map_err(db)?;
                for name in names {
                    let pid = person_id(tx, actor, name)?;
                    tx.execute(
                        "INSERT OR IGNORE INTO control_contributor (control_id, person_id) VALUES (?1, ?2)",
                        params![id, pid],
                    )
                    .map_err(db)?;
                }
            }
            let applicable = |a: Applicable| match a {
                Some(true) => "yes",
                Some(false) => "no",
                None => "undecided",
            };
            let owner_after = match &patch.owner {
                Some(Some(name)) => Some(existing_person(tx, name)?.name),
                Some(None) => None,
                None => before.owner.clone(),
            };
            let rec = |field: &str, old: Option<String>, new: Option<String>| {
                record(tx, actor, "control", &id, field, old.as_deref(), new.as_deref())
            };
            rec("applicable", Some(applicable(before.applicable).into()), Some(applicable(after.applicable).into()))?;
            rec("justification", Some(before.justification.clone()), Some(after.justification.clone()))?;
            rec("reasons", Some(join_words(&before.reasons)), Some(join_words(&after.reasons)))?;
            rec("status", Some(before.status.to_string()), Some(after.status.to_string()))?;
            rec("maturity", before.maturity.map(|m| m.to_string()), after.maturity.map(|m| m.to_string()))?;
            rec("owner", before.owner.clone(), owner_after)?;
            rec("target_date", before.target_date.clone(), after.target_date.clone())?;
            rec("priority", before.priority.map(|p| p.to_string()), after.priority.map(|p| p.to_string()))?;
            rec("current_state", Some(before.current_state.clone()), Some(after.current_state.clone()))?;
            rec("gap", Some(before.gap.clone()), Some(after.gap.clone()))?;
            if patch.contributors.is_some() {
                let names: Vec<String> = {
                    let mut stmt = tx
                        .prepare(
                            "SELECT p.name FROM control_contributor cc JOIN person p
                             ON p.id = cc.person_id WHERE cc.control_id = ?1 ORDER BY p.name",
                        )
                        .map_err(db)?;
                    let rows = stmt.query_map([&id], |r| r.get(0)).map_err(db)?;
                    rows.collect::<Result<_, _>>().map_err(db)?
                };
                rec("contributors", Some(before.contributors.join(", ")), Some(names.join(", ")))?;
            }
            Ok(())
        });
        saved?;
        self.control(&id)
    }

    /// Adds a person to the directory.
    pub fn add_person(
        &mut self,
        input: &PersonInput,
        actor: &str,
    ) -> Result<Person, WorkspaceError> {
        let name = input.name.trim().to_owned();
        if name.is_empty() {
            return Err(invalid("a person's name must not be empty"));
        }
        self.write(|tx| {
            let exists: Option<String> = tx
                .query_row("SELECT name FROM person WHERE name = ?1", [&name], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(db)?;
            if let Some(existing) = exists {
                return Err(invalid(format!("{existing} is already in the directory")));
            }
            tx.execute(
                "INSERT INTO person (name, role, department, email) VALUES (?1, ?2, ?3, ?4)",
                params![
                    name,
                    input.role.trim(),
                    input.department.map(|d| d.as_str()),
                    input.email.trim()
                ],
            )
            .map_err(db)?;
            record(tx, actor, "person", &name, "added", None, Some(&name))?;
            existing_person(tx, &name)
        })
    }

    /// Everyone in the directory, by name.
    pub fn people(&self) -> Result<Vec<Person>, WorkspaceError> {
        let conn = self.connection();
        let mut stmt = conn
            .prepare("SELECT id, name, role, department, email FROM person ORDER BY name")
            .map_err(db)?;
        let rows = stmt.query_map([], row_person).map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)
    }

    /// Adds an action to the risk treatment plan.
    pub fn add_action(
        &mut self,
        patch: &ActionPatch,
        actor: &str,
    ) -> Result<Action, WorkspaceError> {
        let title = patch.title.as_deref().map(str::trim).unwrap_or("");
        if title.is_empty() {
            return Err(invalid("an action needs a title"));
        }
        let controls = self.resolve_controls(patch.controls.as_deref().unwrap_or(&[]))?;
        if let Some(d) = &patch.due_date {
            check_date("due date", d)?;
        }
        let id = self.write(|tx| {
            let assignee = match &patch.assignee {
                Some(Some(name)) => Some(person_id(tx, actor, name)?),
                _ => None,
            };
            tx.execute(
                &format!(
                    "INSERT INTO action (title, assignee_id, due_date, status, created_at)
                     VALUES (?1, ?2, ?3, ?4, {NOW})"
                ),
                params![
                    title,
                    assignee,
                    patch.due_date.clone().flatten(),
                    patch.status.unwrap_or(ActionStatus::Open).as_str()
                ],
            )
            .map_err(db)?;
            let id = tx.last_insert_rowid();
            link_action(tx, id, &controls)?;
            record(
                tx,
                actor,
                "action",
                &id.to_string(),
                "added",
                None,
                Some(title),
            )?;
            Ok(id)
        })?;
        self.action(id)
    }

    /// Changes an action, recording each changed field.
    pub fn update_action(
        &mut self,
        id: i64,
        patch: &ActionPatch,
        actor: &str,
    ) -> Result<Action, WorkspaceError> {
        let before = self.action(id)?;
        if let Some(Some(d)) = &patch.due_date {
            check_date("due date", &Some(d.clone()))?;
        }
        if patch.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(invalid("an action needs a title"));
        }
        let controls = match &patch.controls {
            Some(list) => Some(self.resolve_controls(list)?),
            None => None,
        };
        self.write(|tx| {
            let key = id.to_string();
            if let Some(title) = &patch.title {
                tx.execute(
                    "UPDATE action SET title = ?1 WHERE id = ?2",
                    params![title.trim(), id],
                )
                .map_err(db)?;
                record(
                    tx,
                    actor,
                    "action",
                    &key,
                    "title",
                    Some(&before.title),
                    Some(title.trim()),
                )?;
            }
            if let Some(assignee) = &patch.assignee {
                let pid = match assignee {
                    Some(name) => Some(person_id(tx, actor, name)?),
                    None => None,
                };
                tx.execute(
                    "UPDATE action SET assignee_id = ?1 WHERE id = ?2",
                    params![pid, id],
                )
                .map_err(db)?;
                let new = match assignee {
                    Some(name) => Some(existing_person(tx, name)?.name),
                    None => None,
                };
                record(
                    tx,
                    actor,
                    "action",
                    &key,
                    "assignee",
                    before.assignee.as_deref(),
                    new.as_deref(),
                )?;
            }
            if let Some(due) = &patch.due_date {
                tx.execute(
                    "UPDATE action SET due_date = ?1 WHERE id = ?2",
                    params![due, id],
                )
                .map_err(db)?;
                record(
                    tx,
                    actor,
                    "action",
                    &key,
                    "due_date",
                    before.due_date.as_deref(),
                    due.as_deref(),
                )?;
            }
            if let Some(status) = patch.status {
                tx.execute(
                    "UPDATE action SET status = ?1 WHERE id = ?2",
                    params![status.as_str(), id],
                )
                .map_err(db)?;
                record(
                    tx,
                    actor,
                    "action",
                    &key,
                    "status",
                    Some(before.status.as_str()),
                    Some(status.as_str()),
                )?;
            }
            if let Some(controls) = &controls {
                link_action(tx, id, controls)?;
                record(
                    tx,
                    actor,
                    "action",
                    &key,
                    "controls",
                    Some(&join_words(&before.controls)),
                    Some(&join_words(controls)),
                )?;
            }
            Ok(())
        })?;
        self.action(id)
    }

    fn resolve_controls(&self, inputs: &[String]) -> Result<Vec<ControlId>, WorkspaceError> {
        let mut ids = inputs
            .iter()
            .map(|i| control_id(i))
            .collect::<Result<Vec<_>, _>>()?;
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// One action by its number.
    pub fn action(&self, id: i64) -> Result<Action, WorkspaceError> {
        self.actions()?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| unknown(format!("there is no action number {id}")))
    }

    /// The risk treatment plan, by due date (undated last), then number.
    pub fn actions(&self) -> Result<Vec<Action>, WorkspaceError> {
        let conn = self.connection();
        let mut links: BTreeMap<i64, Vec<ControlId>> = BTreeMap::new();
        let mut stmt = conn
            .prepare("SELECT action_id, control_id FROM action_control")
            .map_err(db)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(db)?;
        for row in rows {
            let (a, c) = row.map_err(db)?;
            if let Ok(c) = c.parse() {
                links.entry(a).or_default().push(c);
            }
        }
        let mut stmt = conn
            .prepare(
                "SELECT a.id, a.title, p.name, a.due_date, a.status, a.created_at
                 FROM action a LEFT JOIN person p ON p.id = a.assignee_id
                 ORDER BY a.due_date IS NULL, a.due_date, a.id",
            )
            .map_err(db)?;
        let rows = stmt
            .query_map([], |r| {
                let status: String = r.get(4)?;
                Ok(Action {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    controls: Vec::new(),
                    assignee: r.get(2)?,
                    due_date: r.get(3)?,
                    status: status.parse().unwrap_or(ActionStatus::Open),
                    created_at: r.get(5)?,
                })
            })
            .map_err(db)?;
        let mut out: Vec<Action> = rows.collect::<Result<_, _>>().map_err(db)?;
        for a in &mut out {
            let mut c = links.remove(&a.id).unwrap_or_default();
            c.sort();
            a.controls = c;
        }
        Ok(out)
    }

    /// Readiness, SoA completeness, late and unowned work, as of `today` (`YYYY-MM-DD`),
    /// with evidence expiring within [`EXPIRY_WARNING_DAYS`].
    pub fn report(&self, today: &str) -> Result<Report, WorkspaceError> {
        self.report_within(today, EXPIRY_WARNING_DAYS)
    }

    /// The report, warning of evidence that expires within `expiry_days` of `today`.
    pub fn report_within(&self, today: &str, expiry_days: u32) -> Result<Report, WorkspaceError> {
        let controls = self.controls()?;
        let catalogue = Catalogue::bundled().map_err(|e| invalid(e.to_string()))?;
        let theme_of = |id: ControlId| id.theme();
        let by_theme = Theme::ALL
            .iter()
            .map(|t| {
                (
                    *t,
                    Readiness::of(controls.iter().filter(|c| theme_of(c.id) == Some(*t))),
                )
            })
            .collect();
        let mut owners: BTreeMap<String, Vec<&ControlAssessment>> = BTreeMap::new();
        for c in &controls {
            if let Some(o) = &c.owner {
                owners.entry(o.clone()).or_default().push(c);
            }
        }
        let by_owner = owners
            .into_iter()
            .map(|(o, cs)| (o, Readiness::of(cs.into_iter())))
            .collect();
        let soa = SoaCompleteness {
            controls: catalogue.controls.len() as u32,
            decided: controls.iter().filter(|c| c.applicable.is_some()).count() as u32,
            excluded: controls
                .iter()
                .filter(|c| c.applicable == Some(false))
                .count() as u32,
            excluded_without_justification: controls
                .iter()
                .filter(|c| c.applicable == Some(false) && c.justification.trim().is_empty())
                .count() as u32,
        };
        Ok(Report {
            today: today.to_owned(),
            overall: Readiness::of(controls.iter()),
            by_theme,
            by_owner,
            soa,
            late_controls: controls
                .iter()
                .filter(|c| c.is_late(today))
                .map(|c| c.id)
                .collect(),
            unowned_applicable: controls
                .iter()
                .filter(|c| c.applicable == Some(true) && c.owner.is_none())
                .map(|c| c.id)
                .collect(),
            late_actions: self
                .actions()?
                .into_iter()
                .filter(|a| a.is_late(today))
                .collect(),
            missing_documents: self.missing_documents()?,
            expiring_evidence: self.expiring_evidence(today, expiry_days)?,
            expiry_window_days: expiry_days,
        })
    }

    /// Today's date on this machine, `YYYY-MM-DD` (UTC), as SQLite computes it.
    pub fn today(&self) -> Result<String, WorkspaceError> {
        self.connection()
            .query_row("SELECT date('now')", [], |r| r.get(0))
            .map_err(db)
    }
}

impl Workspace {
    /// Freezes the current assessment under `name`.
    pub fn take_snapshot(&mut self, name: &str, actor: &str) -> Result<Snapshot, WorkspaceError> {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(invalid(
                "a snapshot needs a name, e.g. \"Gap analysis Nov 2026\"",
            ));
        }
        let controls: Vec<ControlStateView> = self
            .controls()?
            .iter()
            .map(ControlStateView::from)
            .collect();
        let data = serde_json::to_string(&controls).map_err(|e| invalid(e.to_string()))?;
        self.write(|tx| {
            let taken: Option<String> = tx
                .query_row("SELECT name FROM snapshot WHERE name = ?1", [&name], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(db)?;
            if let Some(existing) = taken {
                return Err(invalid(format!(
                    "there is already a snapshot named {existing:?}"
                )));
            }
            tx.execute(
                &format!(
                    "INSERT INTO snapshot (name, taken_at, actor, data) VALUES (?1, {NOW}, ?2, ?3)"
                ),
                params![name, actor, data],
            )
            .map_err(db)?;
            record(tx, actor, "snapshot", &name, "taken", None, Some(&name))?;
            Ok(())
        })?;
        self.snapshots()?
            .into_iter()
            .find(|s| s.name.eq_ignore_ascii_case(&name))
            .ok_or_else(|| unknown(format!("snapshot {name:?} was not saved")))
    }

    /// Every snapshot, oldest first.
    pub fn snapshots(&self) -> Result<Vec<Snapshot>, WorkspaceError> {
        let conn = self.connection();
        let mut stmt = conn
            .prepare("SELECT id, name, taken_at, actor FROM snapshot ORDER BY id")
            .map_err(db)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Snapshot {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    taken_at: r.get(2)?,
                    actor: r.get(3)?,
                })
            })
            .map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)
    }

    /// The assessment as it was frozen in the snapshot `name`.
    pub fn snapshot_controls(&self, name: &str) -> Result<Vec<ControlAssessment>, WorkspaceError> {
        let data: String = self
            .connection()
            .query_row(
                "SELECT data FROM snapshot WHERE name = ?1",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()
            .map_err(db)?
            .ok_or_else(|| unknown(format!("there is no snapshot named {:?}", name.trim())))?;
        let views: Vec<ControlStateView> = serde_json::from_str(&data)
            .map_err(|e| invalid(format!("snapshot {name:?} is damaged: {e}")))?;
        views.into_iter().map(ControlAssessment::try_from).collect()
    }
}

/// What moved between two assessments of the same controls, in id order.
pub fn compare(before: &[ControlAssessment], after: &[ControlAssessment]) -> Vec<ControlChange> {
    let old: BTreeMap<ControlId, &ControlAssessment> = before.iter().map(|c| (c.id, c)).collect();
    let mut changes = Vec::new();
    for new in after {
        let Some(old) = old.get(&new.id) else {
            continue;
        };
        let applicable = |a: Applicable| match a {
            Some(true) => "yes".to_owned(),
            Some(false) => "no".to_owned(),
            None => "undecided".to_owned(),
        };
        let mut push = |field, b: String, a: String, regression| {
            if b != a {
                changes.push(ControlChange {
                    id: new.id,
                    field,
                    before: b,
                    after: a,
                    regression,
                });
            }
        };
        push(
            "applicable",
            applicable(old.applicable),
            applicable(new.applicable),
            old.applicable.is_some() && new.applicable.is_none(),
        );
        push(
            "status",
            old.status.to_string(),
            new.status.to_string(),
            new.status.rank() < old.status.rank(),
        );
        let m = |m: Option<u8>| m.map(|m| m.to_string()).unwrap_or_default();
        push(
            "maturity",
            m(old.maturity),
            m(new.maturity),
            new.maturity.unwrap_or(0) < old.maturity.unwrap_or(0),
        );
        push(
            "owner",
            old.owner.clone().unwrap_or_default(),
            new.owner.clone().unwrap_or_default(),
            old.owner.is_some() && new.owner.is_none(),
        );
        push(
            "target_date",
            old.target_date.clone().unwrap_or_default(),
            new.target_date.clone().unwrap_or_default(),
            false,
        );
    }
    changes
}

/// The assessment of one ISMS clause (4 to 10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseAssessment {
    pub id: String,
    pub status: Status,
    pub owner: Option<String>,
    pub notes: String,
    /// The required documents this clause asks for, and whether each exists.
    pub documents: Vec<(String, bool)>,
    pub updated_at: Option<String>,
}

/// A change to a clause; `None` fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClausePatch {
    pub status: Option<Status>,
    pub owner: Option<Option<String>>,
    pub notes: Option<String>,
}

fn catalogue() -> Result<&'static Catalogue, WorkspaceError> {
    Catalogue::bundled().map_err(|e| invalid(e.to_string()))
}

impl Workspace {
    /// Every clause and subclause of 4 to 10 with its state, in the standard's order.
    pub fn clauses(&self) -> Result<Vec<ClauseAssessment>, WorkspaceError> {
        let conn = self.connection();
        let mut present: BTreeMap<String, bool> = BTreeMap::new();
        let mut stmt = conn
            .prepare("SELECT document_id, present FROM document_state")
            .map_err(db)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? == 1))
            })
            .map_err(db)?;
        for row in rows {
            let (id, p) = row.map_err(db)?;
            present.insert(id, p);
        }
        let mut stored: BTreeMap<String, (Status, Option<String>, String, String)> =
            BTreeMap::new();
        let mut stmt = conn
            .prepare(
                "SELECT c.clause_id, c.status, p.name, c.notes, c.updated_at
                 FROM clause_state c LEFT JOIN person p ON p.id = c.owner_id",
            )
            .map_err(db)?;
        let rows = stmt
            .query_map([], |r| {
                let status: String = r.get(1)?;
                Ok((
                    r.get::<_, String>(0)?,
                    (
                        status.parse().unwrap_or(Status::NotAssessed),
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                    ),
                ))
            })
            .map_err(db)?;
        for row in rows {
            let (id, state) = row.map_err(db)?;
            stored.insert(id, state);
        }
        Ok(catalogue()?
            .clauses
            .iter()
            .map(|c| {
                let (status, owner, notes, updated_at) = match stored.remove(&c.id) {
                    Some((s, o, n, u)) => (s, o, n, Some(u)),
                    None => (Status::NotAssessed, None, String::new(), None),
                };
                ClauseAssessment {
                    id: c.id.clone(),
                    status,
                    owner,
                    notes,
                    documents: c
                        .documents
                        .iter()
                        .map(|d| (d.clone(), present.get(d).copied().unwrap_or(false)))
                        .collect(),
                    updated_at,
                }
            })
            .collect())
    }

    /// Changes one clause, recording each changed field.
    pub fn set_clause(
        &mut self,
        id: &str,
        patch: &ClausePatch,
        actor: &str,
    ) -> Result<ClauseAssessment, WorkspaceError> {
        let id = id.trim().trim_start_matches("clause ").to_owned();
        let before = self
            .clauses()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| {
                unknown(format!(
                    "{id:?} is not a clause of ISO/IEC 27001:2022 (4 to 10.2)"
                ))
            })?;
        self.write(|tx| {
            let owner_id = match &patch.owner {
                Some(Some(name)) => Some(person_id(tx, actor, name)?),
                Some(None) => None,
                None => match &before.owner {
                    Some(name) => Some(existing_person(tx, name)?.id),
                    None => None,
                },
            };
            let status = patch.status.unwrap_or(before.status);
            let notes = patch
                .notes
                .as_deref()
                .map(str::trim)
                .unwrap_or(&before.notes)
                .to_owned();
            tx.execute(
                &format!(
                    "INSERT INTO clause_state (clause_id, status, owner_id, notes, updated_at)
                     VALUES (?1, ?2, ?3, ?4, {NOW})
                     ON CONFLICT (clause_id) DO UPDATE SET status = excluded.status,
                        owner_id = excluded.owner_id, notes = excluded.notes,
                        updated_at = excluded.updated_at"
                ),
                params![id, status.as_str(), owner_id, notes],
            )
            .map_err(db)?;
            let owner_after = match &patch.owner {
                Some(Some(name)) => Some(existing_person(tx, name)?.name),
                Some(None) => None,
                None => before.owner.clone(),
            };
            record(
                tx,
                actor,
                "clause",
                &id,
                "status",
                Some(before.status.as_str()),
                Some(status.as_str()),
            )?;
            record(
                tx,
                actor,
                "clause",
                &id,
                "owner",
                before.owner.as_deref(),
                owner_after.as_deref(),
            )?;
            record(
                tx,
                actor,
                "clause",
                &id,
                "notes",
                Some(&before.notes),
                Some(&notes),
            )?;
            Ok(())
        })?;
        self.clauses()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| unknown(id.clone()))
    }

    /// Records whether a required document exists.
    pub fn set_document(
        &mut self,
        id: &str,
        present: bool,
        actor: &str,
    ) -> Result<(), WorkspaceError> {
        let catalogue = catalogue()?;
        let doc = catalogue
            .documents
            .iter()
            .find(|d| d.id == id.trim())
            .ok_or_else(|| {
                let ids: Vec<&str> = catalogue.documents.iter().map(|d| d.id.as_str()).collect();
                unknown(format!(
                    "{:?} is not a required document; they are: {}",
                    id.trim(),
                    ids.join(", ")
                ))
            })?;
        let before = self
            .clauses()?
            .iter()
            .flat_map(|c| c.documents.clone())
            .find(|(d, _)| d == &doc.id)
            .is_some_and(|(_, p)| p);
        self.write(|tx| {
            tx.execute(
                &format!(
                    "INSERT INTO document_state (document_id, present, updated_at) VALUES (?1, ?2, {NOW})
                     ON CONFLICT (document_id) DO UPDATE SET present = excluded.present,
                        updated_at = excluded.updated_at"
                ),
                params![doc.id, i64::from(present)],
            )
            .map_err(db)?;
            let word = |p: bool| if p { "present" } else { "missing" };
            record(tx, actor, "document", &doc.id, "present", Some(word(before)), Some(word(present)))
        })
    }

    /// The required documents that are not recorded as present.
    pub fn missing_documents(&self) -> Result<Vec<String>, WorkspaceError> {
        Ok(self
            .clauses()?
            .into_iter()
            .flat_map(|c| c.documents)
            .filter(|(_, present)| !present)
            .map(|(id, _)| id)
            .collect())
    }
}

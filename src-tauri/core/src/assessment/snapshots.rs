//! Snapshots: the assessment frozen under a name, and what moved between two of them.

use serde::{Deserialize, Serialize};

use super::*;

/// One control as a snapshot stores it, as JSON in the workspace. This is a file format of its
/// own: it must keep reading the snapshots already taken, whatever the CLI or the window show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SnapshotControl {
    id: String,
    title: String,
    theme: Theme,
    applicable: Option<bool>,
    justification: String,
    reasons: Vec<Reason>,
    status: Status,
    maturity: Option<u8>,
    owner: Option<String>,
    contributors: Vec<String>,
    target_date: Option<String>,
    priority: Option<Priority>,
    current_state: String,
    gap: String,
    updated_at: Option<String>,
    evidence_count: u32,
}

impl From<&ControlAssessment> for SnapshotControl {
    fn from(c: &ControlAssessment) -> Self {
        let control = Catalogue::bundled().ok().and_then(|cat| cat.control(c.id));
        SnapshotControl {
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

impl TryFrom<SnapshotControl> for ControlAssessment {
    type Error = WorkspaceError;

    fn try_from(v: SnapshotControl) -> Result<Self, Self::Error> {
        let id: ControlId =
            v.id.parse()
                .map_err(|e: crate::catalogue::BadControlId| invalid(e.to_string()))?;
        Ok(ControlAssessment {
            id,
            applicable: v.applicable,
            justification: v.justification,
            reasons: v.reasons,
            status: v.status,
            maturity: v.maturity,
            owner: v.owner,
            contributors: v.contributors,
            target_date: v.target_date,
            priority: v.priority,
            current_state: v.current_state,
            gap: v.gap,
            updated_at: v.updated_at,
            evidence_count: v.evidence_count,
        })
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

/// Freezes the assessment under `name` in `tx` (at `at`, a UTC timestamp, or now), and
/// returns the snapshot's row. The state is read inside the snapshot's own transaction, so it
/// is exactly the state at the moment the snapshot records, whatever another program writes.
/// The risk register adds its part in the same transaction (`Workspace::take_snapshot`).
pub(crate) fn snapshot_in(
    tx: &rusqlite::Transaction<'_>,
    name: &str,
    actor: &str,
    at: Option<&str>,
) -> Result<i64, WorkspaceError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid(
            "a snapshot needs a name, e.g. \"Gap analysis Nov 2026\"",
        ));
    }
    let controls: Vec<SnapshotControl> = read_controls(tx)?
        .iter()
        .map(SnapshotControl::from)
        .collect();
    let data = serde_json::to_string(&controls).map_err(|e| invalid(e.to_string()))?;
    let taken: Option<String> = tx
        .query_row("SELECT name FROM snapshot WHERE name = ?1", [name], |r| {
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
            "INSERT INTO snapshot (name, taken_at, actor, data)
             VALUES (?1, coalesce(?4, {NOW}), ?2, ?3)"
        ),
        params![name, actor, data, at],
    )
    .map_err(db)?;
    let id = tx.last_insert_rowid();
    record(tx, actor, "snapshot", name, "taken", None, Some(name))?;
    Ok(id)
}

impl Workspace {
    /// A snapshot that stands for the moment `at` (a UTC timestamp) instead of now, of the
    /// assessment only: "Example Ltd" uses it before it has a risk register, so that its
    /// kick-off and pre-audit review lie weeks in the past and its readiness over time has
    /// time in it.
    pub(super) fn take_snapshot_at(
        &mut self,
        name: &str,
        actor: &str,
        at: Option<&str>,
    ) -> Result<Snapshot, WorkspaceError> {
        self.write(|tx| snapshot_in(tx, name, actor, at))?;
        self.snapshot_named(name)
    }

    /// The snapshot named `name` (any case).
    pub fn snapshot_named(&self, name: &str) -> Result<Snapshot, WorkspaceError> {
        let name = name.trim();
        self.snapshots()?
            .into_iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| unknown(format!("there is no snapshot named {name:?}")))
    }

    /// Every snapshot, oldest first.
    pub fn snapshots(&self) -> Result<Vec<Snapshot>, WorkspaceError> {
        self.reading(|| {
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
        })
    }

    /// The assessment as it was frozen in the snapshot `name`.
    pub fn snapshot_controls(&self, name: &str) -> Result<Vec<ControlAssessment>, WorkspaceError> {
        self.reading(|| {
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
            let views: Vec<SnapshotControl> = serde_json::from_str(&data)
                .map_err(|e| invalid(format!("snapshot {name:?} is damaged: {e}")))?;
            views.into_iter().map(ControlAssessment::try_from).collect()
        })
    }
}

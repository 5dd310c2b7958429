//! The Annex A controls' assessment: applicability, status, owner and the rest, read and
//! changed one control at a time, every changed field recorded in the history.

use super::*;

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

/// The stored assessments (those ever changed), read through `conn`: the workspace's
/// connection, or the transaction of a change, which must plan from what it locked.
fn stored_controls(
    conn: &rusqlite::Connection,
) -> Result<BTreeMap<ControlId, ControlAssessment>, WorkspaceError> {
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

/// The assessment of all 93 controls, in id order, with their evidence counts, read through
/// `conn` (the workspace's connection, or the transaction of a change such as a snapshot).
pub(super) fn read_controls(
    conn: &rusqlite::Connection,
) -> Result<Vec<ControlAssessment>, WorkspaceError> {
    let catalogue = Catalogue::bundled().map_err(|e| invalid(e.to_string()))?;
    let mut stored = stored_controls(conn)?;
    let counts = crate::evidence::evidence_counts(conn)?;
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

impl Workspace {
    /// The assessment of all 93 controls, in id order (untouched ones as "not assessed").
    pub fn controls(&self) -> Result<Vec<ControlAssessment>, WorkspaceError> {
        self.reading(|| read_controls(self.connection()))
    }

    /// The assessment of one control.
    pub fn control(&self, input: &str) -> Result<ControlAssessment, WorkspaceError> {
        self.reading(|| {
            let id = control_id(input)?;
            let mut a = stored_controls(self.connection())?
                .remove(&id)
                .unwrap_or_else(|| ControlAssessment::untouched(id));
            a.evidence_count = self
                .evidence_counts()?
                .get(&id.to_string())
                .copied()
                .unwrap_or(0);
            Ok(a)
        })
    }

    /// Changes one control, recording every changed field in the history, in one transaction.
    pub fn set_control(
        &mut self,
        input: &str,
        patch: &ControlPatch,
        actor: &str,
    ) -> Result<ControlAssessment, WorkspaceError> {
        let id = control_id(input)?.to_string();
        // Planned from what the transaction reads, after the write lock is taken: a change
        // another program made a moment ago is the starting point, never put back unseen.
        self.write(|tx| {
            let (before, after) = plan_control(&stored_controls(tx)?, input, patch)?;
            store_control(tx, &before, &after, patch, actor)
        })?;
        self.control(&id)
    }

    /// Makes the same change to several controls (a workshop's "set these to planned") in one
    /// transaction: all of them change, or, when one change is refused, none.
    pub fn set_controls(
        &mut self,
        inputs: &[String],
        patch: &ControlPatch,
        actor: &str,
    ) -> Result<Vec<ControlAssessment>, WorkspaceError> {
        let ids = self.write(|tx| {
            // One read of the stored state plans every control of the batch.
            let stored = stored_controls(tx)?;
            let mut plans = Vec::new();
            for input in inputs {
                let plan = plan_control(&stored, input, patch)?;
                if !plans
                    .iter()
                    .any(|(b, _): &(ControlAssessment, _)| b.id == plan.0.id)
                {
                    plans.push(plan);
                }
            }
            for (before, after) in &plans {
                store_control(tx, before, after, patch, actor)?;
            }
            Ok(plans
                .iter()
                .map(|(before, _)| before.id.to_string())
                .collect::<Vec<_>>())
        })?;
        ids.iter().map(|id| self.control(id)).collect()
    }
}

/// A control before and after `patch`, checked, from `stored` (what the change's own
/// transaction read); nothing is written.
fn plan_control(
    stored: &BTreeMap<ControlId, ControlAssessment>,
    input: &str,
    patch: &ControlPatch,
) -> Result<(ControlAssessment, ControlAssessment), WorkspaceError> {
    let id = control_id(input)?;
    let before = stored
        .get(&id)
        .cloned()
        .unwrap_or_else(|| ControlAssessment::untouched(id));
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
    Ok((before, after))
}

/// Writes one planned change of a control and its history rows, in the caller's transaction.
fn store_control(
    tx: &rusqlite::Transaction<'_>,
    before: &ControlAssessment,
    after: &ControlAssessment,
    patch: &ControlPatch,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let id = before.id.to_string();
    let changes_before = history_rows(tx)?;
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
        tx.execute(
            "DELETE FROM control_contributor WHERE control_id = ?1",
            [&id],
        )
        .map_err(db)?;
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
        record(
            tx,
            actor,
            "control",
            &id,
            field,
            old.as_deref(),
            new.as_deref(),
        )
    };
    rec(
        "applicable",
        Some(applicable(before.applicable).into()),
        Some(applicable(after.applicable).into()),
    )?;
    rec(
        "justification",
        Some(before.justification.clone()),
        Some(after.justification.clone()),
    )?;
    rec(
        "reasons",
        Some(join_words(&before.reasons)),
        Some(join_words(&after.reasons)),
    )?;
    rec(
        "status",
        Some(before.status.to_string()),
        Some(after.status.to_string()),
    )?;
    rec(
        "maturity",
        before.maturity.map(|m| m.to_string()),
        after.maturity.map(|m| m.to_string()),
    )?;
    rec("owner", before.owner.clone(), owner_after)?;
    rec(
        "target_date",
        before.target_date.clone(),
        after.target_date.clone(),
    )?;
    rec(
        "priority",
        before.priority.map(|p| p.to_string()),
        after.priority.map(|p| p.to_string()),
    )?;
    rec(
        "current_state",
        Some(before.current_state.clone()),
        Some(after.current_state.clone()),
    )?;
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
        rec(
            "contributors",
            Some(before.contributors.join(", ")),
            Some(names.join(", ")),
        )?;
    }
    // A change that changed nothing keeps the control's time of last change.
    if let Some(at) = &before.updated_at
        && history_rows(tx)? == changes_before
    {
        tx.execute(
            "UPDATE control_state SET updated_at = ?1 WHERE control_id = ?2",
            params![at, id],
        )
        .map_err(db)?;
    }
    Ok(())
}

/// How many changes the history holds, to tell whether an edit recorded any.
fn history_rows(tx: &rusqlite::Transaction<'_>) -> Result<i64, WorkspaceError> {
    tx.query_row("SELECT count(*) FROM history", [], |r| r.get(0))
        .map_err(db)
}

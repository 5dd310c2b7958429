//! The risk treatment plan: actions that close gaps, each serving some controls.

use super::*;

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

/// The plan of actions, read through `conn`: the workspace's connection, or the transaction
/// of a change, which plans from what it locked.
fn read_actions(conn: &rusqlite::Connection) -> Result<Vec<Action>, WorkspaceError> {
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

impl Workspace {
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
        // Read inside the change's transaction, after the write lock is taken, so the history
        // starts each field from what another program may have written a moment ago.
        self.write(|tx| {
            let before = read_actions(tx)?
                .into_iter()
                .find(|a| a.id == id)
                .ok_or_else(|| unknown(format!("there is no action number {id}")))?;
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
        self.reading(|| {
            self.actions()?
                .into_iter()
                .find(|a| a.id == id)
                .ok_or_else(|| unknown(format!("there is no action number {id}")))
        })
    }

    /// The risk treatment plan, by due date (undated last), then number.
    pub fn actions(&self) -> Result<Vec<Action>, WorkspaceError> {
        self.reading(|| read_actions(self.connection()))
    }
}

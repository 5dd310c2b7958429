//! The organisation's own controls: adding, changing and reading them, and the risks that
//! chose each.

use rusqlite::{Connection, Transaction, params};

use super::grouped;
use crate::catalogue::vocabulary::Status;
use crate::risks::{OwnControl, OwnControlPatch, risk_ref};
use crate::store::history::record;
use crate::store::{NOW, WorkspaceError, db, invalid};

pub(in crate::risks) fn insert_own_control(
    tx: &Transaction<'_>,
    reference: &str,
    title: &str,
    patch: &OwnControlPatch,
    actor: &str,
) -> Result<i64, WorkspaceError> {
    let taken: bool = tx
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM own_control WHERE ref = ?1)",
            [reference],
            |r| r.get(0),
        )
        .map_err(db)?;
    if taken {
        return Err(invalid(format!(
            "there is already a control of the organisation's own with the id {reference:?}"
        )));
    }
    let description = patch.description.as_deref().unwrap_or("").trim();
    let status = patch.status.unwrap_or(Status::NotAssessed);
    tx.execute(
        &format!(
            "INSERT INTO own_control (ref, title, description, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, {NOW}, {NOW})"
        ),
        params![reference, title, description, status.as_str()],
    )
    .map_err(db)?;
    let id = tx.last_insert_rowid();
    record(
        tx,
        actor,
        "owncontrol",
        reference,
        "added",
        None,
        Some(title),
    )?;
    if !description.is_empty() {
        record(
            tx,
            actor,
            "owncontrol",
            reference,
            "description",
            None,
            Some(description),
        )?;
    }
    if patch.status.is_some() {
        record(
            tx,
            actor,
            "owncontrol",
            reference,
            "status",
            None,
            Some(status.as_str()),
        )?;
    }
    Ok(id)
}

pub(in crate::risks) fn update_own_control(
    tx: &Transaction<'_>,
    before: &OwnControl,
    patch: &OwnControlPatch,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let title = patch.title.as_deref().map(str::trim);
    let description = patch.description.as_deref().map(str::trim);
    let status = patch.status.map(|s| s.as_str());
    let changes = [
        ("title", before.title.as_str(), title),
        ("description", before.description.as_str(), description),
        ("status", before.status.as_str(), status),
    ];
    if changes
        .iter()
        .all(|(_, old, new)| new.is_none_or(|n| n == *old))
    {
        return Ok(());
    }
    tx.execute(
        &format!(
            "UPDATE own_control SET title = coalesce(?2, title),
                    description = coalesce(?3, description), status = coalesce(?4, status),
                    updated_at = {NOW}
             WHERE id = ?1"
        ),
        params![before.id, title, description, status],
    )
    .map_err(db)?;
    for (field, old, new) in changes {
        if let Some(new) = new {
            record(
                tx,
                actor,
                "owncontrol",
                &before.reference,
                field,
                Some(old),
                Some(new),
            )?;
        }
    }
    Ok(())
}

pub(in crate::risks) fn read_own_controls(
    conn: &Connection,
    only: Option<i64>,
) -> Result<Vec<OwnControl>, WorkspaceError> {
    // The risks that chose each, grouped by the control's number.
    let mut chosen = grouped(
        conn,
        "SELECT own_control_id, risk_id FROM risk_own_control ORDER BY risk_id",
        |r| r.get::<_, i64>(1),
    )?;
    let mut stmt = conn
        .prepare(
            "SELECT id, ref, title, description, status, updated_at FROM own_control
             WHERE ?1 IS NULL OR id = ?1 ORDER BY ref COLLATE NOCASE",
        )
        .map_err(db)?;
    let rows = stmt
        .query_map([only], |r| {
            let status: String = r.get(4)?;
            Ok(OwnControl {
                id: r.get(0)?,
                reference: r.get(1)?,
                title: r.get(2)?,
                description: r.get(3)?,
                status: status.parse().unwrap_or(Status::NotAssessed),
                risks: Vec::new(),
                updated_at: r.get(5)?,
            })
        })
        .map_err(db)?;
    let mut out: Vec<OwnControl> = rows.collect::<Result<_, _>>().map_err(db)?;
    for c in &mut out {
        c.risks = chosen
            .remove(&c.id)
            .unwrap_or_default()
            .into_iter()
            .map(risk_ref)
            .collect();
    }
    Ok(out)
}

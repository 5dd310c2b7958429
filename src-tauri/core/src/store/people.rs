//! The people lookup every domain uses when a name is given (an owner, an assignee, who
//! provided evidence): found ignoring case, or added to the directory and recorded.

use rusqlite::{OptionalExtension, Transaction};

use super::history::record;
use super::{WorkspaceError, db, invalid};

/// Finds a person by name (case-insensitive), adding them to the directory if absent.
pub(crate) fn person_id(
    tx: &Transaction<'_>,
    actor: &str,
    name: &str,
) -> Result<i64, WorkspaceError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid("a person's name must not be empty"));
    }
    if let Some(id) = tx
        .query_row("SELECT id FROM person WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()
        .map_err(db)?
    {
        return Ok(id);
    }
    tx.execute("INSERT INTO person (name) VALUES (?1)", [name])
        .map_err(db)?;
    let id = tx.last_insert_rowid();
    record(tx, actor, "person", name, "added", None, Some(name))?;
    Ok(id)
}

//! The people lookup every domain uses when a name is given (an owner, an assignee, who
//! provided evidence): found ignoring case, or added to the directory and recorded.

use rusqlite::{OptionalExtension, Transaction};

use super::history::record;
use super::{WorkspaceError, db, invalid};

/// The longest name a person may have, in characters. A name is shown in every list,
/// suggested in every field that names someone, and printed on the board report: a
/// 10,000-character "name" made the window's suggestion list crash the web view.
pub const MAX_NAME_CHARS: usize = 200;

/// A person's name as given, trimmed; refused when empty, longer than [`MAX_NAME_CHARS`] or
/// holding a line break or another control character.
pub(crate) fn person_name(name: &str) -> Result<&str, WorkspaceError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid("a person's name must not be empty"));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(invalid(format!(
            "a person's name is {chars} characters long; at most {MAX_NAME_CHARS} are allowed"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid(
            "a person's name must be one line, without tabs or other control characters",
        ));
    }
    Ok(name)
}

/// Finds a person by name (case-insensitive), adding them to the directory if absent.
pub(crate) fn person_id(
    tx: &Transaction<'_>,
    actor: &str,
    name: &str,
) -> Result<i64, WorkspaceError> {
    let name = person_name(name)?;
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

/// A person of the directory by name (case-insensitive): their id and their name as the
/// directory writes it. Never adds anyone: a decision or an owner must be someone known.
pub(crate) fn known_person(
    conn: &rusqlite::Connection,
    name: &str,
) -> Result<(i64, String), WorkspaceError> {
    let wanted = person_name(name)?;
    conn.query_row(
        "SELECT id, name FROM person WHERE name = ?1",
        [wanted],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .map_err(db)?
    .ok_or_else(|| {
        super::unknown(format!(
            "no person named {wanted:?} in this workspace (add them with `annexa people add`)"
        ))
    })
}

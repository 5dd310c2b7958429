//! Opening a workspace that came from someone else: the connection is made safe before anything
//! is read, and the schema must be exactly the one its migrations produce, so nothing planted
//! in the file (a trigger, a view, an index, a column) ever runs or is believed.

use std::path::Path;

use rusqlite::Connection;
use rusqlite::config::DbConfig;

use super::{MIGRATIONS, WorkspaceError, after_migration};

/// Makes a connection safe for a file that came from someone else: schema objects (triggers,
/// views) may not call functions the application registered, and defensive mode forbids the
/// pragmas and schema writes that could corrupt the file on purpose.
pub(crate) fn guard(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.pragma_update(None, "trusted_schema", false)
}

/// One object of a schema: its type, name, table and SQL text.
type SchemaObject = (String, String, String, Option<String>);

/// SQLite's own statistics tables (written by `ANALYZE` or `PRAGMA optimize`) only steer the
/// query planner; they may be present in any file. Only these, by exact type, name and SQL: a
/// trigger or view named `sqlite_stat1_evil` is not a statistics table, and SQLite would run
/// it like any other.
const STATISTICS: [(&str, &str); 2] = [
    ("sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)"),
    (
        "sqlite_stat4",
        "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
    ),
];

fn is_statistics((kind, name, table, sql): &SchemaObject) -> bool {
    kind == "table"
        && name == table
        && STATISTICS
            .iter()
            .any(|(n, s)| name == n && sql.as_deref() == Some(*s))
}

fn schema_of(conn: &Connection) -> rusqlite::Result<std::collections::BTreeSet<SchemaObject>> {
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let mut out = std::collections::BTreeSet::new();
    for row in rows {
        let row: SchemaObject = row?;
        if !is_statistics(&row) {
            out.insert(row);
        }
    }
    Ok(out)
}

/// The schema the first `version` migrations produce, built in memory.
pub(crate) fn expected_schema(
    version: usize,
) -> Result<std::collections::BTreeSet<SchemaObject>, WorkspaceError> {
    let mut conn = Connection::open_in_memory().map_err(|e| unknown_error(&e))?;
    let tx = conn.transaction().map_err(|e| unknown_error(&e))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().take(version) {
        tx.execute_batch(sql).map_err(|e| unknown_error(&e))?;
        after_migration(index + 1, &tx)?;
    }
    tx.commit().map_err(|e| unknown_error(&e))?;
    schema_of(&conn).map_err(|e| unknown_error(&e))
}

fn unknown_error(e: &rusqlite::Error) -> WorkspaceError {
    WorkspaceError::Unknown {
        message: e.to_string(),
    }
}

/// Refuses a file whose schema differs in any way from the one its migrations produce: an
/// extra trigger, a view in place of a table, an index or a column that Annexa did not make.
pub(super) fn check_schema(
    conn: &Connection,
    path: &Path,
    version: usize,
) -> Result<(), WorkspaceError> {
    let expected = expected_schema(version)?;
    let actual = schema_of(conn).map_err(|e| super::sqlite(path, e))?;
    if actual == expected {
        return Ok(());
    }
    let describe = |o: &SchemaObject| format!("{} {:?}", o.0, o.1);
    let extra: Vec<String> = actual.difference(&expected).map(describe).collect();
    let missing: Vec<String> = expected.difference(&actual).map(describe).collect();
    let what = match (extra.is_empty(), missing.is_empty()) {
        (false, true) => extra.join(", "),
        (true, false) => format!("a schema without {}", missing.join(", ")),
        _ => {
            // The same name on both sides means the object was changed, not added.
            let changed: Vec<&String> = extra.iter().filter(|e| missing.contains(e)).collect();
            if changed.is_empty() {
                format!("{} (and lacks {})", extra.join(", "), missing.join(", "))
            } else {
                let names: Vec<&str> = changed.iter().map(|s| s.as_str()).collect();
                format!("a changed {}", names.join(", a changed "))
            }
        }
    };
    Err(WorkspaceError::Tampered {
        path: path.to_owned(),
        what,
    })
}

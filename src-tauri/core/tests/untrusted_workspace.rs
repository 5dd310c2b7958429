//! Workspace files are untrusted input: a `.annexa` received from someone else is refused when
//! anything was planted in its schema, and history rows edited behind Annexa's back show as a
//! broken hash chain. Every attack is made with a plain SQLite connection, as an attacker would.

use std::path::{Path, PathBuf};

use annexa_core::assessment::ControlPatch;
use annexa_core::catalogue::vocabulary::Status;
use annexa_core::evidence::{EvidenceMeta, Target};
use annexa_core::store::{MIGRATIONS, NewWorkspace, Workspace, WorkspaceError};
use rusqlite::Connection;

/// A workspace with a few recorded changes and a link, closed again.
fn received(dir: &Path) -> PathBuf {
    let path = dir.join("received.annexa");
    let mut ws = Workspace::create(&path, &NewWorkspace::named("Sender Ltd")).expect("create");
    for (id, s) in [("A.5.1", Status::Implemented), ("A.5.2", Status::Planned)] {
        let patch = ControlPatch {
            status: Some(s),
            ..ControlPatch::default()
        };
        ws.set_control(id, &patch, "Sender").expect("set");
    }
    ws.add_link(
        "https://intranet.example/policy",
        "",
        &[Target::control("A.5.1").expect("t")],
        &EvidenceMeta::default(),
        "Sender",
    )
    .expect("link");
    path
}

fn tamper(path: &Path, sql: &str) {
    Connection::open(path)
        .and_then(|c| c.execute_batch(sql))
        .unwrap_or_else(|e| panic!("tampering with {sql}: {e}"));
}

/// Opening refuses the file, names what was planted, and leaves its bytes as they were.
fn check_refused(sql: &str, named: &str) {
    let dir = tempfile::tempdir().expect("temp");
    let path = received(dir.path());
    tamper(&path, sql);
    let before = std::fs::read(&path).expect("read");
    let err = Workspace::open(&path).expect_err(sql);
    assert!(
        matches!(err, WorkspaceError::Tampered { .. }),
        "{sql}: {err}"
    );
    let message = err.to_string();
    assert!(
        message.contains(named),
        "{sql}: expected {named:?} in {message}"
    );
    assert!(message.contains("changed outside Annexa"), "{message}");
    assert_eq!(std::fs::read(&path).expect("read"), before, "{sql}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no backup or journal: {leftovers:?}");
}

#[test]
fn planted_schema_objects_are_refused_by_name() {
    check_refused(
        "CREATE TRIGGER quiet BEFORE INSERT ON history BEGIN SELECT RAISE(IGNORE); END;",
        "trigger \"quiet\"",
    );
    check_refused(
        "CREATE TRIGGER redirect AFTER UPDATE ON evidence_version BEGIN
             UPDATE evidence_version SET url = 'https://evil.example/' WHERE url IS NOT NULL;
         END;",
        "trigger \"redirect\"",
    );
    check_refused(
        "DROP TABLE history;
         CREATE VIEW history (id, at, actor, entity, entity_id, field, old_value, new_value, hash)
             AS SELECT 1, '2026-01-01T00:00:00.000Z', 'Auditor', 'control', 'A.5.1',
                       'status', 'not_started', 'implemented', NULL;",
        "view \"history\"",
    );
    check_refused("CREATE TABLE notes (x TEXT);", "table \"notes\"");
    check_refused("CREATE INDEX spy ON person (name);", "index \"spy\"");
    check_refused(
        "ALTER TABLE person ADD COLUMN salary INTEGER;",
        "a changed table \"person\"",
    );
    check_refused(
        "DROP TRIGGER history_is_append_only_delete;",
        "a schema without trigger \"history_is_append_only_delete\"",
    );
}

/// The same check applies to a file of an older schema before it is migrated: the planted
/// trigger would otherwise survive the migration.
#[test]
fn an_older_workspace_with_a_planted_trigger_is_refused_before_migrating() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("old.annexa");
    let conn = Connection::open(&path).expect("db");
    conn.pragma_update(None, "application_id", annexa_core::store::APPLICATION_ID)
        .expect("id");
    for sql in &MIGRATIONS[..3] {
        conn.execute_batch(sql).expect("migration");
    }
    conn.execute_batch(
        "INSERT INTO workspace (id, organisation, created_at, catalogue_version)
             VALUES (1, 'Old Co', '2026-01-01T00:00:00Z', 'x');
         CREATE TRIGGER quiet BEFORE INSERT ON history BEGIN SELECT RAISE(IGNORE); END;
         PRAGMA user_version = 3;",
    )
    .expect("old file");
    drop(conn);
    let err = Workspace::open(&path).expect_err("refused");
    assert!(err.to_string().contains("trigger \"quiet\""), "{err}");
    assert!(!dir.path().join("old.annexa.schema-3.bak").exists());
}

/// Rows written by an older Annexa are chained when the file is migrated, so the whole
/// history is covered.
#[test]
fn migrating_an_older_workspace_chains_its_existing_history() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("old.annexa");
    let conn = Connection::open(&path).expect("db");
    conn.pragma_update(None, "application_id", annexa_core::store::APPLICATION_ID)
        .expect("id");
    for sql in &MIGRATIONS[..3] {
        conn.execute_batch(sql).expect("migration");
    }
    conn.execute_batch(
        "INSERT INTO workspace (id, organisation, created_at, catalogue_version)
             VALUES (1, 'Old Co', '2026-01-01T00:00:00Z', 'x');
         INSERT INTO history (at, actor, entity, entity_id, field, old_value, new_value) VALUES
             ('2026-01-02T10:00:00.000Z', 'Ana', 'control', 'A.5.1', 'status', 'not_started', 'planned'),
             ('2026-01-03T10:00:00.000Z', 'Ana', 'control', 'A.5.1', 'status', 'planned', 'implemented');
         PRAGMA user_version = 3;",
    )
    .expect("old file");
    drop(conn);
    let mut ws = Workspace::open(&path).expect("migrates");
    let check = ws.verify_history().expect("check");
    assert!(check.intact(), "{}", check.describe());
    assert_eq!(check.rows, 2);
    // The copy kept before the migration is named, since it still holds whatever is removed
    // from the workspace later.
    assert_eq!(
        ws.kept_copies(),
        vec![dir.path().join("old.annexa.schema-3.bak")]
    );
    let patch = ControlPatch {
        status: Some(Status::Planned),
        ..ControlPatch::default()
    };
    ws.set_control("A.5.2", &patch, "Ben").expect("set");
    let check = ws.verify_history().expect("check");
    assert!(check.intact() && check.rows == 3, "{}", check.describe());
}

/// History edited with the append-only triggers dropped and re-created (so the schema is
/// the expected one again) opens, but the chain shows exactly the rows that were touched.
#[test]
fn history_edited_behind_annexas_back_breaks_the_chain_where_it_was_edited() {
    let dir = tempfile::tempdir().expect("temp");
    let path = received(dir.path());
    let ws = Workspace::open(&path).expect("open");
    let intact = ws.verify_history().expect("check");
    assert!(intact.intact(), "{}", intact.describe());
    assert!(intact.rows >= 3);
    let head = intact.head.clone().expect("head");
    drop(ws);

    let reopen_after = |sql: &str| {
        let file = dir.path().join("copy.annexa");
        std::fs::copy(&path, &file).expect("copy");
        // The attacker keeps the triggers' exact text, so the schema matches again.
        let conn = Connection::open(&file).expect("db");
        let triggers: Vec<String> = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("triggers");
        assert_eq!(triggers.len(), 2);
        conn.execute_batch(&format!(
            "DROP TRIGGER history_is_append_only_update;
             DROP TRIGGER history_is_append_only_delete;
             {sql}
             {};",
            triggers.join(";\n")
        ))
        .expect("tamper");
        drop(conn);
        let ws = Workspace::open(&file).expect("the schema is as expected again");
        let check = ws.verify_history().expect("check");
        std::fs::remove_file(&file).expect("rm");
        check
    };
    let edited = reopen_after("UPDATE history SET actor = 'Someone else' WHERE id = 2;");
    assert_eq!(edited.broken, vec![2], "{}", edited.describe());
    assert!(
        edited.describe().contains("broken at 1 of"),
        "{}",
        edited.describe()
    );

    let removed = reopen_after("DELETE FROM history WHERE id = 2;");
    assert_eq!(
        removed.broken,
        vec![3],
        "the row after the gap: {}",
        removed.describe()
    );

    let inserted = reopen_after(
        "INSERT INTO history (id, at, actor, entity, entity_id, field, old_value, new_value, hash)
         SELECT 1000, at, 'Forger', entity, entity_id, field, old_value, new_value, hash
         FROM history WHERE id = 1;",
    );
    assert_eq!(inserted.broken, vec![1000], "{}", inserted.describe());
    assert_ne!(inserted.head.as_deref(), Some(head.as_str()));

    // Rewriting the chain itself from the edited row on needs the hash function, which is
    // public; what it cannot keep is the head that an earlier pack or check recorded.
    let untouched = reopen_after("");
    assert!(untouched.intact());
    assert_eq!(untouched.head.as_deref(), Some(head.as_str()));
}

/// The connection runs in SQLite's defensive mode with an untrusted schema, so even code that
/// reached it could not rewrite the schema table.
#[test]
fn the_connection_refuses_to_write_the_schema_table() {
    let dir = tempfile::tempdir().expect("temp");
    let path = received(dir.path());
    let mut ws = Workspace::open(&path).expect("open");
    let err = ws
        .write(|tx| {
            tx.execute_batch(
                "PRAGMA writable_schema = ON;
                 UPDATE sqlite_schema SET sql = 'CREATE TABLE x(y)' WHERE name = 'person';",
            )
            .map_err(|e| WorkspaceError::Unknown {
                message: e.to_string(),
            })
        })
        .expect_err("defensive mode");
    assert!(err.to_string().contains("sqlite_"), "{err}");
    drop(ws);
    Workspace::open(&path).expect("the file is unharmed");
}

/// Writes `sql` into the schema table itself, as an attacker with `writable_schema` does to
/// plant what SQLite would refuse to create (an object whose name starts with `sqlite_`).
fn plant(path: &Path, kind: &str, name: &str, table: &str, sql: &str) {
    let conn = Connection::open(path).expect("db");
    conn.execute_batch("PRAGMA writable_schema = ON;")
        .expect("writable schema");
    conn.execute(
        "INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql) VALUES (?1, ?2, ?3, 0, ?4)",
        (kind, name, table, sql),
    )
    .expect("plant");
    let version: i64 = conn
        .query_row("PRAGMA schema_version", [], |r| r.get(0))
        .expect("schema version");
    conn.execute_batch(&format!("PRAGMA schema_version = {};", version + 1))
        .expect("bump");
}

/// Objects named like SQLite's statistics tables used to be skipped by the schema check,
/// whatever they were: a trigger so named ran on the next change. Only the real statistics
/// tables, by exact name and SQL, are let through; `ANALYZE`'s own still are.
#[test]
fn objects_named_like_statistics_tables_are_checked_like_any_other() {
    let planted: [(&str, &str, &str); 3] = [
        (
            "sqlite_stat1_evil",
            "control_state",
            "CREATE TRIGGER sqlite_stat1_evil AFTER UPDATE ON control_state BEGIN
                 UPDATE control_state SET status = 'implemented' WHERE control_id = '5.15';
             END",
        ),
        (
            "sqlite_stat4_quiet",
            "history",
            "CREATE TRIGGER sqlite_stat4_quiet BEFORE INSERT ON history
                 WHEN NEW.entity_id = '5.15' BEGIN SELECT RAISE(IGNORE); END",
        ),
        (
            "sqlite_stat1",
            "history",
            "CREATE TRIGGER sqlite_stat1 BEFORE INSERT ON history BEGIN SELECT RAISE(IGNORE); END",
        ),
    ];
    for (name, table, sql) in planted {
        let dir = tempfile::tempdir().expect("temp");
        let path = received(dir.path());
        plant(&path, "trigger", name, table, sql);
        let before = std::fs::read(&path).expect("read");
        let err = Workspace::open(&path).expect_err(name);
        assert!(
            matches!(err, WorkspaceError::Tampered { .. }),
            "{name}: {err}"
        );
        assert!(err.to_string().contains(name), "{name}: {err}");
        assert_eq!(std::fs::read(&path).expect("read"), before, "{name}");
    }
    // The statistics `ANALYZE` writes are SQLite's own and steer only the query planner.
    let dir = tempfile::tempdir().expect("temp");
    let path = received(dir.path());
    tamper(&path, "ANALYZE;");
    let conn = Connection::open(&path).expect("db");
    let stats: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(stats, 1, "ANALYZE wrote its table");
    drop(conn);
    Workspace::open(&path).expect("real statistics are accepted");
}

/// A version Annexa never writes skipped the schema check on the first open, ran no
/// migration and was stamped current, so a planted trigger ran on the first write. Any
/// version below zero is refused as tampered and one above the known as too new, both
/// before anything is written.
#[test]
fn unknown_schema_versions_are_refused_before_anything_runs() {
    for version in [-1i64, -7, i64::from(i32::MIN)] {
        let dir = tempfile::tempdir().expect("temp");
        let path = received(dir.path());
        tamper(
            &path,
            &format!(
                "CREATE TRIGGER quiet BEFORE INSERT ON history BEGIN SELECT RAISE(IGNORE); END;
                 PRAGMA user_version = {version};"
            ),
        );
        let before = std::fs::read(&path).expect("read");
        let err = Workspace::open(&path).expect_err("negative version");
        assert!(
            matches!(err, WorkspaceError::Tampered { .. }),
            "{version}: {err}"
        );
        assert!(
            err.to_string()
                .contains(&format!("a schema version ({version})")),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }
    let dir = tempfile::tempdir().expect("temp");
    let path = received(dir.path());
    tamper(&path, "PRAGMA user_version = 1000;");
    let before = std::fs::read(&path).expect("read");
    let err = Workspace::open(&path).expect_err("too new");
    assert!(matches!(err, WorkspaceError::TooNew { .. }), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

/// An index rebuilt without some rows, its SQL then restored, passes a check of the schema's
/// text, and a listing through it leaves changes out while the chain (read in id order, not
/// through the index) is intact. The history's check asks SQLite to compare the history's
/// indexes with the table, so such a file is never silently short.
#[test]
fn a_history_index_short_of_rows_is_found() {
    let dir = tempfile::tempdir().expect("temp");
    let path = received(dir.path());
    let ws = Workspace::open(&path).expect("open");
    let subject = annexa_core::store::history::HistorySubject::typed("control:A.5.1")
        .expect("typed")
        .expect("a subject");
    let listed = ws.history_of(&subject).expect("history").len();
    assert!(listed > 0);
    assert!(ws.verify_history().expect("check").intact());
    drop(ws);
    let conn = Connection::open(&path).expect("db");
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'history_by_entity'",
            [],
            |r| r.get(0),
        )
        .expect("index sql");
    conn.execute_batch(
        "DROP INDEX history_by_entity;
         CREATE INDEX history_by_entity ON history (entity, entity_id, id) WHERE entity_id <> '5.1';
         PRAGMA writable_schema = ON;",
    )
    .expect("rebuild");
    conn.execute(
        "UPDATE sqlite_schema SET sql = ?1 WHERE name = 'history_by_entity'",
        [&sql],
    )
    .expect("restore the text");
    let version: i64 = conn
        .query_row("PRAGMA schema_version", [], |r| r.get(0))
        .expect("v");
    conn.execute_batch(&format!("PRAGMA schema_version = {};", version + 1))
        .expect("bump");
    drop(conn);

    let ws = Workspace::open(&path).expect("the schema's text is as expected");
    assert_eq!(
        ws.history_of(&subject).expect("history").len(),
        0,
        "the attack works: the listing is short"
    );
    let check = ws.verify_history().expect("check");
    assert!(!check.intact(), "{}", check.describe());
    assert_eq!(check.broken_count, 0, "the chain itself is intact");
    let said = check.describe();
    assert!(
        said.contains("history_by_entity") && said.contains("index"),
        "{said}"
    );
}

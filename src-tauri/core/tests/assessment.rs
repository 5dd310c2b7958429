//! The gap assessment on real workspace files: changes, history, bad input, readiness,
//! snapshots, migrations and two writers on one file.

use std::path::{Path, PathBuf};

use annexa_core::assessment::{self, ActionPatch, ControlPatch, PersonInput, PersonPatch};
use annexa_core::catalogue::vocabulary::{ActionStatus, Party, Reason, Status, Theme};
use annexa_core::store::{MIGRATIONS, NewWorkspace, Workspace, WorkspaceError};
use rusqlite::Connection;

fn new_workspace(dir: &Path) -> (PathBuf, Workspace) {
    let path = dir.join("acme.annexa");
    let ws = Workspace::create(&path, &NewWorkspace::named("Acme")).expect("create");
    (path, ws)
}

fn status(s: Status) -> ControlPatch {
    ControlPatch {
        status: Some(s),
        ..ControlPatch::default()
    }
}

#[test]
fn a_change_is_stored_and_every_field_recorded_in_the_history() {
    let dir = tempfile::tempdir().expect("temp");
    let (path, mut ws) = new_workspace(dir.path());
    let patch = ControlPatch {
        applicable: Some(Some(true)),
        reasons: Some(vec![
            Reason::Contractual,
            Reason::RiskAssessment,
            Reason::Contractual,
        ]),
        status: Some(Status::PartiallyImplemented),
        maturity: Some(Some(2)),
        owner: Some(Some("Jane Doe".into())),
        contributors: Some(vec!["Bob".into(), "Ana".into()]),
        target_date: Some(Some("2027-01-31".into())),
        current_state: Some("Draft policy exists".into()),
        gap: Some("Board approval missing".into()),
        ..ControlPatch::default()
    };
    ws.set_control("A.5.1", &patch, "consultant").expect("set");
    drop(ws);

    // Read back through a fresh connection, as the CLI or another window would.
    let ws = Workspace::open(&path).expect("open");
    let c = ws.control("5.1").expect("control");
    assert_eq!(c.applicable, Some(true));
    assert_eq!(c.reasons, vec![Reason::RiskAssessment, Reason::Contractual]);
    assert_eq!(c.status, Status::PartiallyImplemented);
    assert_eq!(c.maturity, Some(2));
    assert_eq!(c.owner.as_deref(), Some("Jane Doe"));
    assert_eq!(c.contributors, vec!["Ana".to_owned(), "Bob".to_owned()]);
    assert_eq!(c.target_date.as_deref(), Some("2027-01-31"));
    assert_eq!(c.gap, "Board approval missing");

    let history = ws.history(Some("A.5.1")).expect("history");
    let fields: Vec<&str> = history.iter().map(|h| h.field.as_str()).collect();
    for f in [
        "applicable",
        "reasons",
        "status",
        "maturity",
        "owner",
        "target_date",
        "current_state",
        "gap",
        "contributors",
    ] {
        assert!(fields.contains(&f), "no history for {f}: {fields:?}");
    }
    let st = history
        .iter()
        .find(|h| h.field == "status")
        .expect("status entry");
    assert_eq!(st.old_value.as_deref(), Some("not_assessed"));
    assert_eq!(st.new_value.as_deref(), Some("partially_implemented"));
    assert!(history.iter().all(|h| h.actor == "consultant"));
    // The people named were added to the directory, and that is in the history too.
    let names: Vec<String> = ws
        .people()
        .expect("people")
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Ana", "Bob", "Jane Doe"]);
    assert_eq!(ws.history(Some("Jane Doe")).expect("history").len(), 1);
}

#[test]
fn an_unchanged_field_adds_no_history() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, mut ws) = new_workspace(dir.path());
    ws.set_control("8.13", &status(Status::Planned), "a")
        .expect("set");
    let n = ws.history(None).expect("history").len();
    ws.set_control("8.13", &status(Status::Planned), "a")
        .expect("set again");
    assert_eq!(ws.history(None).expect("history").len(), n);
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    let (path, mut ws) = new_workspace(dir.path());
    ws.set_control("5.2", &status(Status::Planned), "a")
        .expect("set");
    let before = dump(&path);
    let history = ws.history(None).expect("history").len();

    let cases: Vec<(&str, ControlPatch, &str)> = vec![
        ("A.9.1", status(Status::Planned), "A.9.1 is not a control"),
        (
            "five",
            status(Status::Planned),
            "\"five\" is not an Annex A control id",
        ),
        (
            "5.2",
            ControlPatch {
                applicable: Some(Some(false)),
                ..ControlPatch::default()
            },
            "excluded but has no justification",
        ),
        (
            "5.2",
            ControlPatch {
                target_date: Some(Some("2027-13-01".into())),
                ..ControlPatch::default()
            },
            "\"2027-13-01\" is not a date",
        ),
        (
            "5.2",
            ControlPatch {
                maturity: Some(Some(6)),
                ..ControlPatch::default()
            },
            "maturity 6 is out of range",
        ),
        (
            "5.2",
            ControlPatch {
                owner: Some(Some("  ".into())),
                ..ControlPatch::default()
            },
            "name must not be empty",
        ),
        (
            "5.2",
            ControlPatch {
                owner: Some(Some("é".repeat(201))),
                ..ControlPatch::default()
            },
            "name is 201 characters long; at most 200 are allowed",
        ),
        (
            "5.2",
            ControlPatch {
                contributors: Some(vec!["Ana\nSilva".into()]),
                ..ControlPatch::default()
            },
            "must be one line",
        ),
    ];
    for (id, patch, message) in cases {
        let err = ws.set_control(id, &patch, "a").expect_err(message);
        assert!(
            err.to_string().contains(message),
            "{err} should contain {message}"
        );
    }
    assert_eq!(ws.control("5.2").expect("control").status, Status::Planned);
    assert_eq!(ws.history(None).expect("history").len(), history);
    drop(ws);
    assert_eq!(
        dump(&path),
        before,
        "a refused change altered the workspace"
    );
}

/// Every row of every table, as text: the workspace's whole state, to compare before/after.
fn dump(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("names");
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .expect("select");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| {
                        format!(
                            "{:?}",
                            r.get_ref(i).map(|v| format!("{v:?}")).unwrap_or_default()
                        )
                    })
                    .collect();
                Ok(format!("{t}: {}", cells.join(" | ")))
            })
            .expect("query");
        for row in rows {
            out.push(row.expect("row"));
        }
    }
    out
}

#[test]
fn an_exclusion_with_a_justification_is_kept() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, mut ws) = new_workspace(dir.path());
    let patch = ControlPatch {
        applicable: Some(Some(false)),
        justification: Some("No software is developed in house".into()),
        ..ControlPatch::default()
    };
    let c = ws.set_control("8.25", &patch, "a").expect("set");
    assert_eq!(c.applicable, Some(false));
    let report = ws.report("2026-11-22").expect("report");
    assert_eq!(report.soa.excluded, 1);
    assert_eq!(report.soa.excluded_without_justification, 0);
    // Clearing the justification of an excluded control is refused.
    let clear = ControlPatch {
        justification: Some(String::new()),
        ..ControlPatch::default()
    };
    assert!(ws.set_control("8.25", &clear, "a").is_err());
}

#[test]
fn the_history_cannot_be_rewritten() {
    let dir = tempfile::tempdir().expect("temp");
    let (path, mut ws) = new_workspace(dir.path());
    ws.set_control("5.1", &status(Status::Implemented), "a")
        .expect("set");
    drop(ws);
    let conn = Connection::open(&path).expect("raw open");
    let update = conn.execute("UPDATE history SET new_value = 'x'", []);
    assert!(
        update
            .expect_err("update")
            .to_string()
            .contains("append-only")
    );
    let delete = conn.execute("DELETE FROM history", []);
    assert!(
        delete
            .expect_err("delete")
            .to_string()
            .contains("append-only")
    );
}

#[test]
fn readiness_counts_partial_as_half_undecided_as_not_ready_and_leaves_out_excluded() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, mut ws) = new_workspace(dir.path());
    let yes = |s| ControlPatch {
        applicable: Some(Some(true)),
        status: Some(s),
        owner: Some(Some("Jane".into())),
        ..ControlPatch::default()
    };
    ws.set_control("5.1", &yes(Status::Implemented), "a")
        .expect("set");
    ws.set_control("5.2", &yes(Status::PartiallyImplemented), "a")
        .expect("set");
    ws.set_control(
        "8.1",
        &ControlPatch {
            applicable: Some(Some(true)),
            status: Some(Status::Planned),
            ..ControlPatch::default()
        },
        "a",
    )
    .expect("set");
    ws.set_control("8.2", &status(Status::Implemented), "a")
        .expect("undecided");
    ws.set_control(
        "7.4",
        &ControlPatch {
            applicable: Some(Some(false)),
            justification: Some("Office only".into()),
            status: Some(Status::Implemented),
            ..ControlPatch::default()
        },
        "a",
    )
    .expect("excluded");
    let r = ws.report("2026-11-22").expect("report");
    assert_eq!(r.overall.applicable, 3);
    assert_eq!(r.overall.implemented, 1);
    assert_eq!(r.overall.partially_implemented, 1);
    // 89 controls are undecided: they count as not ready, so 1.5 of 92, not 1.5 of 3. The
    // excluded 7.4 leaves the count, its "implemented" status notwithstanding.
    assert_eq!(r.overall.undecided, 89);
    assert!(
        (r.overall.score - 1.5 / 92.0).abs() < 1e-9,
        "{}",
        r.overall.score
    );
    let org = r
        .by_theme
        .iter()
        .find(|(t, _)| *t == Theme::Organizational)
        .expect("org");
    assert_eq!((org.1.applicable, org.1.undecided), (2, 35));
    assert!((org.1.score - 1.5 / 37.0).abs() < 1e-9);
    assert_eq!(r.by_owner.len(), 1);
    assert_eq!(r.by_owner[0].0, "Jane");
    assert_eq!(
        r.unowned_applicable
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
        ["8.1"]
    );
    assert_eq!(r.soa.decided, 4);
}

#[test]
fn late_controls_and_actions_depend_on_the_day() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, mut ws) = new_workspace(dir.path());
    ws.set_control(
        "5.1",
        &ControlPatch {
            target_date: Some(Some("2026-06-30".into())),
            ..ControlPatch::default()
        },
        "a",
    )
    .expect("set");
    let action = ws
        .add_action(
            &ActionPatch {
                title: Some("Approve the policy".into()),
                controls: Some(vec!["A.5.1".into(), "5.2".into()]),
                assignee: Some(Some("Jane".into())),
                due_date: Some(Some("2026-09-30".into())),
                status: None,
            },
            "a",
        )
        .expect("action");
    assert_eq!(action.controls.len(), 2);
    assert!(ws.report("2026-06-30").expect("r").late_controls.is_empty());
    assert_eq!(ws.report("2026-07-01").expect("r").late_controls.len(), 1);
    assert!(ws.report("2026-09-30").expect("r").late_actions.is_empty());
    assert_eq!(ws.report("2026-10-01").expect("r").late_actions.len(), 1);
    ws.update_action(
        action.id,
        &ActionPatch {
            status: Some(ActionStatus::Done),
            ..ActionPatch::default()
        },
        "a",
    )
    .expect("done");
    assert!(ws.report("2026-10-01").expect("r").late_actions.is_empty());
    ws.set_control("5.1", &status(Status::Implemented), "a")
        .expect("set");
    assert!(ws.report("2026-10-01").expect("r").late_controls.is_empty());

    let bad = ws.add_action(
        &ActionPatch {
            title: Some("x".into()),
            controls: Some(vec!["A.4.1".into()]),
            ..ActionPatch::default()
        },
        "a",
    );
    assert!(
        bad.expect_err("unknown control")
            .to_string()
            .contains("A.4.1")
    );
    let missing = ws.update_action(99, &ActionPatch::default(), "a");
    assert!(matches!(missing, Err(WorkspaceError::Unknown { .. })));
}

#[test]
fn snapshots_freeze_the_state_and_compare_shows_regressions() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, mut ws) = new_workspace(dir.path());
    ws.set_control(
        "5.1",
        &ControlPatch {
            status: Some(Status::Implemented),
            maturity: Some(Some(3)),
            ..ControlPatch::default()
        },
        "a",
    )
    .expect("set");
    ws.set_control("5.2", &status(Status::Planned), "a")
        .expect("set");
    ws.take_snapshot("Gap analysis Nov 2026", "a")
        .expect("snapshot");
    assert!(
        ws.take_snapshot("gap analysis nov 2026", "a").is_err(),
        "names are unique"
    );

    ws.set_control(
        "5.1",
        &ControlPatch {
            status: Some(Status::PartiallyImplemented),
            ..ControlPatch::default()
        },
        "a",
    )
    .expect("set");
    ws.set_control("5.2", &status(Status::Implemented), "a")
        .expect("set");
    let frozen = ws
        .snapshot_controls("Gap analysis Nov 2026")
        .expect("frozen");
    assert_eq!(
        frozen
            .iter()
            .find(|c| c.id.to_string() == "5.1")
            .expect("5.1")
            .status,
        Status::Implemented
    );

    let changes = assessment::compare(&frozen, &ws.controls().expect("now"));
    let summary: Vec<(String, &str, bool)> = changes
        .iter()
        .map(|c| (c.id.to_string(), c.field, c.regression))
        .collect();
    assert_eq!(
        summary,
        [
            ("5.1".to_owned(), "status", true),
            ("5.2".to_owned(), "status", false)
        ]
    );

    ws.take_snapshot("Stage 1 audit", "a").expect("second");
    let between = assessment::compare(
        &ws.snapshot_controls("Gap analysis Nov 2026").expect("a"),
        &ws.snapshot_controls("Stage 1 audit").expect("b"),
    );
    assert_eq!(between.len(), 2);
    assert!(ws.snapshot_controls("Nope").is_err());
}

#[test]
fn people_are_unique_by_name_and_departments_are_parties() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, mut ws) = new_workspace(dir.path());
    let p = ws
        .add_person(
            &PersonInput {
                name: "Ana Silva".into(),
                role: "CISO".into(),
                department: Some(Party::Security),
                email: "ana@example.org".into(),
            },
            "a",
        )
        .expect("add");
    assert_eq!(p.department, Some(Party::Security));
    let dup = ws.add_person(
        &PersonInput {
            name: "ana silva".into(),
            ..PersonInput::default()
        },
        "a",
    );
    assert!(
        dup.expect_err("duplicate")
            .to_string()
            .contains("already in the directory")
    );
    // A name of exactly the longest length is taken (counted in characters, not bytes), one
    // longer is refused, and so is a rename to one.
    let longest = "é".repeat(annexa_core::store::MAX_NAME_CHARS);
    let added = ws.add_person(
        &PersonInput {
            name: format!("  {longest}  "),
            ..PersonInput::default()
        },
        "a",
    );
    assert_eq!(added.expect("the longest name").name, longest);
    let too_long = format!("{longest}é");
    let refused = ws.add_person(
        &PersonInput {
            name: too_long.clone(),
            ..PersonInput::default()
        },
        "a",
    );
    assert!(refused.is_err(), "a name too long was added");
    let rename = ws.update_person(
        "Ana Silva",
        &PersonPatch {
            rename: Some(too_long),
            ..PersonPatch::default()
        },
        "a",
    );
    assert!(
        rename
            .expect_err("a rename too long")
            .to_string()
            .contains("at most 200 are allowed")
    );
    // Owning by a differently cased name finds the same person.
    ws.set_control(
        "5.2",
        &ControlPatch {
            owner: Some(Some("ANA SILVA".into())),
            ..ControlPatch::default()
        },
        "a",
    )
    .expect("set");
    // Ana Silva and the one with the longest name: no one new.
    assert_eq!(ws.people().expect("people").len(), 2);
    assert_eq!(
        ws.control("5.2").expect("c").owner.as_deref(),
        Some("Ana Silva")
    );
}

/// A workspace as the first version of Annexa wrote it: schema 1, organisation "Old Co".
fn first_version_workspace(path: &Path) {
    let conn = Connection::open(path).expect("db");
    conn.pragma_update(None, "application_id", annexa_core::store::APPLICATION_ID)
        .expect("app id");
    conn.execute_batch(MIGRATIONS[0]).expect("v1");
    conn.execute(
        "INSERT INTO workspace (id, organisation, created_at, catalogue_version) VALUES (1, 'Old Co', '2026-01-01T00:00:00Z', 'iso27001-2022@1')",
        [],
    )
    .expect("row");
    conn.pragma_update(None, "user_version", 1)
        .expect("version");
}

#[test]
fn an_older_workspace_is_migrated_after_a_copy_is_kept() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("old.annexa");
    first_version_workspace(&path);
    let ws = Workspace::open(&path).expect("open and migrate");
    assert_eq!(ws.schema_version().expect("v"), MIGRATIONS.len() as i64);
    assert_eq!(ws.organisation().expect("org").name, "Old Co");
    let backup = dir.path().join("old.annexa.schema-1.bak");
    let copy = Connection::open(&backup).expect("backup opens");
    let v: i64 = copy
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("v");
    assert_eq!(v, 1);
    let org: String = copy
        .query_row("SELECT organisation FROM workspace", [], |r| r.get(0))
        .expect("org");
    assert_eq!(org, "Old Co");
}

/// The window and the CLI, both just upgraded, open the same older file at the same moment:
/// both get it, migrated once, with one whole copy of the old version kept.
#[test]
fn two_programs_opening_an_older_workspace_at_once_migrate_it_once() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("old.annexa");
    first_version_workspace(&path);
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    let opener = || {
        let (path, start) = (path.clone(), start.clone());
        std::thread::spawn(move || {
            start.wait();
            Workspace::open(&path).map(|ws| ws.schema_version().expect("version"))
        })
    };
    let (a, b) = (opener(), opener());
    let known = MIGRATIONS.len() as i64;
    assert_eq!(a.join().expect("first").expect("first opens"), known);
    assert_eq!(b.join().expect("second").expect("second opens"), known);
    let ws = Workspace::open(&path).expect("open");
    assert_eq!(ws.organisation().expect("org").name, "Old Co");
    assert!(ws.verify_history().expect("check").intact());
    let copy = Connection::open(dir.path().join("old.annexa.schema-1.bak")).expect("backup");
    let v: i64 = copy
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("v");
    assert_eq!(v, 1);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(names.is_empty(), "left behind: {names:?}");
}

#[test]
fn two_writers_on_one_file_lose_no_change() {
    let dir = tempfile::tempdir().expect("temp");
    let (path, ws) = new_workspace(dir.path());
    drop(ws);
    let ids: Vec<String> = annexa_core::Catalogue::bundled()
        .expect("c")
        .controls
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    let (left, right) = ids.split_at(ids.len() / 2);
    let writer = |mine: Vec<String>, who: &'static str| {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut ws = Workspace::open(&path).expect("open");
            for id in &mine {
                ws.set_control(id, &status(Status::Planned), who)
                    .expect("set");
            }
        })
    };
    let a = writer(left.to_vec(), "left");
    let b = writer(right.to_vec(), "right");
    a.join().expect("left writer");
    b.join().expect("right writer");
    let ws = Workspace::open(&path).expect("open");
    assert!(
        ws.controls()
            .expect("controls")
            .iter()
            .all(|c| c.status == Status::Planned)
    );
    assert_eq!(ws.history(None).expect("history").len(), ids.len());
}

/// Two programs changing different fields of the same control at once (the window the
/// status, a script the gap): every change lands, and each field's history is a chain in
/// which every row starts from the value the row before it left. A change planned from a read
/// made before the write lock would put back the other program's value unrecorded.
#[test]
fn two_writers_on_one_control_lose_no_change() {
    const ROUNDS: usize = 150;
    let dir = tempfile::tempdir().expect("temp");
    let (path, ws) = new_workspace(dir.path());
    drop(ws);
    let writer = |field: &'static str| {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut ws = Workspace::open(&path).expect("open");
            for i in 0..ROUNDS {
                let value = format!("{field} {i}");
                let patch = if field == "gap" {
                    ControlPatch {
                        gap: Some(value),
                        ..ControlPatch::default()
                    }
                } else {
                    ControlPatch {
                        current_state: Some(value),
                        ..ControlPatch::default()
                    }
                };
                ws.set_control("A.5.1", &patch, field).expect("set");
            }
        })
    };
    let a = writer("gap");
    let b = writer("current_state");
    a.join().expect("gap writer");
    b.join().expect("current state writer");
    let ws = Workspace::open(&path).expect("open");
    let c = ws.control("A.5.1").expect("control");
    assert_eq!(c.gap, format!("gap {}", ROUNDS - 1));
    assert_eq!(c.current_state, format!("current_state {}", ROUNDS - 1));
    let history = ws.history(Some("A.5.1")).expect("history");
    for field in ["gap", "current_state"] {
        let rows: Vec<_> = history.iter().filter(|h| h.field == field).collect();
        assert_eq!(rows.len(), ROUNDS, "{field}: one row per change");
        for pair in rows.windows(2) {
            assert_eq!(
                pair[1].old_value, pair[0].new_value,
                "{field}: a change started from a value another change had replaced"
            );
        }
    }
}

/// Another program holding the file (a long import, a script): a change and a read wait out
/// the busy timeout, then say so in words, and nothing is written.
#[test]
fn a_file_held_by_another_program_is_busy_in_words_and_nothing_changes() {
    let dir = tempfile::tempdir().expect("temp");
    let (path, mut ws) = new_workspace(dir.path());
    let holder = Connection::open(&path).expect("second connection");
    holder
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("hold the file");
    let write = ws
        .set_control("A.5.1", &status(Status::Planned), "a")
        .expect_err("the file is held");
    assert!(matches!(write, WorkspaceError::Busy { .. }), "{write:?}");
    assert_eq!(
        write.to_string(),
        format!(
            "{} is being written by another program; try again in a moment",
            path.display()
        )
    );
    let read = ws.controls().expect_err("the file is held");
    assert!(matches!(read, WorkspaceError::Busy { .. }), "{read:?}");
    assert_eq!(
        read.to_string(),
        "the workspace is being written by another program; try again in a moment"
    );
    holder.execute_batch("ROLLBACK").expect("let go");
    assert_eq!(
        ws.control("A.5.1").expect("control").status,
        Status::NotAssessed
    );
    assert!(ws.history(None).expect("history").is_empty());
}

#[test]
fn a_change_that_changes_nothing_keeps_the_time_of_the_last_change() {
    let dir = tempfile::tempdir().expect("temp");
    let (_path, mut ws) = new_workspace(dir.path());
    let first = ws
        .set_control("A.5.1", &status(Status::Planned), "a")
        .expect("set");
    let changes = ws.history(None).expect("history").len();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let again = ws
        .set_control("A.5.1", &status(Status::Planned), "a")
        .expect("set again");
    assert_eq!(again.updated_at, first.updated_at, "nothing changed");
    assert_eq!(ws.history(None).expect("history").len(), changes);
    let moved = ws
        .set_control("A.5.1", &status(Status::Implemented), "a")
        .expect("set");
    assert_ne!(moved.updated_at, first.updated_at, "a real change is dated");
}

/// "Example Ltd" has something in every part of a workspace, is in progress whatever today is,
/// and its history is a proper chain.
#[test]
fn the_example_workspace_is_part_finished_in_every_part() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("example.annexa");
    let ws = assessment::create_example(&path, "Annexa").expect("example");
    let today = ws.today().expect("today");
    assert_eq!(ws.organisation().expect("org").name, "Example Ltd");
    assert!(ws.people().expect("people").len() >= 6);
    let report = ws.report(&today).expect("report");
    assert!(
        report.soa.decided > 20 && report.soa.decided < 93,
        "{:?}",
        report.soa
    );
    assert!(report.soa.excluded >= 1 && report.soa.excluded_without_justification == 0);
    assert!(
        report.overall.score > 0.0 && report.overall.score < 0.5,
        "{:?}",
        report.overall
    );
    assert!(!report.late_controls.is_empty(), "some controls are late");
    assert!(!report.late_actions.is_empty(), "some actions are late");
    assert!(
        report
            .expiring_evidence
            .iter()
            .any(|e| e.is_expired(&today)),
        "one piece of evidence has expired"
    );
    assert!(
        report
            .expiring_evidence
            .iter()
            .any(|e| !e.is_expired(&today)),
        "one expires soon"
    );
    // Readiness over time has time in it: the kick-off ten weeks ago, the review two.
    let snapshots = ws.snapshots().expect("snapshots");
    let taken: Vec<(&str, &str)> = snapshots
        .iter()
        .map(|s| (s.name.as_str(), &s.taken_at[..10]))
        .collect();
    let day = |offset: i32| -> String {
        rusqlite::Connection::open_in_memory()
            .expect("sqlite")
            .query_row("SELECT date('now', ?1 || ' days')", [offset], |r| r.get(0))
            .expect("date")
    };
    assert_eq!(
        taken,
        [
            ("Kick-off gap analysis", day(-70).as_str()),
            ("Pre-audit review", day(-14).as_str())
        ]
    );
    let earlier = ws
        .snapshot_controls("Kick-off gap analysis")
        .expect("kick-off");
    let changes = assessment::compare(&earlier, &ws.controls().expect("controls"));
    assert!(changes.len() > 5, "progress between the snapshots");
    assert!(ws.verify_history().expect("chain").intact());
    // A second example at the same path is refused, the first left as it is.
    drop(ws);
    let before = std::fs::read(&path).expect("read");
    assert!(assessment::create_example(&path, "Annexa").is_err());
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

/// A workshop sets several controls at once: one transaction, all or none.
#[test]
fn several_controls_change_together_or_not_at_all() {
    let dir = tempfile::tempdir().expect("temp");
    let (_path, mut ws) = new_workspace(dir.path());
    let ids: Vec<String> = ["A.5.1", "5.2", "a.5.3", "A.5.1"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let saved = ws
        .set_controls(&ids, &status(Status::Planned), "workshop")
        .expect("set");
    assert_eq!(saved.len(), 3, "a control named twice changes once");
    assert!(saved.iter().all(|c| c.status == Status::Planned));
    assert_eq!(ws.history(None).expect("history").len(), 3);

    // One refused change (an exclusion without a justification for 5.2) leaves all three.
    let exclude = ControlPatch {
        applicable: Some(Some(false)),
        ..ControlPatch::default()
    };
    assert!(ws.set_controls(&ids, &exclude, "workshop").is_err());
    let unknown: Vec<String> = vec!["A.5.1".into(), "A.9.9".into()];
    assert!(
        ws.set_controls(&unknown, &status(Status::Implemented), "w")
            .is_err()
    );
    assert_eq!(
        ws.control("A.5.1").expect("5.1").status,
        Status::Planned,
        "nothing changed"
    );
    assert_eq!(ws.history(None).expect("history").len(), 3);
}

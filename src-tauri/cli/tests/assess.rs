//! The assessment commands as a consultant runs them in a workshop: real `annexa` processes on
//! a real workspace file, checking output, exit codes and that refused input changes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Ws {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Ws {
    fn new() -> Ws {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("client.annexa");
        let ws = Ws { _dir: dir, path };
        let o = ws.run(&[
            "init",
            ws.path.to_str().expect("utf-8"),
            "--org",
            "Client plc",
            "--target-date",
            "2027-06-30",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        ws
    }

    fn run(&self, args: &[&str]) -> Output {
        run_on(&self.path, args)
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "annexa {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("utf-8")
    }

    fn fails(&self, args: &[&str]) -> (i32, String) {
        let o = self.run(args);
        assert!(!o.status.success(), "annexa {args:?} should have failed");
        (
            o.status.code().expect("exit code"),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&all)).expect("json")
    }
}

fn run_on(path: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_annexa"))
        .args(args)
        // Never a terminal, as in a script: commands that would ask need --yes.
        .stdin(std::process::Stdio::null())
        .env("ANNEXA_WORKSPACE", path)
        .env("ANNEXA_USER", "Workshop Lead")
        .env("XDG_DATA_HOME", "/nonexistent-annexa-test-dir")
        .output()
        .expect("run annexa")
}

#[test]
fn controls_json_lists_all_93_with_the_documented_fields() {
    let ws = Ws::new();
    let json = ws.json(&["controls"]);
    let controls = json.as_array().expect("array");
    assert_eq!(controls.len(), 93);
    for key in [
        "id",
        "title",
        "theme",
        "applicable",
        "justification",
        "status",
        "owner",
        "maturity",
        "target_date",
        "evidence_count",
    ] {
        assert!(controls[0].get(key).is_some(), "missing {key}");
    }
    assert_eq!(controls[0]["status"], "not_assessed");
    assert!(controls[0]["applicable"].is_null());
}

#[test]
fn set_then_read_back_filter_and_see_history() {
    let ws = Ws::new();
    ws.ok(&[
        "set",
        "A.5.15",
        "--applicable",
        "yes",
        "--status",
        "partially_implemented",
        "--owner",
        "Ana Silva",
        "--maturity",
        "3",
        "--target-date",
        "2027-02-28",
        "--reason",
        "risk_assessment,contractual",
        "--note",
        "RBAC in the ERP only",
        "--gap",
        "No joiner-mover-leaver review",
    ]);
    ws.ok(&[
        "set",
        "8.25",
        "--applicable",
        "no",
        "--justification",
        "No in-house development",
    ]);

    let mine = ws.json(&["controls", "--owner", "ana silva"]);
    assert_eq!(mine.as_array().expect("array").len(), 1);
    let c = &mine[0];
    assert_eq!(c["id"], "A.5.15");
    assert_eq!(c["applicable"], true);
    assert_eq!(c["status"], "partially_implemented");
    assert_eq!(c["maturity"], 3);
    assert_eq!(c["target_date"], "2027-02-28");

    let excluded = ws.json(&[
        "controls",
        "--theme",
        "technological",
        "--status",
        "not_assessed",
    ]);
    let e = excluded
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["id"] == "A.8.25")
        .expect("A.8.25");
    assert_eq!(e["applicable"], false);
    assert_eq!(e["justification"], "No in-house development");

    let history = ws.json(&["history", "A.5.15"]);
    let entries = history.as_array().expect("array");
    assert!(
        entries
            .iter()
            .all(|h| h["actor"] == "Workshop Lead" && h["subject"] == "control:A.5.15")
    );
    assert!(entries.iter().any(|h| h["field"] == "status"
        && h["old_value"] == "not_assessed"
        && h["new_value"] == "partially_implemented"));

    // CSV holds the JSON's fields under the same names, with raw values.
    let csv = ws.ok(&["controls", "--format", "csv", "--owner", "Ana Silva"]);
    let mut lines = csv.split("\r\n");
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    assert_eq!(header[..4], ["id", "title", "theme", "applicable"], "{csv}");
    let row: Vec<&str> = lines.next().expect("row").split(',').collect();
    let cell = |name: &str| row[header.iter().position(|h| *h == name).expect(name)];
    assert_eq!(
        (
            cell("id"),
            cell("applicable"),
            cell("maturity"),
            cell("priority")
        ),
        ("A.5.15", "true", "3", "")
    );
    assert_eq!(cell("reasons"), "risk_assessment; contractual");
}

#[test]
fn refused_input_names_the_problem_and_changes_nothing() {
    let ws = Ws::new();
    ws.ok(&["set", "5.1", "--status", "planned"]);
    let before = ws.ok(&["history", "--format", "csv"]);
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["set", "A.5.99", "--status", "planned"],
            3,
            "A.5.99 is not a control",
        ),
        (
            &["set", "5.1", "--status", "done"],
            2,
            "unknown implementation status \"done\"",
        ),
        (
            &["set", "5.1", "--target-date", "31/01/2027"],
            2,
            "\"31/01/2027\" is not a date",
        ),
        (
            &["set", "5.1", "--applicable", "no"],
            2,
            "has no justification",
        ),
        (&["set", "5.1", "--maturity", "7"], 2, "--maturity \"7\""),
        (
            &["set", "5.1", "--applicable", "maybe"],
            2,
            "use yes, no or undecided",
        ),
        (&["set", "5.1"], 2, "nothing to change"),
        (
            &["actions", "add", "Fix it", "--due", "tomorrow"],
            2,
            "\"tomorrow\" is not a date",
        ),
        (
            &["snapshot", "compare", "Nope"],
            3,
            "no snapshot named \"Nope\"",
        ),
    ];
    for (args, code, message) in cases {
        let o = ws.run(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(*code), "annexa {args:?}: {err}");
        assert!(
            err.contains(message),
            "annexa {args:?}: {err} should contain {message}"
        );
    }
    assert_eq!(ws.ok(&["history", "--format", "csv"]), before);
    assert_eq!(ws.json(&["controls"])[0]["status"], "planned");
}

#[test]
fn a_file_that_is_not_a_workspace_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("budget.xlsx");
    std::fs::write(&path, b"PK\x03\x04 not a workspace at all").expect("write");
    let o = run_on(&path, &["set", "5.1", "--status", "planned"]);
    assert_eq!(o.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not an Annexa workspace"));
    assert_eq!(
        std::fs::read(&path).expect("read"),
        b"PK\x03\x04 not a workspace at all"
    );
}

#[test]
fn people_actions_snapshots_and_report() {
    let ws = Ws::new();
    ws.ok(&[
        "people",
        "add",
        "Ana Silva",
        "--role",
        "CISO",
        "--department",
        "security",
        "--email",
        "ana@client.example",
    ]);
    // Adding someone already there changes nothing and says how to change them.
    let o = ws.run(&["people", "add", "Ana Silva"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("nothing was changed"));
    let o = ws.run(&["people", "add", "Bo", "--department", "marketing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown responsible party \"marketing\""));

    ws.ok(&[
        "set",
        "5.1",
        "--applicable",
        "yes",
        "--status",
        "implemented",
        "--owner",
        "Ana Silva",
    ]);
    ws.ok(&[
        "set",
        "5.2",
        "--applicable",
        "yes",
        "--status",
        "partially_implemented",
        "--target-date",
        "2020-01-01",
    ]);
    ws.ok(&[
        "actions",
        "add",
        "Assign roles",
        "--control",
        "5.2",
        "--assignee",
        "Ana Silva",
        "--due",
        "2020-02-01",
    ]);
    ws.ok(&[
        "actions",
        "add",
        "Later work",
        "--control",
        "5.3",
        "--due",
        "2999-01-01",
    ]);
    let late = ws.json(&["actions", "list", "--late"]);
    assert_eq!(late.as_array().expect("array").len(), 1);
    assert_eq!(late[0]["title"], "Assign roles");
    assert_eq!(late[0]["controls"][0], "A.5.2");

    ws.ok(&["snapshot", "take", "Gap analysis"]);
    ws.ok(&["set", "5.1", "--status", "planned"]);
    let diff = ws.json(&["snapshot", "compare", "Gap analysis"]);
    assert_eq!(diff.as_array().expect("array").len(), 1);
    assert_eq!(diff[0]["id"], "A.5.1");
    assert_eq!(diff[0]["regression"], true);

    let report = ws.json(&["report"]);
    assert_eq!(report["readiness"]["applicable"], 2);
    // The 91 undecided controls count as not ready: half a control of 93.
    assert_eq!(report["readiness"]["undecided"], 91);
    let score = report["readiness"]["score"].as_f64().expect("score");
    assert!((score - 0.5 / 93.0).abs() < 1e-9, "{score}");
    assert_eq!(report["late_controls"][0], "A.5.2");
    assert_eq!(report["unowned_applicable_controls"][0], "A.5.2");
    assert_eq!(report["late_actions"].as_array().expect("array").len(), 1);
    assert_eq!(report["soa_decided"], 2);

    let ana = ws.json(&["people", "show", "ana silva"]);
    assert_eq!(ana["person"]["name"], "Ana Silva");
    assert_eq!(ana["owns"].as_array().expect("array").len(), 1);
}

/// The people directory, as the README walks it: owners named in `set` are added, adding them
/// again changes nothing and says how; `people set` changes and renames (what they own
/// follows); `people remove` is refused while they answer for anything, asks for --yes outside
/// a terminal, and with --reassign hands everything over, each move in the history; `people
/// show` is one object with what they own, contribute to, are assigned and provided, and what
/// of it is late.
#[test]
fn people_are_added_changed_renamed_shown_and_removed_without_losing_anything() {
    let ws = Ws::new();
    ws.ok(&[
        "set",
        "A.5.1",
        "--applicable",
        "yes",
        "--owner",
        "Ana Silva",
        "--target-date",
        "2020-01-31",
    ]);
    ws.ok(&["set", "A.5.2", "--contributor", "Ana Silva"]);
    let again = ws.ok(&["people", "add", "Ana Silva", "--role", "CISO"]);
    assert!(
        again.contains("already in the directory; nothing was changed"),
        "{again}"
    );
    assert!(again.contains("annexa people set \"Ana Silva\""), "{again}");
    assert_eq!(ws.json(&["people", "list"])[0]["role"], "");

    let set = ws.ok(&[
        "people",
        "set",
        "ana silva",
        "--role",
        "CISO",
        "--department",
        "security",
    ]);
    assert!(
        set.contains(r#"role "" -> "CISO""#) && set.contains("department"),
        "{set}"
    );
    let listed = ws.json(&["people", "list"]);
    assert_eq!(listed[0]["role"], "CISO");
    assert_eq!(listed[0]["department"], "security");
    assert!(
        ws.ok(&["people", "set", "Ana Silva", "--role", "CISO"])
            .contains("nothing changed")
    );
    let (code, message) = ws.fails(&["people", "set", "Nobody", "--role", "x"]);
    assert_eq!(code, 3, "{message}");

    ws.ok(&["people", "add", "Bob Brown"]);
    let (code, message) = ws.fails(&["people", "set", "Ana Silva", "--rename", "bob brown"]);
    assert_eq!(code, 2, "{message}");
    ws.ok(&["people", "set", "Ana Silva", "--rename", "Ana Sousa"]);
    assert_eq!(ws.json(&["controls"])[0]["owner"], "Ana Sousa");
    ws.ok(&[
        "actions",
        "add",
        "Review access",
        "--control",
        "A.5.1",
        "--assignee",
        "Ana Sousa",
        "--due",
        "2020-02-01",
    ]);

    let shown = ws.json(&["people", "show", "Ana Sousa"]);
    assert_eq!(shown["person"]["role"], "CISO");
    assert_eq!(shown["owns"][0]["id"], "A.5.1");
    assert_eq!(shown["contributes_to"][0]["id"], "A.5.2");
    assert_eq!(shown["actions"][0]["title"], "Review access");
    assert_eq!(shown["late_controls"], serde_json::json!(["A.5.1"]));
    assert_eq!(shown["late_actions"], serde_json::json!([1]));
    let table = ws.ok(&["people", "show", "Ana Sousa"]);
    assert!(
        table.contains("owns") && table.contains("is assigned") && table.contains("late"),
        "{table}"
    );

    let (code, message) = ws.fails(&["people", "remove", "Ana Sousa", "--yes"]);
    assert_eq!(code, 2, "{message}");
    assert!(
        message.contains("owns 1 control, contributes to 1 control, is assigned 1 action")
            && message.contains("--reassign"),
        "{message}"
    );
    let (code, message) = ws.fails(&["people", "remove", "Ana Sousa", "--reassign", "Bob Brown"]);
    assert_eq!(code, 2, "{message}");
    assert!(
        message.contains("pass --yes"),
        "not confirmed outside a terminal: {message}"
    );
    assert_eq!(
        ws.json(&["people", "list"])
            .as_array()
            .expect("array")
            .len(),
        2
    );

    let removed = ws.ok(&[
        "people",
        "remove",
        "Ana Sousa",
        "--reassign",
        "Bob Brown",
        "--yes",
    ]);
    assert!(removed.contains("Bob Brown now answers for"), "{removed}");
    let controls = ws.json(&["controls"]);
    assert_eq!(controls[0]["owner"], "Bob Brown");
    assert_eq!(
        controls[1]["contributors"],
        serde_json::json!(["Bob Brown"])
    );
    assert_eq!(ws.json(&["actions", "list"])[0]["assignee"], "Bob Brown");
    let people = ws.json(&["people", "list"]);
    assert_eq!(people.as_array().expect("array").len(), 1);
    let history = ws.json(&["history", "5.1"]);
    assert!(
        history
            .as_array()
            .expect("array")
            .iter()
            .any(|h| h["field"] == "owner"
                && h["old_value"] == "Ana Sousa"
                && h["new_value"] == "Bob Brown"),
        "the hand-over is in the history"
    );
    let (code, _) = ws.fails(&["people", "remove", "Ana Sousa", "--yes"]);
    assert_eq!(code, 3, "gone");
    ws.ok(&["people", "add", "Cleo"]);
    ws.ok(&["people", "remove", "Cleo", "--yes"]);
    assert!(ws.ok(&["history", "--verify"]).starts_with("OK"));
}

#[test]
fn two_cli_processes_writing_at_once_lose_nothing() {
    let ws = Ws::new();
    let spawn = |ids: Vec<String>| {
        let path = ws.path.clone();
        std::thread::spawn(move || {
            for id in ids {
                let o = run_on(&path, &["set", &id, "--status", "planned"]);
                assert!(
                    o.status.success(),
                    "{id}: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
            }
        })
    };
    let a = spawn((1..=20).map(|n| format!("5.{n}")).collect());
    let b = spawn((1..=20).map(|n| format!("8.{n}")).collect());
    a.join().expect("a");
    b.join().expect("b");
    let planned = ws.json(&["controls", "--status", "planned"]);
    assert_eq!(planned.as_array().expect("array").len(), 40);
    assert_eq!(ws.json(&["history"]).as_array().expect("array").len(), 40);
}

#[test]
fn clauses_and_required_documents() {
    let ws = Ws::new();
    let before = ws.json(&["report"]);
    let missing = before["missing_documents"].as_array().expect("array").len();
    assert!(
        missing > 5,
        "every required document starts missing: {missing}"
    );

    ws.ok(&[
        "clauses",
        "set",
        "6.1.2",
        "--status",
        "implemented",
        "--owner",
        "Ana Silva",
        "--note",
        "Method v2 approved",
    ]);
    ws.ok(&[
        "clauses",
        "document",
        "information-security-policy",
        "--present",
        "yes",
    ]);
    let list = ws.json(&["clauses", "list"]);
    let c = list
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["id"] == "6.1.2")
        .expect("6.1.2");
    assert_eq!(c["status"], "implemented");
    assert_eq!(c["owner"], "Ana Silva");
    assert_eq!(c["notes"], "Method v2 approved");
    let policy = list
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["id"] == "5.2")
        .expect("clause 5.2");
    assert_eq!(policy["documents"][0]["present"], true);
    let after = ws.json(&["report"]);
    assert_eq!(
        after["missing_documents"].as_array().expect("array").len(),
        missing - 1
    );
    let history = ws.json(&["history", "6.1.2"]);
    assert!(
        history
            .as_array()
            .expect("array")
            .iter()
            .any(|h| h["subject"] == "clause:6.1.2" && h["field"] == "status")
    );

    for (args, code, message) in [
        (
            &["clauses", "set", "11.1", "--status", "planned"][..],
            3,
            "\"11.1\" is not a clause",
        ),
        (
            &["clauses", "document", "no-such-doc", "--present", "yes"][..],
            3,
            "\"no-such-doc\" is not a required document",
        ),
        (
            &[
                "clauses",
                "document",
                "information-security-policy",
                "--present",
                "perhaps",
            ][..],
            2,
            "use yes or no",
        ),
    ] {
        let o = ws.run(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

#[test]
fn a_workspace_held_by_another_writer_is_reported_busy_and_unchanged() {
    let ws = Ws::new();
    let conn = rusqlite::Connection::open(&ws.path).expect("open");
    conn.execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    let o = ws.run(&["set", "5.1", "--status", "planned"]);
    assert_eq!(
        o.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("being written by another program"));
    conn.execute_batch("ROLLBACK").expect("release");
    assert_eq!(ws.json(&["controls"])[0]["status"], "not_assessed");
}

#[test]
fn responsibility_by_department_and_history_name_from_preferences() {
    let ws = Ws::new();
    ws.ok(&["people", "add", "Ana Silva", "--department", "security"]);
    ws.ok(&["people", "add", "Ivo Lima", "--department", "it"]);
    ws.ok(&[
        "set",
        "5.7",
        "--owner",
        "Ana Silva",
        "--status",
        "implemented",
    ]);
    ws.ok(&[
        "set",
        "8.8",
        "--owner",
        "Ivo Lima",
        "--target-date",
        "2020-01-01",
        "--applicable",
        "yes",
    ]);
    let security = ws.json(&["people", "department", "security"]);
    let ids: Vec<&str> = security
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["A.5.7"]);
    let it = ws.ok(&["people", "department", "IT"]);
    assert!(it.contains("A.8.8") && it.contains("late"), "{it}");
    let o = ws.run(&["people", "department", "sales"]);
    assert_eq!(o.status.code(), Some(2));

    // Without --user, the name saved in the app's preferences is recorded.
    let config = tempfile::tempdir().expect("config");
    let prefs = config.path().join("annexa/preferences.json");
    std::fs::create_dir_all(prefs.parent().expect("dir")).expect("mkdir");
    std::fs::write(&prefs, r#"{"user_name": "Consultant Carla", "recent": []}"#).expect("prefs");
    let o = Command::new(env!("CARGO_BIN_EXE_annexa"))
        .args(["set", "5.1", "--status", "planned"])
        .env("ANNEXA_WORKSPACE", &ws.path)
        .env_remove("ANNEXA_USER")
        .env("XDG_CONFIG_HOME", config.path())
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let history = ws.json(&["history", "5.1"]);
    assert_eq!(history[0]["actor"], "Consultant Carla");
}

/// An action's controls: `--control` (repeatable, or comma separated as `--controls`) sets
/// exactly these and names what the action no longer serves; `--add-control` and
/// `--remove-control` change one at a time.
#[test]
fn action_controls_change_as_the_options_say_and_the_output_tells() {
    let ws = Ws::new();
    ws.ok(&[
        "actions",
        "add",
        "Review access",
        "--control",
        "A.5.15",
        "--control",
        "A.5.18",
    ]);
    let added = ws.ok(&["actions", "set", "1", "--add-control", "A.8.2"]);
    assert!(
        added.contains("now also serves A.8.2") && !added.contains("no longer"),
        "{added}"
    );
    assert_eq!(
        ws.json(&["actions", "list"])[0]["controls"],
        serde_json::json!(["A.5.15", "A.5.18", "A.8.2"])
    );
    let set = ws.ok(&["actions", "set", "1", "--control", "A.5.15"]);
    assert!(set.contains("no longer serves A.5.18, A.8.2"), "{set}");
    let comma = ws.ok(&["actions", "set", "1", "--controls", "A.5.15,A.5.16"]);
    assert!(comma.contains("now also serves A.5.16"), "{comma}");
    let removed = ws.ok(&["actions", "set", "1", "--remove-control", "5.16"]);
    assert!(removed.contains("no longer serves A.5.16"), "{removed}");
    let (code, message) = ws.fails(&["actions", "set", "1", "--remove-control", "A.8.8"]);
    assert_eq!(code, 2, "{message}");
    assert!(message.contains("does not serve A.8.8"), "{message}");
    assert_eq!(
        ws.json(&["actions", "list"])[0]["controls"],
        serde_json::json!(["A.5.15"])
    );
}

/// Tables fit 80 columns when not written to a terminal (or `COLUMNS` when set): long cells
/// wrap onto more lines, and nothing is lost (every missing document is still named).
#[test]
fn tables_fit_80_columns_or_what_columns_says() {
    let ws = Ws::new();
    ws.ok(&[
        "set",
        "A.5.1",
        "--applicable",
        "yes",
        "--owner",
        "Ana Silva",
    ]);
    for (columns, width) in [(None, 80), (Some("60"), 60)] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_annexa"));
        cmd.args(["report"])
            .stdin(std::process::Stdio::null())
            .env("ANNEXA_WORKSPACE", &ws.path)
            .env("XDG_CONFIG_HOME", "/nonexistent-annexa-test-dir")
            .env_remove("COLUMNS");
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        let o = cmd.output().expect("run");
        assert!(o.status.success());
        let text = String::from_utf8(o.stdout).expect("utf-8");
        for line in text.lines() {
            assert!(line.chars().count() <= width, "{width}: {line:?}");
        }
        for doc in [
            "isms-scope",
            "statement-of-applicability",
            "risk-treatment-plan",
        ] {
            assert!(text.contains(doc), "{doc} at {width} columns:\n{text}");
        }
    }
}

/// `history` of one thing: the typed form says which (control:A.5.1, clause:5.1, action:3,
/// evidence:3, person:NAME); without it a control id means the control and says where the
/// clause of the same number is, a number shared by an action and an evidence item is refused
/// as ambiguous, and the choice is always said on standard error.
#[test]
fn history_of_one_thing_says_which_thing_it_is() {
    let ws = Ws::new();
    ws.ok(&["set", "A.5.1", "--status", "planned"]);
    ws.ok(&["clauses", "set", "5.1", "--status", "planned"]);
    ws.ok(&["actions", "add", "Write the policy", "--control", "A.5.1"]);
    ws.ok(&[
        "evidence",
        "note",
        "Walk-through done",
        "--control",
        "A.5.1",
    ]);

    let run = |args: &[&str]| {
        let o = ws.run(args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        (json, String::from_utf8_lossy(&o.stderr).into_owned())
    };
    let (control, said) = run(&["history", "5.1", "--format", "json"]);
    assert!(said.contains("history of control A.5.1"), "{said}");
    assert!(said.contains("annexa history clause:5.1"), "{said}");
    assert!(
        control
            .as_array()
            .expect("a")
            .iter()
            .all(|h| h["subject"] == "control:A.5.1")
    );
    let (clause, said) = run(&["history", "clause:5.1", "--format", "json"]);
    assert!(said.contains("history of clause 5.1"), "{said}");
    assert!(!clause.as_array().expect("a").is_empty());
    assert!(
        clause
            .as_array()
            .expect("a")
            .iter()
            .all(|h| h["subject"] == "clause:5.1")
    );
    let (typed, _) = run(&["history", "control:a.5.1", "--format", "json"]);
    assert_eq!(typed, control);

    let (code, message) = ws.fails(&["history", "1"]);
    assert_eq!(code, 2, "{message}");
    assert!(
        message.contains("both action 1 and evidence 1"),
        "{message}"
    );
    let (action, _) = run(&["history", "action:1", "--format", "json"]);
    assert!(
        action
            .as_array()
            .expect("a")
            .iter()
            .all(|h| h["subject"] == "action:1")
    );
    let (evidence, _) = run(&["history", "evidence:#1", "--format", "json"]);
    assert!(!evidence.as_array().expect("a").is_empty());
    assert!(
        evidence
            .as_array()
            .expect("a")
            .iter()
            .all(|h| h["subject"] == "evidence:1")
    );
    let (code, message) = ws.fails(&["history", "action:one"]);
    assert_eq!(code, 2, "{message}");
}

/// Runs a poppler tool (`pdfinfo`, `pdftotext`, `pdffonts`) on `pdf`: the report read back by
/// another program.
fn poppler(tool: &str, pdf: &Path) -> String {
    let mut cmd = Command::new(tool);
    if tool == "pdftotext" {
        cmd.args(["-layout"]).arg(pdf).arg("-");
    } else {
        cmd.arg(pdf);
    }
    let o = cmd
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils, installed by setup.sh): {e}"));
    assert!(
        o.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8")
}

#[test]
fn the_board_report_pdf_reads_back_in_poppler_with_the_figures_of_the_report() {
    let ws = Ws::new();
    ws.ok(&[
        "set",
        "A.5.1",
        "--applicable",
        "yes",
        "--status",
        "implemented",
        "--owner",
        "Zoë Łukasiewicz",
    ]);
    ws.ok(&[
        "set",
        "A.8.13",
        "--applicable",
        "yes",
        "--status",
        "not_implemented",
        "--owner",
        "Zoë Łukasiewicz",
        "--target-date",
        "2020-01-31",
    ]);
    ws.ok(&[
        "actions",
        "add",
        "Test the restore of the finance database",
        "--control",
        "A.8.13",
        "--assignee",
        "Zoë Łukasiewicz",
        "--due",
        "2020-02-15",
    ]);
    let figures = ws.json(&["report"]);
    let dir = tempfile::tempdir().expect("temp");
    let pdf = dir.path().join("board.pdf");
    let pdf_arg = pdf.to_str().expect("utf-8");
    let written = ws.json(&["report", "--pdf", pdf_arg]);
    assert_eq!(written["path"], pdf_arg);
    assert_eq!(
        written["bytes"].as_u64().expect("bytes"),
        std::fs::metadata(&pdf).expect("written").len()
    );

    let info = poppler("pdfinfo", &pdf);
    assert!(
        info.contains("Information security readiness: Client plc"),
        "{info}"
    );
    assert!(info.contains("A4"), "{info}");
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse::<u64>().expect("pages"))
        .expect("a page count");
    assert_eq!(Some(pages), written["pages"].as_u64());
    // The font is in the file (a subset), so it prints the same anywhere.
    let fonts = poppler("pdffonts", &pdf);
    let embedded: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!embedded.is_empty(), "{fonts}");
    assert!(
        embedded
            .iter()
            .all(|l| l.split_whitespace().rev().nth(4) == Some("yes")),
        "every font embedded:\n{fonts}"
    );

    let text = poppler("pdftotext", &pdf);
    let pct = format!(
        "{:.0}%",
        (figures["readiness"]["score"].as_f64().expect("score") * 100.0).round()
    );
    for expected in [
        "Client plc",
        pct.as_str(),
        "2/93",
        "Zoë Łukasiewicz",
        "Test the restore of the finance database",
        "A.8.13",
        "Not implemented (late)",
        "2020-02-15",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is not in the PDF:\n{text}"
        );
    }
    // What is late, in the same words as `annexa report` and the window (one late control,
    // one late action).
    assert_eq!(
        figures["late_words"],
        "late: 1 control past the target date, 1 action past the due date"
    );
    assert_eq!(figures["late_total"], 2);
    // The tile's lines are read across the four tiles side by side, so its words come in
    // order with the other tiles' words between them.
    let mut words = text.split_whitespace();
    for word in figures["late_words"].as_str().expect("words").split(' ') {
        assert!(
            words.any(|w| w == word),
            "{word:?} of the late tile:\n{text}"
        );
    }
    // The table says it in the same words (wrapped to the terminal's width).
    let table = ws.ok(&["report"]);
    let mut lines = table.lines().skip_while(|l| !l.starts_with("late  "));
    let first = lines.next().map(|l| l.trim_start_matches("late "));
    let said = first
        .into_iter()
        .chain(lines.take_while(|l| l.starts_with(' ')))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        said, "2 late: 1 control past the target date, 1 action past the due date",
        "{table}"
    );
    // Nothing is replaced without being asked; with --force --yes it is.
    std::fs::write(&pdf, b"the board's copy").expect("write");
    let (code, err) = ws.fails(&["report", "--pdf", pdf_arg]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already a file"), "{err}");
    assert_eq!(std::fs::read(&pdf).expect("read"), b"the board's copy");
    let (_, err) = ws.fails(&["report", "--pdf", pdf_arg, "--force"]);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(std::fs::read(&pdf).expect("read"), b"the board's copy");
    ws.ok(&["report", "--pdf", pdf_arg, "--force", "--yes"]);
    assert!(std::fs::read(&pdf).expect("read").starts_with(b"%PDF-"));
}

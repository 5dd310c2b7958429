//! The crash harness: every command of the CLI that writes is killed with SIGKILL at random
//! moments, on a copy of a workspace that has something of everything, and after each kill:
//!
//! - the workspace opens (`annexa info`), SQLite's `PRAGMA integrity_check` says ok and the
//!   history's chain is intact (`annexa history --verify`);
//! - the workspace holds exactly the state before the command or exactly the state after it
//!   (a change is all or nothing), and the state after it when the command had said it was
//!   done before the kill (nothing acknowledged is lost);
//! - a file the command writes (a pack, a board report, an exported file, a new workspace) is
//!   absent under its final name or complete, byte for byte what a run left alone writes.
//!
//! The commands come from `WRITING` in `src/main.rs`, which a unit test there keeps equal to
//! the commands that exist: a new writing command fails here until it has a scenario.
//! `ANNEXA_CRASH_KILLS` sets the kills per command (3 in `./check.sh`; `tests/crash/run.sh`
//! runs 10, over 200 in all) and `ANNEXA_CRASH_SEED` the moments (printed on failure).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::Digest;

/// A command as the harness runs it: its arguments, given the trial's folder, and the file
/// it writes besides the workspace, if any (relative to the trial's folder).
struct Scenario {
    command: &'static str,
    args: fn(&Path) -> Vec<String>,
    writes: Option<&'static str>,
    /// What it writes differs from run to run (a new key): it is checked whole by its length.
    random: bool,
}

fn s(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_owned()).collect()
}

fn at(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().expect("utf-8").to_owned()
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        command: "init",
        args: |d| vec!["init".into(), at(d, "new.annexa"), "--example".into()],
        writes: Some("new.annexa"),
        random: false,
    },
    Scenario {
        command: "set",
        args: |_| {
            let mut a = s(&["set"]);
            a.extend((1..=37).map(|n| format!("A.5.{n}")));
            a.extend(s(&["--status", "implemented", "--owner", "Ana Silva"]));
            a
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "people add",
        args: |_| s(&["people", "add", "Cy Chen", "--role", "DPO"]),
        writes: None,
        random: false,
    },
    Scenario {
        command: "people set",
        args: |_| {
            s(&[
                "people",
                "set",
                "Ana Silva",
                "--role",
                "CISO",
                "--email",
                "ana@client.example",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "people remove",
        args: |_| {
            s(&[
                "people",
                "remove",
                "Bo Berg",
                "--reassign",
                "Ana Silva",
                "--yes",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "actions add",
        args: |_| {
            s(&[
                "actions",
                "add",
                "Review access rights",
                "--control",
                "A.5.15",
                "--control",
                "A.5.18",
                "--assignee",
                "Ana Silva",
                "--due",
                "2027-01-31",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "actions set",
        args: |_| s(&["actions", "set", "1", "--status", "done"]),
        writes: None,
        random: false,
    },
    Scenario {
        command: "snapshot take",
        args: |_| s(&["snapshot", "take", "Before the crash"]),
        writes: None,
        random: false,
    },
    Scenario {
        command: "clauses set",
        args: |_| {
            s(&[
                "clauses",
                "set",
                "6.1.2",
                "--status",
                "implemented",
                "--owner",
                "Ana Silva",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "clauses document",
        args: |_| {
            s(&[
                "clauses",
                "document",
                "statement-of-applicability",
                "--present",
                "yes",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "evidence add",
        args: |d| {
            vec![
                "evidence".into(),
                "add".into(),
                at(d, "sources/backup-log.txt"),
                at(d, "sources/scan.pdf"),
                "--control".into(),
                "A.8.13".into(),
            ]
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "evidence import",
        args: |d| vec!["evidence".into(), "import".into(), at(d, "sources/folder")],
        writes: None,
        random: false,
    },
    Scenario {
        command: "evidence link",
        args: |_| {
            s(&[
                "evidence",
                "link",
                "https://wiki.example/runbook",
                "--control",
                "A.8.13",
                "--title",
                "Backup runbook",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "evidence note",
        args: |_| {
            s(&[
                "evidence",
                "note",
                "Saw a restore test",
                "--control",
                "A.8.13",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "evidence version",
        args: |d| {
            vec![
                "evidence".into(),
                "version".into(),
                "1".into(),
                at(d, "sources/policy-v2.txt"),
            ]
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "evidence set",
        args: |_| {
            s(&[
                "evidence",
                "set",
                "1",
                "--status",
                "approved",
                "--add-control",
                "A.5.2",
                "--provided-by",
                "Ana Silva",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "evidence remove",
        args: |_| s(&["evidence", "remove", "1", "--yes"]),
        writes: None,
        random: false,
    },
    Scenario {
        command: "evidence export",
        args: |d| {
            vec![
                "evidence".into(),
                "export".into(),
                "1".into(),
                at(d, "policy-out.txt"),
            ]
        },
        writes: Some("policy-out.txt"),
        random: false,
    },
    Scenario {
        command: "report",
        args: |d| vec!["report".into(), "--pdf".into(), at(d, "board.pdf")],
        writes: Some("board.pdf"),
        random: false,
    },
    Scenario {
        command: "export",
        args: |d| vec!["export".into(), at(d, "pack.zip"), "-q".into()],
        writes: Some("pack.zip"),
        random: false,
    },
    Scenario {
        command: "compact",
        args: |_| s(&["compact"]),
        writes: None,
        random: false,
    },
    Scenario {
        command: "risks method",
        args: |_| {
            s(&[
                "risks",
                "method",
                "--preset",
                "4x4",
                "--acceptable",
                "medium",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "risks add",
        args: |_| {
            s(&[
                "risks",
                "add",
                "Laptop left on a train",
                "--owner",
                "Bo Berg",
                "--likelihood",
                "3",
                "--impact",
                "3",
                "--asset",
                "Customer database",
                "--control",
                "A.8.1,A.6.7",
                "--treatment",
                "modify",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "risks set",
        args: |_| {
            s(&[
                "risks",
                "set",
                "R-001",
                "--add-control",
                "A.8.15",
                "--threat",
                "Ransomware",
                "--status",
                "in_progress",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "risks approve",
        args: |_| s(&["risks", "approve", "R-001", "--by", "Ana Silva"]),
        writes: None,
        random: false,
    },
    Scenario {
        command: "risks accept",
        args: |_| {
            s(&[
                "risks",
                "accept",
                "R-002",
                "--by",
                "Bo Berg",
                "--until",
                "2030-01-01",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "risks reject",
        args: |_| {
            s(&[
                "risks",
                "reject",
                "R-001",
                "--by",
                "Bo Berg",
                "--on-behalf",
                "--note",
                "Too costly",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "risks rerate",
        args: |_| {
            s(&[
                "risks",
                "rerate",
                "R-001",
                "--likelihood",
                "2",
                "--impact",
                "2",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "risks round",
        args: |_| {
            s(&[
                "risks",
                "round",
                "--approve",
                "--by",
                "Ana Silva",
                "--name",
                "Q4 round",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "assets add",
        args: |_| {
            s(&[
                "assets",
                "add",
                "Payroll system",
                "--type",
                "software",
                "--owner",
                "Ana Silva",
                "--c",
                "4",
                "--i",
                "5",
                "--a",
                "3",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "own-controls add",
        args: |_| {
            s(&[
                "own-controls",
                "add",
                "ORG-2",
                "--title",
                "Second approval for large payments",
                "--status",
                "planned",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "own-controls set",
        args: |_| {
            s(&[
                "own-controls",
                "set",
                "ORG-1",
                "--status",
                "implemented",
                "--description",
                "Restored and timed every quarter",
            ])
        },
        writes: None,
        random: false,
    },
    Scenario {
        command: "keys generate",
        args: |d| {
            vec![
                "keys".into(),
                "generate".into(),
                "--name".into(),
                "Crash Ltd".into(),
                "--out".into(),
                at(d, "signing"),
                "--passphrase-file".into(),
                at(d, "sources/pass.txt"),
            ]
        },
        writes: Some("signing.key"),
        random: true,
    },
];

/// The commands `src/main.rs` declares as writing.
fn declared_writing() -> Vec<String> {
    let main = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/main.rs"))
        .expect("main.rs");
    let start = main
        .find("const WRITING: &[&str] = &[")
        .expect("WRITING in main.rs");
    let list = &main[start..];
    let list = &list[..list.find("];").expect("end of WRITING")];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_writing_command_has_a_crash_scenario() {
    let mut declared = declared_writing();
    declared.sort();
    let mut covered: Vec<String> = SCENARIOS.iter().map(|s| s.command.to_owned()).collect();
    covered.sort();
    assert!(declared.len() > 15, "{declared:?}");
    assert_eq!(
        covered, declared,
        "each command in WRITING (src/main.rs) needs a scenario here"
    );
}

/// A small generator, so the moments are random but a seed repeats them.
struct Moments(u64);

impl Moments {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A moment in `0..span`.
    fn within(&mut self, span: Duration) -> Duration {
        let micros = u64::try_from(span.as_micros()).unwrap_or(u64::MAX).max(1);
        Duration::from_micros(self.next() % micros)
    }
}

fn annexa(dir: &Path, args: &[String]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_annexa"));
    c.args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env("ANNEXA_WORKSPACE", dir.join("client.annexa"))
        .env("ANNEXA_USER", "Crash Tester")
        .env("TMPDIR", dir)
        .env("XDG_DATA_HOME", "/nonexistent-annexa-test-dir")
        .env("XDG_CONFIG_HOME", "/nonexistent-annexa-test-dir");
    c
}

fn ok(dir: &Path, args: &[&str]) {
    let o = annexa(dir, &s(args)).output().expect("annexa");
    assert!(
        o.status.success(),
        "annexa {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The workspace every trial starts from, and the files its commands read: people, an
/// action, a snapshot, a file and a note as evidence, and a removal (so compact has work).
fn template(root: &Path) -> PathBuf {
    let dir = root.join("template");
    std::fs::create_dir_all(dir.join("sources/folder")).expect("dirs");
    let text = |lines: usize, what: &str| {
        (0..lines)
            .map(|i| format!("{what} line {i}: access reviewed, backup restored, ok\n"))
            .collect::<String>()
    };
    std::fs::write(dir.join("sources/policy.txt"), text(60_000, "policy")).expect("w");
    std::fs::write(dir.join("sources/policy-v2.txt"), text(70_000, "policy v2")).expect("w");
    std::fs::write(dir.join("sources/backup-log.txt"), text(150_000, "backup")).expect("w");
    std::fs::write(dir.join("sources/old.txt"), text(80_000, "old")).expect("w");
    std::fs::write(dir.join("sources/pass.txt"), "a passphrase\n").expect("w");
    let mut x: u32 = 2_463_534_242;
    let noise: Vec<u8> = (0..6 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    std::fs::write(dir.join("sources/scan.pdf"), &noise).expect("w");
    for n in 1..=4 {
        std::fs::write(
            dir.join(format!("sources/folder/A.8.{n} record.txt")),
            text(30_000, &format!("record {n}")),
        )
        .expect("w");
    }
    let ws = at(&dir, "client.annexa");
    ok(&dir, &["init", &ws, "--org", "Crash Ltd"]);
    ok(&dir, &["people", "add", "Ana Silva", "--role", "CISO"]);
    ok(&dir, &["people", "add", "Bo Berg", "--role", "IT lead"]);
    ok(
        &dir,
        &["set", "A.8.13", "--applicable", "yes", "--owner", "Bo Berg"],
    );
    ok(
        &dir,
        &[
            "actions",
            "add",
            "Test the restore",
            "--control",
            "A.8.13",
            "--assignee",
            "Bo Berg",
        ],
    );
    let policy = at(&dir, "sources/policy.txt");
    ok(&dir, &["evidence", "add", &policy, "--control", "A.5.1"]);
    ok(
        &dir,
        &[
            "evidence",
            "note",
            "Walk-through notes",
            "--control",
            "A.7.1",
        ],
    );
    let old = at(&dir, "sources/old.txt");
    ok(&dir, &["evidence", "add", &old, "--control", "A.5.3"]);
    ok(&dir, &["evidence", "remove", "3", "--yes"]);
    ok(&dir, &["snapshot", "take", "Baseline"]);
    // The risk register: an asset, a control of the organisation's own, a risk with its plan
    // (choosing both kinds of control) and one low risk.
    ok(
        &dir,
        &[
            "own-controls",
            "add",
            "ORG-1",
            "--title",
            "Quarterly restore test",
        ],
    );
    ok(
        &dir,
        &[
            "assets",
            "add",
            "Customer database",
            "--owner",
            "Ana Silva",
            "--c",
            "5",
        ],
    );
    ok(
        &dir,
        &[
            "risks",
            "add",
            "Backups restored by no one",
            "--owner",
            "Ana Silva",
            "--likelihood",
            "3",
            "--impact",
            "4",
            "--asset",
            "Customer database",
            "--treatment",
            "modify",
            "--control",
            "A.8.13,ORG-1",
            "--action",
            "1",
            "--target-likelihood",
            "1",
            "--target-impact",
            "2",
        ],
    );
    ok(
        &dir,
        &[
            "risks",
            "add",
            "Visitor reads a screen",
            "--owner",
            "Bo Berg",
            "--likelihood",
            "2",
            "--impact",
            "2",
        ],
    );
    dir
}

/// A fresh copy of the template for one run.
fn trial(template: &Path, root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(template, &dir);
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// What a workspace holds, without the times of changes (a reference run happens at another
/// moment): every table's rows in order, blobs by their SHA-256, and snapshot data without its
/// timestamps.
fn state(file: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    let timeless = |name: &str| !(name == "at" || name.ends_with("_at") || name == "hash");
    let mut out = String::new();
    for table in tables {
        let mut st = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1, 2"))
            .expect("select");
        let names: Vec<String> = st.column_names().map(str::to_owned).collect();
        let mut rows = st.query([]).expect("rows");
        out.push_str(&format!("== {table}\n"));
        while let Some(row) = rows.next().expect("row") {
            for (i, name) in names.iter().enumerate() {
                if !timeless(name) {
                    continue;
                }
                let value = match row.get_ref(i).expect("value") {
                    rusqlite::types::ValueRef::Null => "null".to_owned(),
                    rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                    rusqlite::types::ValueRef::Real(f) => f.to_string(),
                    rusqlite::types::ValueRef::Text(t) => {
                        let text = String::from_utf8_lossy(t).into_owned();
                        if table == "snapshot" && name == "data" {
                            without_times(&text)
                        } else {
                            text
                        }
                    }
                    rusqlite::types::ValueRef::Blob(b) => format!("{:x}", sha2::Sha256::digest(b)),
                };
                out.push_str(&format!("{name}={value}; "));
            }
            out.push('\n');
        }
    }
    out
}

fn without_times(json: &str) -> String {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|k, _| !(k.ends_with("_at") || k == "at"));
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v: serde_json::Value = serde_json::from_str(json).expect("snapshot json");
    strip(&mut v);
    v.to_string()
}

/// How the workspace and the written file looked after one kill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// Killed before its change reached the file.
    Before,
    /// Killed after its change was made, whether or not it had said so.
    After,
    /// It had finished and said so before the kill.
    Acknowledged,
}

struct Reference {
    before: String,
    after: String,
    output: Option<Vec<u8>>,
    took: Duration,
}

/// Runs the scenario to the end on a fresh trial: the state after it, what it wrote, and how
/// long it took (the span the kills are spread over).
fn reference(template: &Path, root: &Path, scenario: &Scenario) -> Reference {
    let dir = trial(template, root, "reference");
    let before = state(&dir.join("client.annexa"));
    let started = Instant::now();
    let o = annexa(&dir, &(scenario.args)(&dir)).output().expect("run");
    let took = started.elapsed();
    assert!(
        o.status.success(),
        "{}: {}",
        scenario.command,
        String::from_utf8_lossy(&o.stderr)
    );
    let after = state(&dir.join("client.annexa"));
    let output = scenario
        .writes
        .map(|f| std::fs::read(dir.join(f)).expect("the command's file"));
    if scenario.writes == Some("new.annexa") {
        // A new workspace is compared by what it holds, like the others.
        return Reference {
            before: String::new(),
            after: state(&dir.join("new.annexa")),
            output: None,
            took,
        };
    }
    Reference {
        before,
        after,
        output,
        took,
    }
}

fn kill_once(
    template: &Path,
    root: &Path,
    scenario: &Scenario,
    expected: &Reference,
    moments: &mut Moments,
) -> Outcome {
    let dir = trial(template, root, "trial");
    let wait = moments.within(expected.took + expected.took / 10);
    let mut child = annexa(&dir, &(scenario.args)(&dir)).spawn().expect("spawn");
    let deadline = Instant::now() + wait;
    let mut done_early = false;
    while Instant::now() < deadline {
        if child.try_wait().expect("wait").is_some() {
            done_early = true;
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    if !done_early {
        let _ = child.kill();
    }
    // Killed, or finished on its own (possibly just before the kill landed).
    let status = child.wait().expect("reap");
    let finished = status.success().then_some(status);
    let acknowledged = finished.is_some_and(|s| s.success());
    let what = format!("{} killed after {wait:?}", scenario.command);

    let workspace = dir.join("client.annexa");
    let o = annexa(&dir, &s(&["info"])).output().expect("info");
    assert!(
        o.status.success(),
        "{what}: the workspace does not open: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let verdict: String = rusqlite::Connection::open(&workspace)
        .and_then(|c| c.query_row("PRAGMA integrity_check", [], |r| r.get(0)))
        .expect("integrity_check");
    assert_eq!(verdict, "ok", "{what}");
    let o = annexa(&dir, &s(&["history", "--verify"]))
        .output()
        .expect("history");
    assert!(
        o.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&o.stderr)
    );

    if scenario.writes == Some("new.annexa") {
        let new = dir.join("new.annexa");
        if !new.exists() {
            assert!(
                !acknowledged,
                "{what}: it said it was done, yet made nothing"
            );
            return Outcome::Before;
        }
        let o = annexa(
            &dir,
            &["--workspace".into(), at(&dir, "new.annexa"), "info".into()],
        )
        .output()
        .expect("info");
        assert!(
            o.status.success(),
            "{what}: a half-made workspace has the name"
        );
        assert_eq!(
            state(&new),
            expected.after,
            "{what}: the new workspace is whole"
        );
        return if acknowledged {
            Outcome::Acknowledged
        } else {
            Outcome::After
        };
    }

    let now = state(&workspace);
    let written = scenario.writes.is_some_and(|f| dir.join(f).exists());
    let outcome = if expected.before == expected.after {
        // The workspace's content is not what changes (an export, compact): it must be as it
        // was, and what tells how far the command got is its file.
        assert_eq!(now, expected.before, "{what}: the workspace changed");
        let compacted = scenario.command == "compact"
            && std::fs::metadata(&workspace).map(|m| m.len()).ok()
                < std::fs::metadata(template.join("client.annexa"))
                    .map(|m| m.len())
                    .ok();
        match (acknowledged, written || compacted) {
            (true, _) => Outcome::Acknowledged,
            (false, true) => Outcome::After,
            (false, false) => Outcome::Before,
        }
    } else if now == expected.after && acknowledged {
        Outcome::Acknowledged
    } else if now == expected.after {
        Outcome::After
    } else {
        assert!(
            !acknowledged,
            "{what}: it said it was done, but its change is not there"
        );
        assert_eq!(
            now, expected.before,
            "{what}: half a change is in the workspace"
        );
        Outcome::Before
    };
    if let (Some(file), Some(bytes)) = (scenario.writes, &expected.output) {
        match std::fs::read(dir.join(file)) {
            Ok(found) => assert!(
                found == *bytes || (scenario.random && found.len() == bytes.len()),
                "{what}: {file} is there but not whole ({} of {} bytes)",
                found.len(),
                bytes.len()
            ),
            Err(_) => assert!(!acknowledged, "{what}: it said it wrote {file}"),
        }
    }
    outcome
}

#[test]
fn every_writing_command_killed_at_random_moments_loses_nothing() {
    let kills: usize = std::env::var("ANNEXA_CRASH_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(3);
    let seed: u64 = std::env::var("ANNEXA_CRASH_SEED")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(27_001);
    let root = tempfile::tempdir().expect("temp");
    let template = template(root.path());
    let mut moments = Moments(seed | 1);
    let mut tally: BTreeMap<&str, BTreeMap<Outcome, usize>> = BTreeMap::new();
    for scenario in SCENARIOS {
        let expected = reference(&template, root.path(), scenario);
        // Every scenario must do something a kill could break: change the workspace, or
        // write a file (compact rewrites the file, its content the same).
        assert!(
            expected.before != expected.after
                || expected.output.is_some()
                || scenario.command == "compact",
            "{}: the scenario does nothing",
            scenario.command
        );
        for kill in 0..kills {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                kill_once(&template, root.path(), scenario, &expected, &mut moments)
            }))
            .unwrap_or_else(|_| {
                panic!(
                    "{} failed at kill {kill} (ANNEXA_CRASH_SEED={seed} ANNEXA_CRASH_KILLS={kills})",
                    scenario.command
                )
            });
            *tally
                .entry(scenario.command)
                .or_default()
                .entry(outcome)
                .or_default() += 1;
        }
    }
    let total: usize = tally.values().flat_map(|t| t.values()).sum();
    println!("{total} kills (seed {seed}), by command: before / after / acknowledged");
    for (command, t) in &tally {
        println!(
            "  {command:18} {} / {} / {}",
            t.get(&Outcome::Before).unwrap_or(&0),
            t.get(&Outcome::After).unwrap_or(&0),
            t.get(&Outcome::Acknowledged).unwrap_or(&0)
        );
    }
    assert_eq!(total, kills * SCENARIOS.len());
}

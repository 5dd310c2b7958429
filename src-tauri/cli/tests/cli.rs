//! The `annexa` binary as a user and a script run it: real processes, real workspace files in
//! temporary directories, exit codes and output checked.

use std::path::Path;
use std::process::{Command, Output};

fn annexa(args: &[&str]) -> Output {
    annexa_in(args, None)
}

/// Runs the CLI with a clean environment for the things it reads, so the developer's own
/// workspace and data directory are never touched.
fn annexa_in(args: &[&str], data_home: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_annexa"));
    cmd.stdin(std::process::Stdio::null());
    cmd.args(args).env_remove("ANNEXA_WORKSPACE");
    match data_home {
        Some(dir) => cmd.env("XDG_DATA_HOME", dir),
        None => cmd.env("XDG_DATA_HOME", "/nonexistent-annexa-test-dir"),
    };
    cmd.output().expect("run annexa")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

#[test]
fn version_and_help() {
    let v = annexa(&["--version"]);
    assert!(v.status.success());
    assert_eq!(
        stdout(&v).trim(),
        format!("annexa {}", env!("CARGO_PKG_VERSION"))
    );

    let h = annexa(&["--help"]);
    assert!(h.status.success());
    let help = stdout(&h);
    for word in ["catalogue", "init", "--workspace", "ANNEXA_WORKSPACE"] {
        assert!(
            help.contains(word),
            "--help does not mention {word}:\n{help}"
        );
    }
}

#[test]
fn catalogue_csv_lists_93_controls_with_the_header() {
    let o = annexa(&["catalogue", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(&o.stdout[..]);
    let header = reader.headers().expect("header").clone();
    assert_eq!(
        &header.iter().take(3).collect::<Vec<_>>(),
        &["id", "theme", "title"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 93);
    let first = &rows[0];
    assert_eq!(
        (&first[0], &first[1], &first[2]),
        (
            "A.5.1",
            "Organizational",
            "Policies for information security"
        )
    );
    let last = &rows[92];
    assert_eq!(
        (&last[0], &last[2]),
        (
            "A.8.34",
            "Protection of information systems during audit testing"
        )
    );
    // A list is one cell, its values joined with "; "; a boolean is true or false.
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    assert_eq!(&first[column("responsible")], "management; security");
    assert_eq!(&first[column("new_in_2022")], "false");
    assert!(first[column("typical_evidence")].contains("; "));
    assert_eq!(&first[column("documents.id")], "topic-specific-policies");
    let supply = rows.iter().find(|r| &r[0] == "A.5.21").expect("A.5.21");
    assert_eq!(
        &supply[column("aliases")],
        "Managing information security in the ICT supply chain"
    );
}

#[test]
fn catalogue_table_shows_prefixed_ids() {
    let o = annexa(&["catalogue", "--theme", "people"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("ID"), "{text}");
    assert_eq!(lines.len(), 9, "{text}");
    assert!(lines[1].starts_with("A.6.1 "), "{text}");
}

#[test]
fn catalogue_json_has_every_field_filled() {
    let o = annexa(&["catalogue", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let controls = json.as_array().expect("array");
    assert_eq!(controls.len(), 93);
    for c in controls {
        let id = c["id"].as_str().expect("id");
        for key in ["theme", "title", "summary", "guidance"] {
            assert!(
                !c[key].as_str().unwrap_or("").is_empty(),
                "{id}: empty {key}"
            );
        }
        assert!(
            c["typical_evidence"].as_array().expect("evidence").len() >= 3,
            "{id}"
        );
        assert!(
            !c["responsible"].as_array().expect("responsible").is_empty(),
            "{id}"
        );
        assert!(c["new_in_2022"].is_boolean(), "{id}");
        for attr in [
            "control_type",
            "information_security_properties",
            "cybersecurity_concepts",
            "operational_capabilities",
            "security_domains",
        ] {
            assert!(
                !c["attributes"][attr].as_array().expect(attr).is_empty(),
                "{id}: {attr}"
            );
        }
    }
    let new = controls.iter().filter(|c| c["new_in_2022"] == true).count();
    assert_eq!(new, 11);
    let pii = controls
        .iter()
        .find(|c| c["id"] == "A.5.34")
        .expect("A.5.34");
    assert_eq!(
        pii["title"],
        "Privacy and protection of personal identifiable information (PII)"
    );
    assert_eq!(
        pii["aliases"],
        serde_json::json!(["Privacy and protection of PII"])
    );
    let inventory = controls.iter().find(|c| c["id"] == "A.5.9").expect("A.5.9");
    assert_eq!(inventory["documents"][0]["id"], "asset-inventory");
    assert!(
        !inventory["documents"][0]["description"]
            .as_str()
            .unwrap_or("")
            .is_empty()
    );
}

#[test]
fn catalogue_by_theme_counts() {
    for (theme, count) in [
        ("Organizational", 37),
        ("people", 8),
        ("PHYSICAL", 14),
        ("technological", 34),
    ] {
        let o = annexa(&["catalogue", "--theme", theme, "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(
            json.as_array().expect("array").len(),
            count,
            "theme {theme}"
        );
    }
}

#[test]
fn catalogue_clauses_and_mapping() {
    let o = annexa(&["catalogue", "--clauses", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let clauses: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let clauses = clauses.as_array().expect("array");
    assert_eq!(clauses.len(), 41);
    let c613 = clauses.iter().find(|c| c["id"] == "6.1.3").expect("6.1.3");
    assert!(
        !c613["documents"].as_array().expect("docs").is_empty(),
        "6.1.3 requires the SoA"
    );

    let o = annexa(&["catalogue", "--mapping", "2013", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert_eq!(text.lines().next(), Some("id_2013,title_2013,ids_2022"));
    assert_eq!(text.lines().count(), 115);
}

#[test]
fn bad_input_is_named_and_exits_non_zero() {
    let o = annexa(&["catalogue", "--theme", "Tecnological"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown theme \"Tecnological\""),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());

    let o = annexa(&["catalogue", "--mapping", "2005"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2005"), "{}", stderr(&o));

    let o = annexa(&["catalogue", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn init_then_info_round_trips_through_a_real_file() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("acme.annexa");
    let p = path.to_str().expect("utf-8 path");
    let o = annexa(&[
        "init",
        p,
        "--org",
        "Acme Ltd",
        "--scope",
        "Head office",
        "--target-date",
        "2027-03-31",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(path.is_file());

    let o = annexa(&["--workspace", p, "info", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let info: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(info["organisation"], "Acme Ltd");
    assert_eq!(info["scope"], "Head office");
    assert_eq!(info["target_date"], "2027-03-31");

    // The environment variable works as --workspace does.
    let o = Command::new(env!("CARGO_BIN_EXE_annexa"))
        .args(["info", "--format", "csv"])
        .env("ANNEXA_WORKSPACE", p)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(&o.stdout[..]);
    let header = reader.headers().expect("header").clone();
    let row = reader.records().next().expect("one row").expect("row");
    let cell = |name: &str| &row[header.iter().position(|h| h == name).expect(name)];
    assert_eq!(
        (
            cell("organisation"),
            cell("target_date"),
            cell("history.intact")
        ),
        ("Acme Ltd", "2027-03-31", "true")
    );

    // A second init on the same path is refused and the file is kept.
    let before = std::fs::read(&path).expect("read");
    let o = annexa(&["init", p, "--org", "Other"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already a file"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn init_rejects_a_malformed_date_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("x.annexa");
    let o = annexa(&[
        "init",
        path.to_str().expect("utf-8"),
        "--org",
        "X",
        "--target-date",
        "31/12/2027",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("31/12/2027"), "{}", stderr(&o));
    assert!(!path.exists());
}

#[test]
fn info_on_a_file_that_is_not_a_workspace() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "hello, this is not a workspace but a text file of some length",
    )
    .expect("write");
    let o = annexa(&["--workspace", path.to_str().expect("utf-8"), "info"]);
    assert_eq!(o.status.code(), Some(4));
    assert!(
        stderr(&o).contains("is not an Annexa workspace"),
        "{}",
        stderr(&o)
    );

    let missing = dir.path().join("missing.annexa");
    let o = annexa(&["--workspace", missing.to_str().expect("utf-8"), "info"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(!missing.exists());
}

#[test]
fn info_without_workspace_uses_the_default_in_the_data_dir() {
    let dir = tempfile::tempdir().expect("temp");
    let o = annexa_in(&["info"], Some(dir.path()));
    // No default workspace exists yet: the CLI says where it looked and creates nothing.
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("annexa/default.annexa"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("annexa").exists());
}

/// Shell completions and the manual page come from the same clap definitions as the commands,
/// so they cannot drift: every subcommand is in each, and the man page carries the exit codes.
#[test]
fn completions_and_the_manual_page_are_generated_from_the_commands() {
    let subcommands = [
        "catalogue",
        "init",
        "info",
        "controls",
        "set",
        "people",
        "actions",
        "history",
        "snapshot",
        "clauses",
        "evidence",
        "report",
        "export",
        "verify",
        "completions",
        "man",
    ];
    for (shell, marker) in [
        ("bash", "_annexa()"),
        ("zsh", "#compdef annexa"),
        ("fish", "complete -c annexa"),
    ] {
        let o = annexa(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        assert!(script.contains(marker), "{shell}");
        for sub in subcommands {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    let o = annexa(&["completions", "tcsh"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
    let man = annexa(&["man"]);
    assert!(man.status.success());
    let page = stdout(&man);
    assert!(page.contains(".TH annexa 1"), "{page}");
    assert!(
        page.contains("130  stopped by the user"),
        "the exit codes are in the page"
    );
    for sub in subcommands {
        assert!(page.contains(sub), "the manual lacks {sub}");
    }
}

/// The README's command block, run top to bottom as a user would, in a folder holding the
/// files it names: every command must succeed, so the README cannot drift from the CLI.
/// `export NAME=VALUE` lines set the environment of the lines after them; `<fingerprint>` is
/// the one the pack export printed.
#[test]
fn readme_commands_run_top_to_bottom() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let section = &readme[readme.find("## The `annexa` command").expect("CLI section")..];
    let start = section.find("```sh\n").expect("a sh block") + 6;
    let block = &section[start..start + section[start..].find("```").expect("end")];
    let mut commands: Vec<String> = Vec::new();
    let mut pending = String::new();
    for line in block.lines() {
        let line = line.trim_end();
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        // A comment starts at "  # " outside the command.
        let line = line.split("  # ").next().unwrap_or(line).trim_end();
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head);
            continue;
        }
        pending.push_str(line);
        commands.push(std::mem::take(&mut pending));
    }
    assert!(commands.len() > 40, "{} commands", commands.len());

    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path();
    std::fs::write(d.join("policy.pdf"), b"%PDF-1.4 policy").expect("w");
    std::fs::write(d.join("minutes.docx"), b"minutes").expect("w");
    std::fs::write(d.join("policy-v2.pdf"), b"%PDF-1.4 policy v2").expect("w");
    std::fs::create_dir_all(d.join("evidence/A.8.13 Backups")).expect("dirs");
    std::fs::write(d.join("evidence/A.5.15 Access policy.pdf"), b"%PDF access").expect("w");
    std::fs::write(d.join("evidence/A.8.13 Backups/restore.log"), b"restored").expect("w");
    std::fs::create_dir_all(d.join("scans")).expect("dirs");
    std::fs::write(d.join("scans/badge-log.png"), b"\x89PNG badge").expect("w");
    std::fs::create_dir_all(d.join("out")).expect("dirs");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_annexa"))
        .parent()
        .expect("bin dir")
        .to_owned();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut env: Vec<(String, String)> = vec![
        ("PATH".into(), path),
        ("ANNEXA_USER".into(), "README reader".into()),
        ("XDG_DATA_HOME".into(), d.join("data").display().to_string()),
        (
            "XDG_CONFIG_HOME".into(),
            d.join("config").display().to_string(),
        ),
    ];
    // The fingerprint each exported pack printed, by the pack's file name.
    let mut fingerprints: Vec<(String, String)> = Vec::new();
    let pack_of = |c: &str| {
        c.split_whitespace()
            .find(|w| w.ends_with(".zip"))
            .map(str::to_owned)
    };
    for command in &commands {
        if let Some(assignment) = command.strip_prefix("export ") {
            let (k, v) = assignment.split_once('=').expect("NAME=VALUE");
            env.push((k.to_owned(), v.to_owned()));
            continue;
        }
        let command = if command.contains("<fingerprint>") {
            let pack = pack_of(command).expect("the pack being verified");
            let fp = fingerprints
                .iter()
                .find(|(p, _)| *p == pack)
                .map(|(_, f)| f.clone())
                .expect("the pack was exported earlier in the README");
            command.replace("<fingerprint>", &fp)
        } else {
            command.clone()
        };
        assert!(
            !command.contains('<'),
            "no value for a placeholder in {command}"
        );
        let o = Command::new("sh")
            .args(["-c", &command])
            .current_dir(d)
            .env_remove("ANNEXA_WORKSPACE")
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(std::process::Stdio::null())
            .output()
            .expect("sh");
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(
            o.status.success(),
            "README command failed ({:?}): {command}\n{}{out}",
            o.status.code(),
            String::from_utf8_lossy(&o.stderr)
        );
        if let Some(fp) = out
            .lines()
            .find_map(|l| l.strip_prefix("Fingerprint (SHA-256 of manifest.json): "))
        {
            let pack = pack_of(&command).expect("an exported pack's name");
            fingerprints.push((pack, fp.trim().to_owned()));
        }
    }
    assert!(
        fingerprints.len() >= 3,
        "the README exports packs: {fingerprints:?}"
    );
}

/// One error style: a mistake on the command line is said like any other error (`annexa:
/// error: …` and `annexa: hint: …` lines, exit 2), and I/O errors name the user's path in
/// words, never a temporary file's name or SQLite's wording.
#[test]
fn errors_speak_one_style_and_name_only_the_users_paths() {
    let o = annexa(&["controls", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("annexa: error: unexpected argument '--bogus'"),
        "{err}"
    );
    assert!(
        err.contains("annexa: hint: usage: annexa controls"),
        "{err}"
    );
    assert!(
        !err.contains("\nerror:") && !err.contains("Usage:"),
        "{err}"
    );
    let o = annexa(&["evidnce", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("annexa: hint: a similar subcommand exists: 'evidence'"));
    let o = annexa(&["set"]);
    assert!(stderr(&o).contains("not provided: <ID>"), "{}", stderr(&o));

    let dir = tempfile::tempdir().expect("temp");
    let ws = dir.path().join("w.annexa");
    let ws = ws.to_str().expect("utf-8");
    for (path, said) in [
        ("/proc/no-such-place/w.annexa", "the folder does not exist"),
        ("/proc/w.annexa", "cannot be created or opened"),
    ] {
        let o = annexa(&["init", path, "--org", "X"]);
        assert_eq!(o.status.code(), Some(6), "{}", stderr(&o));
        assert!(
            !stderr(&o).contains("unable to open database file"),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains(said), "{path}: {}", stderr(&o));
    }
    assert!(annexa(&["init", ws, "--org", "X"]).status.success());
    let o = annexa(&[
        "--workspace",
        ws,
        "export",
        "/proc/no-such-place/p.zip",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(6), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains(".annexa-pack-"),
        "no temporary name: {}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("/proc/no-such-place/p.zip"),
        "{}",
        stderr(&o)
    );
}

/// A bug that panics is told in one sentence that says where the details are, with exit 70
/// as the exit status table promises; Rust's panic text goes to the report file, not to the
/// user. (`ANNEXA_PANIC_FOR_TEST` makes the program panic on purpose; the packaged release
/// program is checked the same way in tests/package-deb.sh.)
#[test]
fn a_bug_is_reported_in_a_sentence_and_exits_70() {
    let state = tempfile::tempdir().expect("temp");
    let o = Command::new(env!("CARGO_BIN_EXE_annexa"))
        .args(["catalogue"])
        .env("ANNEXA_PANIC_FOR_TEST", "1")
        .env("XDG_STATE_HOME", state.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("annexa");
    assert_eq!(o.status.code(), Some(70));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("annexa: error: an internal error stopped this command (please report it); the details are in "),
        "{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    let report = std::path::PathBuf::from(
        err.trim()
            .rsplit("the details are in ")
            .next()
            .expect("path"),
    );
    assert!(report.starts_with(state.path()), "{}", report.display());
    let text = std::fs::read_to_string(&report).expect("the report");
    assert!(
        text.contains("panicked at") && text.contains("ANNEXA_PANIC_FOR_TEST"),
        "{text}"
    );
    assert!(stdout(&o).is_empty());
}

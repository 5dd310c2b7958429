//! The risk register as a chief officer and a consultant run it from the command line: real
//! `annexa` processes on a real workspace file, checking output, exit codes, the history and
//! that refused input changes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Ws {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Ws {
    fn new() -> Ws {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("risky.annexa");
        let ws = Ws { _dir: dir, path };
        ws.ok(&[
            "init",
            ws.path.to_str().expect("utf-8"),
            "--org",
            "Risky plc",
        ]);
        ws.ok(&["people", "add", "Ana Silva", "--role", "CISO"]);
        ws.ok(&["people", "add", "Bo Berg", "--role", "IT lead"]);
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

    fn risk(&self, id: &str) -> serde_json::Value {
        self.json(&["risks", "list"])
            .as_array()
            .expect("array")
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no {id}"))
    }

    fn finding_kinds(&self) -> Vec<(String, String)> {
        self.json(&["report"])["risk_findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["risk"].as_str().unwrap_or("-").to_owned(),
                    f["kind"].as_str().expect("kind").to_owned(),
                )
            })
            .collect()
    }
}

fn run_on(path: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_annexa"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .env("ANNEXA_WORKSPACE", path)
        .env("ANNEXA_USER", "Risk Workshop")
        .env("XDG_DATA_HOME", "/nonexistent-annexa-test-dir")
        .output()
        .expect("run annexa")
}

/// What a Python script prints about the pack given as its first argument.
fn python(script: &str, pack: &Path) -> String {
    let out = Command::new("python3")
        .args(["-c", script, pack.to_str().expect("utf-8")])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn a_risk_goes_from_rating_to_accepted_residual_risk_and_the_findings_go() {
    let ws = Ws::new();
    // The method: 5x5 until one is chosen, and not adopted.
    let method = ws.json(&["risks", "method"]);
    assert_eq!(method["preset"], "5x5");
    assert_eq!(method["approved_by"], serde_json::Value::Null);
    assert_eq!(method["matrix"][4][4], "critical");
    assert_eq!(method["matrix"][0][3], "low");
    let adopted = ws.json(&["risks", "method", "--approve", "--by", "bo berg"]);
    assert_eq!(adopted["approved_by"], "Bo Berg");

    ws.ok(&[
        "assets",
        "add",
        "File server",
        "--type",
        "hardware",
        "--owner",
        "Bo Berg",
        "--c",
        "4",
        "--i",
        "4",
        "--a",
        "5",
    ]);
    ws.ok(&[
        "actions",
        "add",
        "Restore test each quarter",
        "--control",
        "A.8.13",
    ]);
    let id = ws.ok(&[
        "risks",
        "add",
        "Ransomware on the file server",
        "--owner",
        "Ana Silva",
        "--likelihood",
        "4",
        "--impact",
        "5",
        "--asset",
        "file server",
        "--concerns",
        "ia",
    ]);
    assert_eq!(id.trim(), "R-001");
    let r = ws.risk("R-001");
    assert_eq!(
        (r["level"].as_str(), r["acceptable"].as_bool()),
        (Some("critical"), Some(false))
    );
    assert_eq!(
        r["concerns"],
        serde_json::json!(["integrity", "availability"])
    );
    assert_eq!(r["assets"], serde_json::json!(["File server"]));
    assert_eq!(
        ws.finding_kinds(),
        pairs(&[
            ("R-001", "plan_not_approved"),
            ("R-001", "residual_not_accepted")
        ])
    );

    // The plan: treatment, controls, the action, the target.
    ws.ok(&[
        "risks",
        "set",
        "R-001",
        "--treatment",
        "modify",
        "--add-control",
        "A.8.7",
        "--add-control",
        "8.13",
        "--add-action",
        "1",
        "--target-likelihood",
        "2",
        "--target-impact",
        "2",
        "--status",
        "planned",
    ]);
    let r = ws.risk("R-001");
    assert_eq!(r["controls"], serde_json::json!(["A.8.7", "A.8.13"]));
    assert_eq!(r["target_level"], "low");
    assert_eq!(r["residual_level"], "low");
    // Someone else than the owner decides only on their behalf, and it is recorded.
    let (code, err) = ws.fails(&["risks", "approve", "R-001", "--by", "Bo Berg"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("R-001's owner is Ana Silva, not Bo Berg"),
        "{err}"
    );
    ws.ok(&[
        "risks",
        "approve",
        "R-001",
        "--by",
        "Bo Berg",
        "--on-behalf",
    ]);
    assert_eq!(ws.risk("R-001")["plan_approved_by"], "Bo Berg");
    ws.ok(&[
        "risks",
        "accept",
        "R-001",
        "--by",
        "Ana Silva",
        "--until",
        "2030-12-31",
    ]);
    let r = ws.risk("R-001");
    assert_eq!(
        (r["accepted_by"].as_str(), r["acceptance"].as_str()),
        (Some("Ana Silva"), Some("holds"))
    );
    assert_eq!(r["accepted_until"], "2030-12-31");
    assert_eq!(ws.finding_kinds(), pairs(&[]));

    // The controls it chose know it (the SoA's reason comes from here).
    let by_control = ws.json(&["risks", "list", "--owner", "ANA SILVA"]);
    assert_eq!(by_control.as_array().expect("array").len(), 1);
    assert_eq!(
        ws.json(&["risks", "list", "--owner", "Bo Berg"]),
        serde_json::json!([])
    );
    assert_eq!(
        ws.json(&["risks", "list", "--level", "critical"])
            .as_array()
            .expect("a")
            .len(),
        1
    );
    let (code, err) = ws.fails(&["risks", "list", "--level", "severe"]);
    assert_eq!(code, 2);
    assert!(err.contains("low, medium, high, critical"), "{err}");

    // Treated and re-rated above the criteria: the acceptance no longer holds.
    ws.ok(&[
        "risks",
        "rerate",
        "R-001",
        "--likelihood",
        "3",
        "--impact",
        "3",
    ]);
    let r = ws.risk("R-001");
    assert_eq!(
        (r["status"].as_str(), r["level"].as_str()),
        (Some("treated"), Some("medium"))
    );
    assert_eq!(r["acceptance"], "none");
    assert_eq!(
        ws.finding_kinds(),
        pairs(&[("R-001", "residual_not_accepted")])
    );
    let (code, err) = ws.fails(&["risks", "accept", "R-001", "--by", "Ana Silva"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("accept it on its own, with the reason (--note)"),
        "{err}"
    );
    ws.ok(&[
        "risks",
        "accept",
        "r1",
        "--by",
        "Ana Silva",
        "--note",
        "Insured; board agreed",
    ]);
    assert_eq!(ws.finding_kinds(), pairs(&[]));

    // The assessment approved as a round; re-rated after it, the comparison says what rose.
    let said = ws.ok(&[
        "risks",
        "round",
        "--approve",
        "--by",
        "Bo Berg",
        "--name",
        "Q4 2026",
    ]);
    assert!(
        said.starts_with("Approved the round \"Q4 2026\": 1 risks"),
        "{said}"
    );
    let rounds = ws.json(&["risks", "rounds"]);
    assert_eq!(rounds[0]["name"], "Q4 2026");
    assert_eq!(rounds[0]["approved_by"], "Bo Berg");
    ws.ok(&[
        "risks",
        "rerate",
        "R-001",
        "--likelihood",
        "4",
        "--impact",
        "4",
        "--review",
    ]);
    let changes = ws.json(&["risks", "compare", "Q4 2026"]);
    assert_eq!(changes[0]["change"], "level");
    assert_eq!(changes[0]["before"], "medium (3 × 3)");
    assert_eq!(changes[0]["after"], "high (4 × 4)");
    assert_eq!(changes[0]["regression"], true);
    let (code, err) = ws.fails(&["risks", "compare", "Q1 1999"]);
    assert_eq!(code, 3);
    assert!(err.contains("no round named \"Q1 1999\""), "{err}");
    ws.ok(&[
        "risks",
        "rerate",
        "R-001",
        "--likelihood",
        "3",
        "--impact",
        "3",
    ]);
    ws.ok(&[
        "risks",
        "accept",
        "R-001",
        "--by",
        "Ana Silva",
        "--note",
        "Insured; board agreed",
    ]);

    // Rated, treated, its plan approved and a round approved: the three risk documents are
    // no longer missing.
    let missing = ws.json(&["report"])["missing_documents"].clone();
    for doc in [
        "risk-assessment-results",
        "risk-treatment-plan",
        "risk-treatment-results",
    ] {
        assert!(
            !missing.as_array().expect("array").iter().any(|d| d == doc),
            "{doc} is still missing: {missing}"
        );
    }
    let (code, err) = ws.fails(&[
        "clauses",
        "document",
        "risk-treatment-plan",
        "--present",
        "no",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("follows from the risk register"), "{err}");

    // The heat map as text: one risk, where it is rated now.
    let matrix = ws.ok(&["risks", "matrix"]);
    assert!(matrix.starts_with("Current risks, 5x5"), "{matrix}");
    let row = matrix
        .lines()
        .find(|l| l.trim_start().starts_with("3 Possible"))
        .expect("row 3");
    assert!(row.contains("1 medium"), "{matrix}");

    // Every step is in the risk's history, decisions with whose they were.
    let history = ws.json(&["history", "risk:R-001"]);
    let said: Vec<String> = history
        .as_array()
        .expect("history")
        .iter()
        .map(|h| {
            format!(
                "{}={}",
                h["field"].as_str().unwrap_or(""),
                h["new_value"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        said.contains(&"plan=approved by Bo Berg on behalf of Ana Silva".to_owned()),
        "{said:?}"
    );
    assert!(said.contains(&"likelihood=3".to_owned()), "{said:?}");
    assert!(
        history
            .as_array()
            .expect("h")
            .iter()
            .all(|h| h["actor"] == "Risk Workshop")
    );
}

#[test]
fn refused_input_names_the_problem_and_changes_nothing() {
    let ws = Ws::new();
    ws.ok(&[
        "risks",
        "add",
        "Phishing",
        "--owner",
        "Ana Silva",
        "--likelihood",
        "2",
        "--impact",
        "2",
    ]);
    let before = std::fs::read(&ws.path).expect("read");
    let history = ws.json(&["history"]).as_array().expect("h").len();
    for (args, code, says) in [
        (
            vec![
                "risks",
                "add",
                "Flood",
                "--likelihood",
                "6",
                "--impact",
                "1",
            ],
            2,
            "a likelihood of 6 is outside the scale: 1 (Rare) to 5 (Almost certain)",
        ),
        (
            vec![
                "risks",
                "add",
                "PHISHING",
                "--likelihood",
                "1",
                "--impact",
                "1",
            ],
            2,
            "R-001 already has the title",
        ),
        (
            vec![
                "risks",
                "add",
                "Flood",
                "--likelihood",
                "1",
                "--impact",
                "1",
                "--owner",
                "Cy",
            ],
            3,
            "no person named \"Cy\"",
        ),
        (
            vec![
                "risks",
                "add",
                "Flood",
                "--likelihood",
                "1",
                "--impact",
                "1",
                "--control",
                "A.5.99",
            ],
            3,
            "A.5.99",
        ),
        (
            vec![
                "risks",
                "add",
                "Flood",
                "--likelihood",
                "1",
                "--impact",
                "1",
                "--asset",
                "Moon",
            ],
            3,
            "no asset named \"Moon\"",
        ),
        (
            vec![
                "risks",
                "add",
                "Flood",
                "--likelihood",
                "1",
                "--impact",
                "1",
                "--action",
                "7",
            ],
            3,
            "no action number 7",
        ),
        (
            vec!["risks", "add", "Flood"],
            2,
            "needs its likelihood and its impact",
        ),
        (
            vec!["risks", "set", "R-009", "--threat", "x"],
            3,
            "there is no risk R-009",
        ),
        (
            vec!["risks", "set", "X-1", "--threat", "x"],
            2,
            "\"X-1\" is not a risk",
        ),
        (
            vec!["risks", "set", "R-001", "--remove-control", "A.5.1"],
            2,
            "A.5.1 does not treat R-001",
        ),
        (
            vec!["risks", "set", "R-001", "--treatment", "ignore"],
            2,
            "\"ignore\" is not a treatment; use one of modify, retain, avoid, share",
        ),
        (
            vec!["risks", "approve", "R-001", "--by", "Ana Silva"],
            2,
            "no treatment yet",
        ),
        (
            vec!["risks", "accept", "R-001", "--by", "Bo Berg"],
            2,
            "R-001's owner is Ana Silva, not Bo Berg",
        ),
        (
            vec![
                "risks",
                "accept",
                "R-001",
                "--by",
                "Ana Silva",
                "--until",
                "2001-01-01",
            ],
            2,
            "would have lapsed already",
        ),
        (
            vec!["risks", "method", "--preset", "3x3", "--acceptable", "fine"],
            2,
            "the acceptable level \"fine\" is not one of the risk levels",
        ),
        (
            vec!["assets", "add", "Laptops", "--c", "9"],
            2,
            "rated 1 to 5, not 9",
        ),
        (
            vec!["assets", "add", "Laptops", "--type", "furniture"],
            2,
            "is not an asset type",
        ),
    ] {
        let (got, err) = ws.fails(&args);
        assert_eq!(got, code, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err} lacks {says:?}");
    }
    assert_eq!(ws.json(&["history"]).as_array().expect("h").len(), history);
    assert_eq!(
        std::fs::read(&ws.path).expect("read"),
        before,
        "the file is as it was"
    );
}

#[test]
fn a_method_change_re_rates_and_a_custom_method_is_read_back_whole() {
    let ws = Ws::new();
    ws.ok(&[
        "risks",
        "add",
        "Supplier outage",
        "--likelihood",
        "3",
        "--impact",
        "3",
    ]);
    ws.ok(&[
        "risks",
        "add",
        "Lost badge",
        "--likelihood",
        "5",
        "--impact",
        "1",
    ]);
    let (code, err) = ws.fails(&["risks", "method", "--preset", "3x3"]);
    assert_eq!(code, 2);
    assert!(err.contains("R-002 is rated 5 × 1"), "{err}");
    ws.ok(&[
        "risks",
        "rerate",
        "R-002",
        "--likelihood",
        "3",
        "--impact",
        "1",
        "--review",
    ]);
    assert_eq!(
        ws.risk("R-002")["status"],
        "open",
        "a review is not a treatment"
    );
    ws.ok(&[
        "risks",
        "method",
        "--preset",
        "3x3",
        "--approve",
        "--by",
        "Ana Silva",
    ]);
    let method = ws.json(&["risks", "method"]);
    assert_eq!(
        (method["preset"].as_str(), method["approved_by"].as_str()),
        (Some("3x3"), Some("Ana Silva"))
    );
    assert_eq!(ws.risk("R-001")["level"], "high");
    let level = ws.json(&["history", "risk:R-001"]);
    assert!(
        level
            .as_array()
            .expect("h")
            .iter()
            .any(|h| h["field"] == "level"
                && h["old_value"] == "medium"
                && h["new_value"] == "high"),
        "{level}"
    );

    // Printed, edited and given back: a custom matrix with four levels of impact.
    let mut custom = ws.json(&["risks", "method"]);
    custom["impact"].as_array_mut().expect("impact").push(
        serde_json::json!({"value": 4, "name": "Fatal", "description": "The end of the business"}),
    );
    custom["matrix"] = serde_json::json!([
        ["low", "low", "medium", "high"],
        ["low", "medium", "high", "high"],
        ["medium", "high", "high", "high"]
    ]);
    custom["levels"][2]["up_to"] = serde_json::json!(12);
    let file = ws.path.with_file_name("method.json");
    std::fs::write(&file, custom.to_string()).expect("write");
    ws.ok(&["risks", "method", "--from", file.to_str().expect("utf-8")]);
    let method = ws.json(&["risks", "method"]);
    assert_eq!(method["preset"], "custom");
    assert_eq!(method["impact"].as_array().expect("impact").len(), 4);
    assert_eq!(method["matrix"][0][2], "medium");
    assert_eq!(
        method["approved_by"],
        serde_json::Value::Null,
        "changed: to adopt again"
    );
    std::fs::write(&file, "{\"likelihood\": 3}").expect("write");
    let (code, err) = ws.fails(&["risks", "method", "--from", file.to_str().expect("utf-8")]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a risk method"), "{err}");
}

/// The Statement of Applicability follows from the risks: a control a risk chose carries
/// "Risk assessment" and the risk in the exported pack, read back by Python's zipfile and csv.
#[test]
fn a_control_chosen_by_a_risk_has_it_as_its_reason_in_the_exported_soa() {
    let ws = Ws::new();
    ws.ok(&[
        "set",
        "A.8.13",
        "--applicable",
        "yes",
        "--reason",
        "contractual",
    ]);
    ws.ok(&["set", "A.5.1", "--applicable", "yes"]);
    ws.ok(&[
        "risks",
        "add",
        "Backups never restored",
        "--owner",
        "Ana Silva",
        "--likelihood",
        "3",
        "--impact",
        "4",
        "--treatment",
        "modify",
        "--control",
        "A.8.13,A.8.7",
    ]);
    ws.ok(&[
        "risks",
        "add",
        "Restore takes a week",
        "--owner",
        "Bo Berg",
        "--likelihood",
        "2",
        "--impact",
        "3",
        "--control",
        "A.8.13",
    ]);
    // The controls' listing says so too.
    let controls = ws.json(&["controls"]);
    let backup = controls
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["id"] == "A.8.13")
        .expect("A.8.13");
    assert_eq!(
        backup["reasons"],
        serde_json::json!(["risk_assessment", "contractual"])
    );
    assert_eq!(backup["risks"], serde_json::json!(["R-001", "R-002"]));
    let pack = ws.path.with_file_name("pack.zip");
    ws.ok(&["export", pack.to_str().expect("utf-8"), "-q"]);
    ws.ok(&["verify", pack.to_str().expect("utf-8")]);
    let script = r#"
import csv, io, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
rows = {r["Control"]: r for r in csv.DictReader(io.StringIO(z.read("statement-of-applicability.csv").decode("utf-8-sig")))}
data = json.loads(z.read("pack.json"))
controls = {c["id"]: c for c in data["controls"]}
html = z.read("index.html").decode()
for c in ["A.8.13", "A.8.7", "A.5.1"]:
    print(c, "|", rows[c]["Reasons for inclusion"], "|", rows[c]["Risks"], "|", ",".join(controls[c]["risks"]))
print("html", "Risks it treats</dt><dd>R-001, R-002</dd>" in html)
register = list(csv.DictReader(io.StringIO(z.read("risk-register.csv").decode("utf-8-sig"))))
for r in register:
    print(r["Risk"], "|", r["Owner"], "|", r["Level"], "|", r["Treatment"], "|", r["Controls"], "|", r["Plan approved by"] or "-")
print("section", '<tr id="risk-R-001"><td>R-001 Backups never restored</td>' in html, "not adopted by the organisation yet" in html)
print("manifest", sorted(f["path"] for f in json.loads(z.read("manifest.json"))["files"] if f["path"].startswith("risk-register")))
"#;
    let text = python(script, &pack);
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "A.8.13 | Risk assessment; Contractual | R-001; R-002 | R-001,R-002",
            "A.8.7 | Risk assessment | R-001 | R-001",
            "A.5.1 |  |  | ",
            "html True",
            "R-001 | Ana Silva | high | modify | A.8.7; A.8.13 | -",
            "R-002 | Bo Berg | medium |  | A.8.13 | -",
            "section True True",
            "manifest ['risk-register.csv', 'risk-register.xlsx']",
        ],
        "{text}"
    );
}

#[test]
fn a_control_of_the_organisations_own_joins_the_soa_when_a_risk_chooses_it() {
    let ws = Ws::new();
    // An id that reads as an Annex A control is refused, and so is a bare one in any form.
    for taken in ["A.5.1", "5.1", "a.8.13", "A.99"] {
        let (code, err) = ws.fails(&["own-controls", "add", taken, "--title", "Mine"]);
        assert_eq!(code, 2, "{taken}: {err}");
        assert!(
            err.contains("reads as an Annex A control"),
            "{taken}: {err}"
        );
    }
    let (_, err) = ws.fails(&["own-controls", "add", "ORG 1", "--title", "Mine"]);
    assert!(err.contains("cannot be a control's id"), "{err}");
    let (_, err) = ws.fails(&["own-controls", "add", "ORG-1"]);
    assert!(err.contains("title"), "{err}");
    assert_eq!(ws.json(&["own-controls", "list"]), serde_json::json!([]));

    ws.ok(&[
        "own-controls",
        "add",
        "ORG-1",
        "--title",
        "Second approval for payments over 10,000",
        "--description",
        "Finance releases a large payment only once a second person has approved it.",
        "--status",
        "planned",
    ]);
    let (_, err) = ws.fails(&["own-controls", "add", "org-1", "--title", "Again"]);
    assert!(err.contains("already"), "{err}");
    ws.ok(&[
        "risks",
        "add",
        "Invoice fraud by e-mail",
        "--owner",
        "Ana Silva",
        "--likelihood",
        "3",
        "--impact",
        "4",
        "--treatment",
        "modify",
        "--control",
        "A.5.14,org-1",
    ]);
    let r = ws.risk("R-001");
    assert_eq!(r["controls"], serde_json::json!(["A.5.14"]));
    assert_eq!(r["own_controls"], serde_json::json!(["ORG-1"]));
    // An id that is neither an Annex A control nor one of the organisation's own is named,
    // and nothing changes.
    let (_, err) = ws.fails(&["risks", "set", "R-001", "--add-control", "ORG-9"]);
    assert!(err.contains("\"ORG-9\""), "{err}");
    assert_eq!(
        ws.risk("R-001")["own_controls"],
        serde_json::json!(["ORG-1"])
    );
    let mine = ws.json(&["own-controls", "list"]);
    assert_eq!(mine[0]["risks"], serde_json::json!(["R-001"]));
    assert_eq!(mine[0]["status"], "planned");
    ws.ok(&["own-controls", "set", "ORG-1", "--status", "implemented"]);
    let history = ws.json(&["history", "owncontrol:org-1"]);
    let fields: Vec<&str> = history
        .as_array()
        .expect("array")
        .iter()
        .map(|h| h["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["added", "description", "status", "status"]);
    // Taken away and chosen again, each change in the risk's history, naming the control.
    ws.ok(&["risks", "set", "R-001", "--remove-control", "ORG-1"]);
    assert_eq!(ws.risk("R-001")["own_controls"], serde_json::json!([]));
    ws.ok(&["risks", "set", "R-001", "--add-control", "ORG-1"]);
    let changes: Vec<(String, String)> = ws
        .json(&["history", "risk:R-001"])
        .as_array()
        .expect("array")
        .iter()
        .filter(|h| h["field"] == "controls")
        .map(|h| {
            (
                h["old_value"].as_str().unwrap_or("").to_owned(),
                h["new_value"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        pairs(&[("5.14, ORG-1", "5.14"), ("5.14", "5.14, ORG-1")])
    );

    let pack = ws.path.with_file_name("pack.zip");
    ws.ok(&["export", pack.to_str().expect("utf-8"), "-q"]);
    ws.ok(&["verify", pack.to_str().expect("utf-8")]);
    let script = r##"
import csv, io, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
rows = list(csv.reader(io.StringIO(z.read("statement-of-applicability.csv").decode("utf-8-sig"))))
print(len(rows) - 1, rows[0][:8])
print(rows[-1][:8])
data = json.loads(z.read("pack.json"))
print([(c["id"], c["status"], c["risks"]) for c in data["own_controls"]])
html = z.read("index.html").decode()
print('<article id="own-ORG-1">' in html, '<a href="#own-ORG-1">ORG-1</a>' in html)
register = list(csv.DictReader(io.StringIO(z.read("risk-register.csv").decode("utf-8-sig"))))
print(register[0]["Controls"])
"##;
    let text = python(script, &pack);
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "94 ['Control', 'Title', 'Theme', 'Applicable', 'Reasons for inclusion', 'Risks', 'Justification', 'Implementation status']",
            "['ORG-1', 'Second approval for payments over 10,000', \"Additional (the organisation's own)\", 'Yes', 'Risk assessment', 'R-001', 'Finance releases a large payment only once a second person has approved it.', 'Implemented']",
            "[('ORG-1', 'implemented', ['R-001'])]",
            "True True",
            "A.5.14; ORG-1",
        ],
        "{text}"
    );
}

#[test]
fn a_snapshot_keeps_the_register_and_a_level_that_rose_is_a_regression() {
    let ws = Ws::new();
    ws.ok(&[
        "risks",
        "add",
        "Backups never restored",
        "--owner",
        "Ana Silva",
        "--likelihood",
        "2",
        "--impact",
        "2",
    ]);
    ws.ok(&["snapshot", "take", "Before"]);
    // The risk gets worse, another is added, and a control moves on.
    ws.ok(&[
        "risks",
        "rerate",
        "R-001",
        "--likelihood",
        "4",
        "--impact",
        "5",
        "--review",
    ]);
    ws.ok(&[
        "risks",
        "add",
        "Laptop stolen",
        "--likelihood",
        "1",
        "--impact",
        "2",
    ]);
    ws.ok(&["set", "A.8.13", "--status", "planned"]);
    let changes = ws.json(&["snapshot", "compare", "Before"]);
    let rows: Vec<(String, String, String, String, bool)> = changes
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().expect("id").to_owned(),
                c["field"].as_str().expect("field").to_owned(),
                c["before"].as_str().expect("before").to_owned(),
                c["after"].as_str().expect("after").to_owned(),
                c["regression"].as_bool().expect("regression"),
            )
        })
        .collect();
    let risky: Vec<_> = rows.iter().filter(|r| r.0.starts_with("R-")).collect();
    assert!(
        rows.iter().any(|r| r.0 == "A.8.13" && r.1 == "status"),
        "{rows:?}"
    );
    assert!(
        risky.iter().any(|r| r.0 == "R-001"
            && r.1 == "risk_level"
            && r.2 == "low (2 × 2)"
            && r.3 == "critical (4 × 5)"
            && r.4),
        "the level that rose is a regression: {risky:?}"
    );
    assert!(
        risky
            .iter()
            .any(|r| r.0 == "R-002" && r.1 == "risk_added" && !r.4),
        "{risky:?}"
    );
    // Two snapshots compare their registers as frozen, not the register now.
    ws.ok(&["snapshot", "take", "After"]);
    ws.ok(&[
        "risks",
        "rerate",
        "R-001",
        "--likelihood",
        "1",
        "--impact",
        "1",
        "--review",
    ]);
    let between = ws.json(&["snapshot", "compare", "Before", "After"]);
    assert!(
        between
            .as_array()
            .expect("array")
            .iter()
            .any(|c| c["id"] == "R-001" && c["after"] == "critical (4 × 5)"),
        "{between}"
    );
}

//! The output contract: every command in `docs/cli-json.md` is run on a real workspace, its
//! JSON is checked field by field against the types written there, and its CSV against its
//! JSON. A command that takes `--format` but is missing from the page fails the test too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The page, read as data: the commands and what they print, and each object type's fields
/// and CSV columns.
struct Contract {
    commands: Vec<(String, String)>,
    types: BTreeMap<String, ObjectType>,
}

#[derive(Default)]
struct ObjectType {
    fields: Vec<(String, String)>,
    csv: Vec<String>,
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().replace('`', ""))
        .collect()
}

fn read_contract() -> Contract {
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/cli-json.md"),
    )
    .expect("docs/cli-json.md");
    let mut commands = Vec::new();
    let mut types: BTreeMap<String, ObjectType> = BTreeMap::new();
    let mut section = String::new();
    let mut current: Option<String> = None;
    let mut csv_text: Option<String> = None;
    for line in page.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.trim().to_owned();
            current = None;
            continue;
        }
        if let Some(h) = line.strip_prefix("### ") {
            let name = h.trim().trim_matches('`').to_owned();
            types.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        if let Some(text) = csv_text.as_mut() {
            if line.trim().is_empty() {
                let columns = text
                    .split(',')
                    .map(|c| c.trim().trim_matches('`').to_owned())
                    .collect();
                let name = current.clone().expect("CSV columns belong to a type");
                types.get_mut(&name).expect("type").csv = columns;
                csv_text = None;
            } else {
                text.push(' ');
                text.push_str(line.trim());
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("CSV columns:") {
            csv_text = Some(rest.trim().to_owned());
            continue;
        }
        if !line.starts_with("| ") || line.starts_with("| ---") {
            continue;
        }
        let row = cells(line);
        match &current {
            Some(name) if row[1] != "type" => {
                let t = types.get_mut(name).expect("type");
                t.fields.push((row[0].clone(), row[1].clone()));
            }
            None if section == "Commands" && row[1] != "prints" => {
                commands.push((row[0].clone(), row[1].clone()));
            }
            _ => {}
        }
    }
    assert!(
        csv_text.is_none(),
        "the page must not end inside a CSV columns line"
    );
    Contract { commands, types }
}

/// Splits a command line as a shell would: words, with "double quotes" around spaces.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_timestamp(s: &str) -> bool {
    // 2026-11-23T10:00:00.000Z
    let b = s.as_bytes();
    b.len() == 24
        && is_date(&s[..10])
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'.'
        && b[23] == b'Z'
        && [11, 12, 14, 15, 17, 18, 20, 21, 22]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

fn is_control(s: &str) -> bool {
    s.strip_prefix("A.")
        .and_then(|r| r.split_once('.'))
        .is_some_and(|(a, b)| {
            [a, b]
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
        })
}

fn is_clause(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
}

/// Checks `value` against a type of the page; `seen` collects the object types met.
fn check(
    contract: &Contract,
    value: &Value,
    ty: &str,
    at: &str,
    seen: &mut BTreeSet<String>,
) -> Result<(), String> {
    let fail = |what: &str| Err(format!("{at}: {value} is not {what}"));
    if let Some(inner) = ty.strip_suffix(" or null") {
        return if value.is_null() {
            Ok(())
        } else {
            check(contract, value, inner, at, seen)
        };
    }
    if let Some(inner) = ty.strip_prefix("array of ") {
        let Value::Array(items) = value else {
            return fail(ty);
        };
        for (i, item) in items.iter().enumerate() {
            check(contract, item, inner, &format!("{at}[{i}]"), seen)?;
        }
        return Ok(());
    }
    if let Some(object) = contract.types.get(ty) {
        let Value::Object(map) = value else {
            return fail(ty);
        };
        seen.insert(ty.to_owned());
        let documented: BTreeSet<&str> = object.fields.iter().map(|(f, _)| f.as_str()).collect();
        let present: BTreeSet<&str> = map.keys().map(String::as_str).collect();
        if documented != present {
            return Err(format!(
                "{at}: {ty} has fields {present:?}, the page documents {documented:?}"
            ));
        }
        for (field, field_ty) in &object.fields {
            check(
                contract,
                &map[field],
                field_ty,
                &format!("{at}.{field}"),
                seen,
            )?;
        }
        return Ok(());
    }
    let s = value.as_str();
    let ok = match ty {
        "string" => s.is_some(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "date" => s.is_some_and(is_date),
        "timestamp" => s.is_some_and(is_timestamp),
        "control" => s.is_some_and(is_control),
        "clause" => s.is_some_and(is_clause),
        "reference" => s.is_some_and(|s| {
            s.split_once(':').is_some_and(|(kind, id)| {
                !id.is_empty()
                    && kind.bytes().all(|c| c.is_ascii_lowercase())
                    && (kind != "control" || is_control(id))
            })
        }),
        "sha256" => s.is_some_and(|s| {
            s.len() == 64 && s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
        }),
        "word" => s.is_some_and(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.')
        }),
        other => return Err(format!("{at}: the page uses an unknown type {other:?}")),
    };
    if ok { Ok(()) } else { fail(ty) }
}

/// What a CSV cell must hold for a JSON value, as the page's rules say.
fn csv_text(value: &Value) -> String {
    fn raw(v: &Value) -> String {
        match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().map(raw).collect::<Vec<_>>().join("; "),
            other => other.to_string(),
        }
    }
    let text = raw(value);
    if matches!(value, Value::String(_) | Value::Array(_)) && text.starts_with(['=', '+', '-', '@'])
    {
        format!("'{text}")
    } else {
        text
    }
}

/// The value a CSV column names: `a.b` is field `b` of `a`, or of each element when `a` is a
/// list.
fn column_value(item: &Value, path: &str) -> Value {
    path.split('.').fold(item.clone(), |v, key| match v {
        Value::Object(mut o) => o.remove(key).unwrap_or(Value::Null),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|i| i.get(key).cloned().unwrap_or(Value::Null))
                .collect(),
        ),
        _ => Value::Null,
    })
}

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_annexa"))
            .args(args)
            .current_dir(self.dir.path())
            .env("ANNEXA_WORKSPACE", self.dir.path().join("contract.annexa"))
            .env("ANNEXA_USER", "Contract Test")
            .env_remove("COLUMNS")
            .stdin(Stdio::null())
            .output()
            .expect("run annexa")
    }

    fn ok(&self, args: &[&str]) -> Vec<u8> {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "annexa {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&o.stderr)
        );
        o.stdout
    }

    /// A workspace where every kind of output has something to show: owners, an excluded
    /// control, a late action, a file, a link and a note (one expired), a clause with its
    /// document, a snapshot and a change since.
    fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        std::fs::write(f.dir.path().join("policy.pdf"), b"%PDF-1.4 policy\n").expect("write");
        std::fs::write(f.dir.path().join("pass.txt"), b"contract passphrase\n").expect("write");
        let steps: &[&[&str]] = &[
            &[
                "init",
                "contract.annexa",
                "--org",
                "Contract Ltd",
                "--scope",
                "All offices",
                "--target-date",
                "2027-06-30",
            ],
            &[
                "people",
                "add",
                "Ana Silva",
                "--role",
                "CISO",
                "--department",
                "it",
                "--email",
                "ana@example.com",
            ],
            &[
                "set",
                "A.5.1",
                "--applicable",
                "yes",
                "--reason",
                "risk_assessment,contractual",
                "--status",
                "partially_implemented",
                "--owner",
                "Ana Silva",
                "--contributor",
                "Bo Chen",
                "--maturity",
                "2",
                "--target-date",
                "2020-01-31",
                "--priority",
                "high",
                "--note",
                "A draft exists",
                "--gap",
                "Not approved yet",
            ],
            &[
                "set",
                "5.2",
                "--applicable",
                "yes",
                "--contributor",
                "Ana Silva",
            ],
            &[
                "set",
                "A 8.25",
                "--applicable",
                "no",
                "--justification",
                "No in-house development",
            ],
            &[
                "actions",
                "add",
                "Approve the policy",
                "--control",
                "A.5.1",
                "--assignee",
                "Ana Silva",
                "--due",
                "2020-03-01",
            ],
            &[
                "evidence",
                "add",
                "policy.pdf",
                "--control",
                "A.5.1",
                "--clause",
                "5.2",
                "--valid-until",
                "2020-12-31",
                "--provided-by",
                "Ana Silva",
            ],
            &[
                "evidence",
                "link",
                "https://intranet.example/isms",
                "--control",
                "A.5.2",
                "--review",
                "yearly",
            ],
            &[
                "evidence",
                "note",
                "Restore test seen",
                "--control",
                "A.8.13",
            ],
            &[
                "clauses",
                "set",
                "6.1.2",
                "--status",
                "planned",
                "--owner",
                "Ana Silva",
                "--note",
                "Method drafted",
            ],
            &["clauses", "document", "isms-scope", "--present", "yes"],
            &[
                "assets",
                "add",
                "Customer database",
                "--type",
                "information",
                "--owner",
                "Ana Silva",
                "--c",
                "5",
                "--i",
                "4",
                "--a",
                "3",
            ],
            &[
                "own-controls",
                "add",
                "ORG-1",
                "--title",
                "Phishing drill every quarter",
                "--status",
                "planned",
            ],
            &[
                "risks",
                "add",
                "Phishing takes a mailbox",
                "--owner",
                "Ana Silva",
                "--likelihood",
                "4",
                "--impact",
                "4",
                "--concerns",
                "ci",
                "--asset",
                "Customer database",
                "--treatment",
                "modify",
                "--control",
                "A.5.1,ORG-1",
                "--action",
                "1",
                "--target-likelihood",
                "2",
                "--target-impact",
                "2",
                "--next-review",
                "2027-06-30",
            ],
            &["risks", "approve", "R-001", "--by", "Ana Silva"],
            &[
                "risks",
                "accept",
                "R-001",
                "--by",
                "Ana Silva",
                "--until",
                "2030-01-01",
            ],
            &[
                "risks",
                "add",
                "Office flood",
                "--likelihood",
                "1",
                "--impact",
                "2",
            ],
            &[
                "risks",
                "round",
                "--approve",
                "--by",
                "Ana Silva",
                "--name",
                "Round 1",
            ],
            &[
                "risks",
                "rerate",
                "R-002",
                "--likelihood",
                "3",
                "--impact",
                "4",
            ],
            &["snapshot", "take", "Baseline"],
            &["set", "A.5.2", "--status", "planned"],
            &[
                "keys",
                "generate",
                "--name",
                "Contract Ltd",
                "--out",
                "signing",
                "--passphrase-file",
                "pass.txt",
            ],
            &[
                "export",
                "signed.zip",
                "--sign",
                "--key",
                "signing.key",
                "--passphrase-file",
                "pass.txt",
                "-q",
            ],
        ];
        for step in steps {
            f.ok(step);
        }
        f
    }
}

/// Every command path (`people show`) whose help offers `-f, --format`.
fn commands_with_format(f: &Fixture) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = String::from_utf8(f.ok(&args)).expect("utf-8");
        if help.contains("-f, --format") {
            found.insert(path.join(" "));
        }
        let mut in_commands = false;
        for line in help.lines() {
            if line.starts_with("Commands:") {
                in_commands = true;
            } else if line.trim().is_empty() {
                in_commands = false;
            } else if in_commands
                && let Some(name) = line.split_whitespace().next()
                && name != "help"
            {
                let mut sub = path.clone();
                sub.push(name.to_owned());
                todo.push(sub);
            }
        }
    }
    found
}

#[test]
fn every_command_prints_what_docs_cli_json_md_says() {
    let contract = read_contract();
    assert!(contract.commands.len() >= 20, "the page lists the commands");
    let f = Fixture::new();
    let mut seen = BTreeSet::new();
    for (line, prints) in &contract.commands {
        let args = words(line.strip_prefix("annexa ").expect("starts with annexa"));
        let run = |format: &str| {
            let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
            a.extend(["--format", format]);
            f.ok(&a)
        };
        let json: Value = serde_json::from_slice(&run("json"))
            .unwrap_or_else(|e| panic!("{line} --format json is not JSON: {e}"));
        check(&contract, &json, prints, line, &mut seen).unwrap_or_else(|e| panic!("{e}"));

        // CSV: the type's columns, then a row per element holding the JSON's values.
        let ty = prints.strip_prefix("array of ").unwrap_or(prints);
        let columns = &contract.types[ty].csv;
        assert!(!columns.is_empty(), "the page gives {ty}'s CSV columns");
        let csv = run("csv");
        let mut reader = csv::Reader::from_reader(&csv[..]);
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(&header, columns, "{line} --format csv");
        let rows: Vec<csv::StringRecord> = reader
            .records()
            .map(|r| r.unwrap_or_else(|e| panic!("{line}: {e}")))
            .collect();
        let items: Vec<&Value> = match &json {
            Value::Array(a) => a.iter().collect(),
            one => vec![one],
        };
        assert_eq!(rows.len(), items.len(), "{line}: a CSV row per JSON item");
        for (row, item) in rows.iter().zip(items) {
            for (cell, column) in row.iter().zip(columns) {
                assert_eq!(
                    cell,
                    csv_text(&column_value(item, column)),
                    "{line} --format csv, column {column}"
                );
            }
        }
    }

    // Every object type of the page is met in a real output, except the two that only a
    // damaged store or pack fills.
    let unseen: BTreeSet<&str> = contract
        .types
        .keys()
        .map(String::as_str)
        .filter(|t| !seen.contains(*t))
        .collect();
    assert_eq!(
        unseen,
        BTreeSet::from(["PackProblem", "StoreProblem"]),
        "types never printed"
    );

    // No command that offers --format is missing from the page.
    let documented: Vec<Vec<String>> = contract
        .commands
        .iter()
        .map(|(line, _)| words(line.strip_prefix("annexa ").expect("annexa")))
        .collect();
    for path in commands_with_format(&f) {
        let path: Vec<&str> = path.split(' ').collect();
        assert!(
            documented
                .iter()
                .any(|d| d.len() >= path.len() && d.iter().zip(&path).all(|(a, b)| a == b)),
            "annexa {} takes --format but docs/cli-json.md does not list it",
            path.join(" ")
        );
    }
}

/// The checks above can fail: a wrong id form, a missing field or a timestamp without
/// milliseconds is refused.
#[test]
fn the_checker_refuses_what_breaks_the_contract() {
    let contract = read_contract();
    let mut seen = BTreeSet::new();
    let snapshot = |taken_at: &str| serde_json::json!({"name": "Baseline", "taken_at": taken_at, "actor": "x"});
    assert!(
        check(
            &contract,
            &snapshot("2026-11-23T10:00:00.000Z"),
            "Snapshot",
            "ok",
            &mut seen
        )
        .is_ok()
    );
    assert!(
        check(
            &contract,
            &snapshot("2026-11-23T10:00:00Z"),
            "Snapshot",
            "s",
            &mut seen
        )
        .is_err()
    );
    // A control is written A.5.1, never 5.1.
    let mapping =
        |id: &str| serde_json::json!({"id_2013": "A.5.1.1", "title_2013": "t", "ids_2022": [id]});
    assert!(check(&contract, &mapping("A.5.1"), "Mapping", "c", &mut seen).is_ok());
    assert!(check(&contract, &mapping("5.1"), "Mapping", "c", &mut seen).is_err());
    let missing = serde_json::json!({"name": "Baseline", "taken_at": "2026-11-23T10:00:00.000Z"});
    assert!(check(&contract, &missing, "Snapshot", "m", &mut seen).is_err());
    assert!(check(&contract, &Value::Null, "array of Snapshot", "n", &mut seen).is_err());
    assert_eq!(
        csv_text(&serde_json::json!(["A.5.1", "A.5.2"])),
        "A.5.1; A.5.2"
    );
    assert_eq!(csv_text(&serde_json::json!(null)), "");
    assert_eq!(csv_text(&serde_json::json!("=1+1")), "'=1+1");
    assert_eq!(
        words(r#"people show "Ana Silva""#),
        ["people", "show", "Ana Silva"]
    );
}

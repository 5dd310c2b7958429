//! Everything that comes from outside, fed thousands of generated inputs (proptest): received
//! packs (their bytes, their manifest, their pack.json), control references and dates as
//! people type them, the catalogue's data files, and workspace files with anything planted in
//! their schema. Whatever comes in, the answer is a result or a clear error: never a panic,
//! never a hang, never an empty message. A new importer joins with a property of its own.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use annexa_core::assessment::ControlPatch;
use annexa_core::catalogue::{BUNDLED_SOURCES, Catalogue};
use annexa_core::evidence::{EvidenceMeta, FileToAdd, Target, control_in_name};
use annexa_core::pack::{PackOptions, open_pack, verify_pack};
use annexa_core::store::history::HistorySubject;
use annexa_core::store::{NewWorkspace, Workspace, control_id, is_iso_date};
use proptest::prelude::*;
use sha2::Digest;

fn quiet() -> impl FnMut(&annexa_core::evidence::Progress) -> ControlFlow<()> {
    |_| ControlFlow::Continue(())
}

/// A real pack, exported once for all the cases: a text file (deflated), a PNG (stored),
/// a note, and everything the exporter writes around them.
fn sample_pack() -> &'static (tempfile::TempDir, Vec<u8>) {
    static PACK: OnceLock<(tempfile::TempDir, Vec<u8>)> = OnceLock::new();
    PACK.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp");
        let mut ws = Workspace::create(&dir.path().join("w.annexa"), &NewWorkspace::named("Fuzz"))
            .expect("create");
        let text = dir.path().join("policy.txt");
        std::fs::write(&text, "Every secret is kept.\n".repeat(300)).expect("write");
        let image = dir.path().join("diagram.png");
        std::fs::write(
            &image,
            (0..5000u32)
                .map(|i| (i * 7 % 251) as u8)
                .collect::<Vec<_>>(),
        )
        .expect("write");
        let files: Vec<FileToAdd> = [text, image]
            .into_iter()
            .map(|path| FileToAdd {
                path,
                targets: vec![Target::control("A.5.1").expect("target")],
                meta: EvidenceMeta::default(),
            })
            .collect();
        ws.add_files(&files, "Fuzz", &mut quiet()).expect("add");
        let pack = dir.path().join("pack.zip");
        ws.export_pack(&pack, &PackOptions::default(), &mut quiet())
            .expect("export");
        let bytes = std::fs::read(&pack).expect("read");
        (dir, bytes)
    })
}

/// Verifies `bytes` as a pack (and opens it as auditor mode does); any error must say what.
fn check_pack(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("received.zip");
    std::fs::write(&path, bytes).expect("write");
    match verify_pack(&path, &mut quiet()) {
        Ok(v) => prop_assert!(!v.fingerprint.is_empty()),
        Err(e) => prop_assert!(e.to_string().len() > 20, "a vague refusal: {e}"),
    }
    match open_pack(&path, &mut quiet()) {
        Ok(_) => {}
        Err(e) => prop_assert!(e.to_string().len() > 20, "a vague refusal: {e}"),
    }
    Ok(())
}

/// A zip with these entries (name, content), each deflated, written as a pack would be.
fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        zip.start_file(name.as_str(), options).expect("start");
        zip.write_all(content).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

fn manifest_with(files: &[(String, Vec<u8>)], body: &serde_json::Value) -> Vec<(String, Vec<u8>)> {
    let text = format!("{body}\n").into_bytes();
    let digest = format!("{:x}  manifest.json\n", sha2::Sha256::digest(&text));
    let mut all = files.to_vec();
    all.push(("manifest.json".into(), text));
    all.push(("manifest.sha256".into(), digest.into_bytes()));
    all
}

/// Any JSON value, nested a few levels: what a hostile manifest or pack.json may hold.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        "\\PC{0,20}".prop_map(serde_json::Value::from),
        prop_oneof![
            Just("annexa-audit-pack"),
            Just("evidence/A.5.1/x.txt"),
            Just("../x"),
            Just("")
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("format".to_owned()),
                    Just("format_version".to_owned()),
                    Just("files".to_owned()),
                    Just("path".to_owned()),
                    Just("size".to_owned()),
                    Just("sha256".to_owned()),
                    Just("organisation".to_owned()),
                    Just("controls".to_owned()),
                    "[a-z_]{1,12}",
                ],
                inner,
                0..8
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    /// The bytes of a real pack, changed anywhere, cut short or lengthened.
    #[test]
    fn a_pack_damaged_anyhow_gives_an_answer(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
        cut in prop::option::of(any::<prop::sample::Index>()),
        tail in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        let mut bytes = sample_pack().1.clone();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        bytes.extend_from_slice(&tail);
        check_pack(&bytes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// A manifest of any shape, with a digest that matches it.
    #[test]
    fn any_manifest_gives_an_answer(body in json(), content in "\\PC{0,40}") {
        let files = vec![("evidence/A.5.1/x.txt".to_owned(), content.into_bytes())];
        check_pack(&zip_of(&manifest_with(&files, &body)))?;
    }

    /// A pack.json of any shape, listed in a manifest that matches it, so auditor mode reads it.
    #[test]
    fn any_pack_json_gives_an_answer(data in json()) {
        let text = format!("{data}\n").into_bytes();
        let manifest = serde_json::json!({
            "format": "annexa-audit-pack",
            "format_version": 1,
            "tool": "Annexa",
            "tool_version": "0",
            "catalogue_version": "x",
            "organisation": "Fuzz",
            "created": "2026-12-07T00:00:00Z",
            "snapshot": null,
            "files": [{
                "path": "pack.json",
                "size": text.len(),
                "sha256": format!("{:x}", sha2::Sha256::digest(&text)),
            }],
        });
        check_pack(&zip_of(&manifest_with(&[("pack.json".into(), text)], &manifest)))?;
    }
}

/// How people write control references, right and wrong.
fn reference() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,16}",
        "(A|a|Annex A|A |)[.]?[0-9]{1,3}[.][0-9]{1,3}([.][0-9]{1,2})?",
        "(control|clause|action|evidence|person|snapshot|document|Control|x):\\PC{0,12}",
        "[ \t]*A\\.[5-8]\\.[0-9]{1,2}[ \t]*",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// A control reference as typed: found only when the catalogue has it, a clear error
    /// otherwise; the history's typed subjects and an imported file's name likewise.
    #[test]
    fn control_references_as_typed_give_an_answer(input in reference()) {
        let catalogue = Catalogue::bundled().expect("catalogue");
        match control_id(&input) {
            Ok(id) => prop_assert!(catalogue.control(id).is_some(), "{input:?} -> {id}"),
            Err(e) => prop_assert!(e.to_string().len() > 10, "{input:?}: {e}"),
        }
        match HistorySubject::typed(&input) {
            Ok(Some(subject)) => prop_assert!(!subject.reference().is_empty()),
            Ok(None) => {}
            Err(e) => prop_assert!(e.to_string().len() > 10, "{input:?}: {e}"),
        }
        if let Some(id) = control_in_name(&input) {
            prop_assert!(catalogue.control(id).is_some(), "{input:?} -> {id}");
        }
    }

    /// A date as typed is a date only when it is one on the calendar.
    #[test]
    fn dates_as_typed_are_dates_only_on_the_calendar(
        input in prop_oneof![
            "\\PC{0,12}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            "[12][09][0-9]{2}-(0[0-9]|1[0-3])-([0-2][0-9]|3[0-2])",
        ]
    ) {
        let calendar = || -> Option<()> {
            let (y, rest) = input.split_once('-')?;
            let (m, d) = rest.split_once('-')?;
            let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
            if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
                return None;
            }
            let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
            (1..=12).contains(&m).then_some(())?;
            (1..=days[m as usize - 1]).contains(&d).then_some(())
        };
        prop_assert_eq!(is_iso_date(&input), calendar().is_some(), "{:?}", input);
    }
}

/// A workspace to change dates in, shared by the cases of one run.
fn dated() -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp"));
    let path = dir.path().join("dates.annexa");
    if !path.exists() {
        Workspace::create(&path, &NewWorkspace::named("Dates")).expect("create");
    }
    path
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A target date typed into a control is stored only when it is a date; else refused
    /// in words, the control unchanged.
    #[test]
    fn a_target_date_is_stored_only_when_it_is_one(input in "\\PC{0,12}|[0-9]{4}-[0-9]{2}-[0-9]{2}") {
        let mut ws = Workspace::open(&dated()).expect("open");
        let patch = ControlPatch {
            target_date: Some(Some(input.clone())),
            ..ControlPatch::default()
        };
        match ws.set_control("A.5.1", &patch, "Fuzz") {
            Ok(saved) => {
                prop_assert!(is_iso_date(&input), "{:?} was stored", input);
                prop_assert_eq!(saved.target_date.as_deref(), Some(input.as_str()));
            }
            Err(e) => {
                prop_assert!(!is_iso_date(&input), "{:?}: {}", input, e);
                prop_assert!(e.to_string().contains("date"), "{:?}: {}", input, e);
            }
        }
    }
}

/// One of the catalogue's files, by number, changed by an edit.
fn edit_catalogue(file: usize, text: &str, edit: (u8, prop::sample::Index, String)) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let i = edit.1.index(lines.len().max(1));
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    match edit.0 % 5 {
        0 if !out.is_empty() => {
            out.remove(i);
        }
        1 if !out.is_empty() => {
            let line = out[i].clone();
            out.insert(i, line);
        }
        2 => out.insert(i.min(out.len()), edit.2),
        3 if !out.is_empty() => {
            let line = &mut out[i];
            let cut = line
                .char_indices()
                .nth(line.chars().count() / 2)
                .map_or(0, |(b, _)| b);
            line.truncate(cut);
        }
        _ if !out.is_empty() => out[i] = edit.2,
        _ => {}
    }
    let _ = file;
    out.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// The catalogue's data files with a line removed, doubled, cut, replaced or added: the
    /// loader answers with a catalogue or a list of problems, never a panic.
    #[test]
    fn the_catalogue_loader_survives_any_edit(
        file in 0usize..9,
        edits in prop::collection::vec((any::<u8>(), any::<prop::sample::Index>(), "\\PC{0,30}|id = \"A\\.[0-9]\\.[0-9]{1,3}\"|\\[\\[control\\]\\]"), 1..4),
    ) {
        let mut sources = BUNDLED_SOURCES;
        let owned: String;
        {
            let target: &mut &str = match file {
                0 => &mut sources.catalogue,
                1..=4 => &mut sources.annex_a[file - 1].1,
                5 => &mut sources.clauses,
                6 => &mut sources.documents,
                7 => &mut sources.control_documents,
                _ => &mut sources.mapping_2013,
            };
            let mut text = (*target).to_owned();
            for edit in edits {
                text = edit_catalogue(file, &text, edit);
            }
            owned = text;
            *target = &owned;
        }
        match Catalogue::load(&sources) {
            Ok(c) => prop_assert!(c.controls.len() <= 93 * 2),
            Err(e) => prop_assert!(e.to_string().len() > 10, "{}", e),
        }
    }
}

/// A fresh, closed workspace file to plant things in, copied from one made once.
fn received(dir: &Path) -> PathBuf {
    static ORIGINAL: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, original) = ORIGINAL.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("original.annexa");
        let mut ws = Workspace::create(&path, &NewWorkspace::named("Sender")).expect("create");
        ws.set_control(
            "A.5.1",
            &ControlPatch {
                status: Some(annexa_core::catalogue::vocabulary::Status::Planned),
                ..ControlPatch::default()
            },
            "Sender",
        )
        .expect("set");
        (dir, path)
    });
    let path = dir.join("received.annexa");
    std::fs::copy(original, &path).expect("copy");
    path
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 250, ..ProptestConfig::default() })]

    /// Any object written straight into the schema table (as `writable_schema` allows), any
    /// schema version and any application id: the workspace is refused in words and left as
    /// it was, or (for SQLite's own statistics only) opened; never a panic.
    #[test]
    fn anything_planted_in_a_workspace_is_refused_or_harmless(
        kind in prop_oneof![Just("table"), Just("index"), Just("trigger"), Just("view")],
        name in prop_oneof!["[a-z_]{1,12}", "sqlite_stat[0-9a-z_]{0,6}", Just("history_by_entity".to_owned()), Just("person".to_owned())],
        table in prop_oneof![Just("history"), Just("control_state"), Just("person"), Just("evidence")],
        body in prop_oneof![
            Just("BEGIN SELECT RAISE(IGNORE); END".to_owned()),
            Just("BEGIN UPDATE control_state SET status = 'implemented'; END".to_owned()),
            "\\PC{0,30}",
        ],
        version in prop_oneof![Just(None), any::<i32>().prop_map(Some)],
        plant in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("temp");
        let path = received(dir.path());
        let conn = rusqlite::Connection::open(&path).expect("db");
        let sql = match kind {
            "trigger" => format!("CREATE TRIGGER {name} BEFORE INSERT ON {table} {body}"),
            "view" => format!("CREATE VIEW {name} AS SELECT 1 {body}"),
            "index" => format!("CREATE INDEX {name} ON {table} (id) {body}"),
            _ => format!("CREATE TABLE {name} (x {body})"),
        };
        let planted = plant
            && conn
                .execute_batch("PRAGMA writable_schema = ON;")
                .and_then(|()| {
                    conn.execute(
                        "INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql) VALUES (?1, ?2, ?3, 0, ?4)",
                        (kind, &name, table, &sql),
                    )
                })
                .is_ok();
        if let Some(v) = version {
            conn.execute_batch(&format!("PRAGMA user_version = {v};")).expect("version");
        }
        drop(conn);
        let before = std::fs::read(&path).expect("read");
        let known = annexa_core::store::MIGRATIONS.len() as i32;
        let changed = planted || version.is_some_and(|v| v != known);
        match Workspace::open(&path) {
            Ok(_) => prop_assert!(!changed,
                "opened with {} {:?} planted ({}) and version {:?}", kind, name, sql, version),
            Err(e) => {
                prop_assert!(e.to_string().len() > 20, "{}", e);
                prop_assert_eq!(std::fs::read(&path).expect("read"), before, "refused, yet changed");
            }
        }
    }
}

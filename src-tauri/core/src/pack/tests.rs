use std::io::Write as _;
use std::ops::ControlFlow;
use std::path::Path;
use std::process::Command;

use super::gather::{findings, normalise_time, unique_path};
use super::write::{PackWriter, zip_time};
use super::*;
use crate::evidence::{EvidenceMeta, FileToAdd};
use crate::store::NewWorkspace;

fn workspace(dir: &Path) -> Workspace {
    let mut ws =
        Workspace::create(&dir.join("w.annexa"), &NewWorkspace::named("W")).expect("create");
    let file = dir.join("log.txt");
    std::fs::write(&file, "line\n".repeat(500_000)).expect("write");
    ws.add_files(
        &[FileToAdd {
            path: file,
            targets: vec![Target::control("A.8.15").expect("control")],
            meta: EvidenceMeta::default(),
        }],
        "tester",
        &mut |_| ControlFlow::Continue(()),
    )
    .expect("add");
    ws
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn an_exclusion_without_justification_is_flagged() {
    // The store refuses such an exclusion, so the state is made by hand: the check must still
    // flag it (a snapshot or a workspace edited by another tool may hold one).
    let dir = tempfile::tempdir().expect("temp");
    let ws = workspace(dir.path());
    let mut g = ws.gather(&PackOptions::default()).expect("gather");
    assert!(
        !findings(&g)
            .iter()
            .any(|f| f.kind == FindingKind::NoJustification)
    );
    g.data.controls[3].applicable = Some(false);
    g.data.controls[3].justification = "  ".into();
    let flagged: Vec<Finding> = findings(&g)
        .into_iter()
        .filter(|f| f.kind == FindingKind::NoJustification)
        .collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(
        flagged[0].subject,
        format!("control:{}", g.data.controls[3].id)
    );
}

#[test]
fn the_pre_export_check_flags_what_the_risk_register_lacks() {
    let dir = tempfile::tempdir().expect("temp");
    let mut ws = workspace(dir.path());
    let register = |ws: &Workspace| -> Vec<(String, String)> {
        ws.pack_check(&PackOptions::default())
            .expect("check")
            .into_iter()
            .filter(|f| f.kind == FindingKind::RiskRegister)
            .map(|f| (f.subject, f.message))
            .collect()
    };
    // Criteria nobody adopted: one finding about the method.
    let first = register(&ws);
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(first[0].0, "method:risks");
    ws.add_risk(
        &crate::risks::RiskPatch {
            title: Some("Laptop lost on a train".into()),
            likelihood: Some(2),
            impact: Some(2),
            ..Default::default()
        },
        "tester",
    )
    .expect("risk");
    // The same findings as `annexa report`, each with its risk.
    let today = ws.today().expect("today");
    let report: Vec<(String, String)> = ws
        .risk_findings(&today)
        .expect("findings")
        .into_iter()
        .map(|f| {
            (
                f.risk
                    .map_or("method:risks".into(), |r| format!("risk:{r}")),
                f.message,
            )
        })
        .collect();
    assert!(report.iter().any(|(s, _)| s == "risk:R-001"), "{report:?}");
    assert_eq!(register(&ws), report);
    // A pack of a snapshot freezes the assessment only: nothing about today's register.
    ws.take_snapshot("Before", "tester").expect("snapshot");
    let of_snapshot = ws
        .pack_check(&PackOptions {
            snapshot: Some("Before".into()),
            ..PackOptions::default()
        })
        .expect("check");
    assert!(
        !of_snapshot
            .iter()
            .any(|f| f.kind == FindingKind::RiskRegister)
    );
}

#[test]
fn a_cancelled_export_leaves_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    let ws = workspace(dir.path());
    let before = names_in(dir.path());
    let dest = dir.path().join("pack.zip");
    let mut calls = 0;
    let result = ws.export_pack(&dest, &PackOptions::default(), &mut |p| {
        calls += 1;
        // Stop in the middle of the evidence file.
        if p.current.starts_with("evidence/") && p.bytes_done > 0 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(matches!(result, Err(PackError::Cancelled)), "{result:?}");
    assert!(calls > 1);
    assert_eq!(
        names_in(dir.path()),
        before,
        "no partial pack, no temporary file"
    );
}

#[test]
fn progress_reaches_every_byte() {
    let dir = tempfile::tempdir().expect("temp");
    let ws = workspace(dir.path());
    let mut last = None;
    let summary = ws
        .export_pack(
            &dir.path().join("p.zip"),
            &PackOptions::default(),
            &mut |p| {
                last = Some(p.clone());
                ControlFlow::Continue(())
            },
        )
        .expect("export");
    let last = last.expect("progress");
    assert_eq!(last.bytes_done, last.bytes_total);
    assert_eq!(last.files_done, last.files_total);
    assert_eq!(summary.evidence_files, 1);
    assert!(
        summary.pack_bytes < summary.content_bytes / 10,
        "text is deflated"
    );
}

#[test]
fn times_are_checked_and_normalised() {
    assert_eq!(
        normalise_time("2026-11-23").expect("date"),
        "2026-11-23T00:00:00Z"
    );
    assert_eq!(
        normalise_time("2026-11-23T10:11:12.345Z").expect("time"),
        "2026-11-23T10:11:12Z"
    );
    assert_eq!(
        normalise_time("2026-11-23 10:11:12").expect("time"),
        "2026-11-23T10:11:12Z"
    );
    for bad in [
        "",
        "tomorrow",
        "2026-13-01",
        "2026-11-23T25:00:00Z",
        "1970-01-01",
        "2026-11-23T10:11",
    ] {
        assert!(normalise_time(bad).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn pack_paths_are_safe_and_unique_ignoring_case() {
    let mut taken = std::collections::HashSet::new();
    let a = unique_path(&mut taken, "A.5.1", "Policy: v1/2", "x.PDF");
    let b = unique_path(&mut taken, "A.5.1", "policy: V1/2", "y.pdf");
    assert_eq!(a, "evidence/A.5.1/Policy_ v1_2.PDF");
    assert_eq!(b, "evidence/A.5.1/policy_ V1_2 (2).pdf");
    let c = unique_path(&mut taken, "A.5.1", "report.pdf", "report.pdf");
    assert_eq!(
        c, "evidence/A.5.1/report.pdf",
        "the extension is not doubled"
    );
    let d = unique_path(&mut taken, "A.5.1", "CON", "con.txt");
    assert!(!d.ends_with("/CON.txt"), "{d}");
    for p in [a, b, c, d] {
        assert!(names::unsafe_name(&p).is_none(), "{p}");
    }
}

/// Lower-casing changes the byte length of some characters (U+212A KELVIN SIGN is three bytes,
/// `k` one); the security review's file `a.\u{212A}` titled `€.k` once panicked the export.
#[test]
fn names_whose_case_changes_their_length_do_not_panic() {
    let mut taken = std::collections::HashSet::new();
    for (title, file) in [
        ("€.k", "a.\u{212A}"),
        ("\u{212A}", "\u{212A}.\u{212A}"),
        ("İİİ.i", "x.İ"),
        ("ß.SS", "y.ß"),
        ("ﬃ.ffi", "z.ﬃ"),
    ] {
        let p = unique_path(&mut taken, "A.5.1", title, file);
        assert!(p.starts_with("evidence/A.5.1/"), "{p}");
        assert!(names::unsafe_name(&p).is_none(), "{p}");
    }
    let p = unique_path(&mut taken, "A.5.1", "Report.\u{212A}", "r.k");
    assert_eq!(
        p, "evidence/A.5.1/Report.k",
        "the extension is matched ignoring case"
    );
}

proptest::proptest! {
    /// Whatever a user names a file or titles an evidence item, the pack path is made without a
    /// panic, is a safe entry name, and is new.
    #[test]
    fn any_title_and_file_name_give_a_safe_new_path(
        titles in proptest::collection::vec(("\\PC{0,40}", "\\PC{0,12}(\\.\\PC{0,6})?"), 1..6),
        folder in "(A\\.[5-8]\\.[0-9]{1,2}|clause [4-9]\\.[0-9])",
    ) {
        let mut taken = std::collections::HashSet::new();
        let mut seen = std::collections::HashSet::new();
        for (title, file) in &titles {
            let p = unique_path(&mut taken, &folder, title, file);
            proptest::prop_assert!(p.starts_with("evidence/"), "{}", p);
            proptest::prop_assert!(names::unsafe_name(&p).is_none(), "{:?} is unsafe", p);
            proptest::prop_assert!(seen.insert(names::fold(&p)), "{:?} given twice", p);
            let name = safe_file_name(title);
            proptest::prop_assert!(!name.is_empty() && !name.contains('/'), "{:?}", name);
            proptest::prop_assert!(name.chars().count() <= 120, "{:?}", name);
        }
    }
}

/// An entry above 4 GiB gets ZIP64 fields that Info-ZIP and Python read. The data is zeros,
/// so the zip on disk stays a few MiB.
#[test]
fn entries_above_four_gib_use_zip64() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("big.zip");
    let size: u64 = (4 << 30) + (1 << 20);
    {
        let file = std::fs::File::create(&path).expect("create");
        let time = zip_time("2026-01-02T03:04:06Z").expect("time");
        let mut w = PackWriter::new(BufWriter::new(file), time);
        w.zip
            .start_file("evidence/A.8.15/big.log", w.options("big.log", size))
            .expect("start");
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..(size >> 20) {
            w.zip.write_all(&zeros).expect("write");
        }
        w.zip.finish().expect("finish").flush().expect("flush");
    }
    let listing = Command::new("unzip")
        .arg("-l")
        .arg(&path)
        .output()
        .expect("unzip -l");
    assert!(listing.status.success());
    let text = String::from_utf8_lossy(&listing.stdout);
    assert!(text.contains(&size.to_string()), "{text}");
    let py = Command::new("python3")
        .args([
            "-c",
            "import sys,zipfile; i=zipfile.ZipFile(sys.argv[1]).infolist()[0]; print(i.file_size, i.extract_version)",
        ])
        .arg(&path)
        .output()
        .expect("python3");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&py.stdout).trim(),
        format!("{size} 45"),
        "Python sees the full size and ZIP64's version 4.5"
    );
}

/// The pack's front page draws the dashboard's three charts, each snapshot up to the pack's
/// time a point of the readiness line, names escaped.
#[test]
fn index_html_shows_the_dashboards_charts() {
    let dir = tempfile::tempdir().expect("temp");
    let mut ws = workspace(dir.path());
    ws.take_snapshot("<Kick-off>", "tester").expect("snapshot");
    ws.set_control(
        "A.8.15",
        &crate::assessment::ControlPatch {
            applicable: Some(Some(true)),
            status: Some(crate::catalogue::vocabulary::Status::Implemented),
            ..Default::default()
        },
        "tester",
    )
    .expect("set");
    let g = ws.gather(&PackOptions::default()).expect("gather");
    let html = render::index_html(&g.data, &g.charts, &g.risk_charts);
    assert_eq!(html.matches("<figure>").count(), 3, "three charts");
    assert_eq!(html.matches("<svg ").count(), 3);
    assert!(html.contains("Status of the controls by theme"));
    assert!(html.contains("&lt;Kick-off&gt;") && !html.contains("<Kick-off>"));
    assert!(html.contains("This pack ("), "the pack's own point: {html}");
    assert!(html.contains("1 valid") || html.contains("no end date"));
    // Times read as words (UTC, named: the page runs no script to know the reader's zone);
    // no stored timestamp is shown as it is stored.
    let changed = g
        .data
        .controls
        .iter()
        .find(|c| c.id == "A.8.15")
        .and_then(|c| c.updated_at.clone())
        .expect("A.8.15 was changed");
    assert!(changed.ends_with('Z') && changed.contains('T'), "{changed}");
    let readable = crate::text::readable_utc(&changed);
    assert!(readable.ends_with(" UTC"), "{readable}");
    assert!(
        html.contains(&format!("<dt>Last changed</dt><dd>{readable}</dd>")),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<dt>State as of</dt><dd>{}</dd>",
        crate::text::readable_utc(&g.data.created)
    )));
    let raw = html.as_bytes().windows(14).any(|w| {
        w[4] == b'-'
            && w[7] == b'-'
            && w[10] == b'T'
            && w[13] == b':'
            && w[..4].iter().all(u8::is_ascii_digit)
    });
    assert!(!raw, "a raw timestamp in index.html");
    // The same state gives the same page.
    let again = ws.gather(&PackOptions::default()).expect("gather");
    assert_eq!(
        render::index_html(&again.data, &again.charts, &again.risk_charts),
        html
    );
}

#[test]
fn the_pack_names_the_catalogue_its_text_comes_from() {
    let dir = tempfile::tempdir().expect("temp");
    let ws = workspace(dir.path());
    // A workspace created with an earlier catalogue revision keeps that record…
    ws.connection()
        .execute(
            "UPDATE workspace SET catalogue_version = 'iso27001-2022@1'",
            [],
        )
        .expect("age the record");
    assert_eq!(
        ws.organisation().expect("org").catalogue_version,
        "iso27001-2022@1"
    );
    // …but its pack is written with today's titles and guidance, and says so.
    let g = ws.gather(&PackOptions::default()).expect("gather");
    let bundled = crate::catalogue::Catalogue::bundled().expect("catalogue");
    assert_eq!(g.data.catalogue_version, bundled.version);
    assert_ne!(g.data.catalogue_version, "iso27001-2022@1");
    let html = render::index_html(&g.data, &g.charts, &g.risk_charts);
    assert!(
        html.contains(&format!("catalogue {}</dd>", bundled.version)),
        "{html}"
    );
    let supply = g
        .data
        .controls
        .iter()
        .find(|c| c.id == "A.5.21")
        .expect("A.5.21 in the pack");
    assert_eq!(
        supply.title,
        "Managing information security in the information and communication technology (ICT) supply chain"
    );
}

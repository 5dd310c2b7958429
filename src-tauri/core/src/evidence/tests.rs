use super::*;
use crate::store::NewWorkspace;

#[test]
fn only_web_and_mail_links_are_opened_whatever_the_workspace_holds() {
    for (url, ok) in [
        ("https://intranet.example/policy", true),
        ("HTTP://example.org", true),
        ("mailto:ciso@example.org", true),
        ("file:///home/ana/evil.desktop", false),
        ("javascript:alert(1)", false),
        ("  https://example.org\n\u{1b}[2J", false),
        ("https://", false),
        ("ht€tps://example.org", false),
    ] {
        assert_eq!(openable_link(url).is_ok(), ok, "{url:?}");
    }
}

#[test]
fn a_link_whose_scheme_cuts_a_character_is_refused_not_a_panic() {
    let mut f = fixture();
    let target = [Target::control("A.5.1").expect("t")];
    // Byte 7 and 8 fall inside the euro sign: slicing there by bytes would panic.
    for url in ["abcdef€xyz://x", "ht€ps://example.org", "€€€€€€€€€"] {
        let err =
            f.ws.add_link(url, "", &target, &EvidenceMeta::default(), "T")
                .expect_err(url);
        assert!(
            err.to_string().contains("not a link Annexa can record"),
            "{err}"
        );
    }
}

struct Fixture {
    dir: tempfile::TempDir,
    ws: Workspace,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let ws =
        Workspace::create(&dir.path().join("w.annexa"), &NewWorkspace::named("W")).expect("create");
    Fixture { dir, ws }
}

/// Deterministic bytes that do not compress and differ by seed.
fn bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn file(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write");
    p
}

fn add(ws: &mut Workspace, path: &Path, controls: &[&str]) -> Result<i64, EvidenceError> {
    let targets = controls
        .iter()
        .map(|c| Target::control(c).expect("control"))
        .collect();
    ws.add_files(
        &[FileToAdd {
            path: path.to_owned(),
            targets,
            meta: EvidenceMeta::default(),
        }],
        "tester",
        &mut |_| ControlFlow::Continue(()),
    )
    .map(|ids| ids[0])
}

fn count(ws: &Workspace, table: &str) -> i64 {
    ws.connection()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

fn exported(ws: &Workspace, id: i64, dir: &Path) -> Vec<u8> {
    let out = ws
        .export_evidence(id, None, &dir.join(format!("out-{id}")))
        .expect("export");
    std::fs::read(out).expect("read export")
}

#[test]
fn a_multi_chunk_file_is_stored_hashed_and_read_back_byte_for_byte() {
    let mut f = fixture();
    let content = bytes(CHUNK_SIZE * 2 + 12345, 1);
    let path = file(f.dir.path(), "Access policy.pdf", &content);
    let id = add(&mut f.ws, &path, &["A.5.15", "5.18"]).expect("add");
    let e = f.ws.evidence(id).expect("read");
    assert_eq!(e.title, "Access policy");
    assert_eq!(e.kind, EvidenceKind::File);
    assert_eq!(e.status, EvidenceStatus::Draft);
    let v = e.current();
    assert_eq!(v.sha256.as_deref(), Some(sha256_hex(&content).as_str()));
    assert_eq!(v.size, Some(content.len() as u64));
    assert_eq!(v.media_type.as_deref(), Some("application/pdf"));
    assert_eq!(v.added_by, "tester");
    assert_eq!(e.targets.len(), 2);
    assert_eq!(count(&f.ws, "content_chunk"), 3);
    assert_eq!(exported(&f.ws, id, f.dir.path()), content);
    let controls = f.ws.controls().expect("controls");
    let of = |id: &str| {
        controls
            .iter()
            .find(|c| c.id.to_string() == id)
            .expect("c")
            .evidence_count
    };
    assert_eq!((of("5.15"), of("5.18"), of("5.1")), (1, 1, 0));
}

#[test]
fn identical_content_is_stored_once_and_kept_until_its_last_user_goes() {
    let mut f = fixture();
    let content = bytes(300_000, 2);
    let a = file(f.dir.path(), "a.png", &content);
    let b = file(f.dir.path(), "b.png", &content);
    let first = add(&mut f.ws, &a, &["5.1"]).expect("a");
    let second = add(&mut f.ws, &b, &["8.1"]).expect("b");
    assert_eq!(count(&f.ws, "content"), 1);
    assert_eq!(count(&f.ws, "content_chunk"), 1);
    f.ws.remove_evidence(first, "tester").expect("remove");
    assert_eq!(count(&f.ws, "content"), 1, "still used by the second");
    assert_eq!(exported(&f.ws, second, f.dir.path()), content);
    f.ws.remove_evidence(second, "tester").expect("remove");
    assert_eq!(
        (count(&f.ws, "content"), count(&f.ws, "content_chunk")),
        (0, 0)
    );
    let history = f.ws.history(None).expect("history");
    let removed: Vec<_> = history.iter().filter(|h| h.field == "removed").collect();
    assert_eq!(removed.len(), 2);
    assert!(
        removed[0]
            .old_value
            .as_deref()
            .is_some_and(|v| v.contains(&sha256_hex(&content)))
    );
    let err = f.ws.evidence(first).unwrap_err();
    assert!(matches!(err, WorkspaceError::Unknown { .. }), "{err}");
}

#[test]
fn a_new_version_keeps_the_old_one_and_goes_back_to_draft() {
    let mut f = fixture();
    let v1 = file(f.dir.path(), "policy-v1.txt", b"version one");
    let id = add(&mut f.ws, &v1, &["5.1"]).expect("add");
    f.ws.update_evidence(
        id,
        &EvidencePatch {
            status: Some(EvidenceStatus::Approved),
            ..Default::default()
        },
        "tester",
    )
    .expect("approve");
    let v2 = file(f.dir.path(), "policy-v2.txt", b"version two");
    let e =
        f.ws.add_version(id, &v2, None, "tester", &mut |_| ControlFlow::Continue(()))
            .expect("version");
    assert_eq!(e.versions.len(), 2);
    assert_eq!(e.current().file_name.as_deref(), Some("policy-v2.txt"));
    assert_eq!(e.status, EvidenceStatus::Draft);
    let old =
        f.ws.export_evidence(id, Some(1), &f.dir.path().join("old.txt"))
            .expect("v1");
    assert_eq!(std::fs::read(old).expect("read"), b"version one");
    assert_eq!(exported(&f.ws, id, f.dir.path()), b"version two");
}

#[test]
fn links_and_notes_are_evidence_too() {
    let mut f = fixture();
    let targets = [
        Target::control("5.23").expect("c"),
        Target::clause("6.1.2").expect("cl"),
    ];
    let link =
        f.ws.add_link(
            "https://intranet.example/policies/cloud",
            "Cloud policy page",
            &targets,
            &EvidenceMeta {
                title: Some("Cloud policy".into()),
                ..Default::default()
            },
            "tester",
        )
        .expect("link");
    let note =
        f.ws.add_note(
            "Walk-through on 3 Nov: badges checked at reception.",
            &[Target::control("7.2").expect("c")],
            &EvidenceMeta::default(),
            "tester",
        )
        .expect("note");
    let by_clause =
        f.ws.evidence_list(Some(&Target::clause("clause 6.1.2").expect("cl")))
            .expect("list");
    assert_eq!(
        by_clause.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![link]
    );
    // Control 5.1 and clause 5.1 are different targets.
    let e = f.ws.evidence(note).expect("note");
    assert_eq!(e.kind, EvidenceKind::Note);
    assert!(e.current().body.contains("badges"));
    for bad in [
        "intranet/policies",
        "ftp://x",
        "https://a b",
        "javascript:alert(1)",
    ] {
        let err =
            f.ws.add_link(bad, "", &targets, &EvidenceMeta::default(), "t")
                .unwrap_err();
        assert!(err.to_string().contains("not a link"), "{bad}: {err}");
    }
    assert!(Target::clause("11.1").is_err());
    assert!(Target::control("A.9.1").is_err());
}

#[test]
fn expiry_comes_from_the_end_date_or_the_review_interval() {
    let mut f = fixture();
    let t = [Target::control("5.1").expect("c")];
    let fixed =
        f.ws.add_note(
            "a",
            &t,
            &EvidenceMeta {
                valid_until: Some("2026-12-01".into()),
                ..Default::default()
            },
            "t",
        )
        .expect("fixed");
    let quarterly =
        f.ws.add_note(
            "b",
            &t,
            &EvidenceMeta {
                issued_on: Some("2026-06-15".into()),
                review_interval: Some(ReviewInterval::Quarterly),
                ..Default::default()
            },
            "t",
        )
        .expect("quarterly");
    let open =
        f.ws.add_note("c", &t, &EvidenceMeta::default(), "t")
            .expect("open");
    assert_eq!(
        f.ws.evidence(fixed).expect("e").expires_on.as_deref(),
        Some("2026-12-01")
    );
    let q = f.ws.evidence(quarterly).expect("e");
    assert_eq!(q.expires_on.as_deref(), Some("2026-09-15"));
    assert_eq!(q.status_on("2026-11-22"), EvidenceStatus::Expired);
    assert_eq!(q.status_on("2026-09-15"), EvidenceStatus::Draft);
    assert_eq!(f.ws.evidence(open).expect("e").expires_on, None);
    let soon: Vec<i64> =
        f.ws.expiring_evidence("2026-11-22", 30)
            .expect("list")
            .iter()
            .map(|e| e.id)
            .collect();
    assert_eq!(soon, vec![quarterly, fixed]);
    let none: Vec<i64> =
        f.ws.expiring_evidence("2026-11-22", 5)
            .expect("list")
            .iter()
            .map(|e| e.id)
            .collect();
    assert_eq!(none, vec![quarterly]);
}

#[test]
fn verify_names_the_evidence_whose_stored_bytes_changed() {
    let mut f = fixture();
    let good = file(f.dir.path(), "good.txt", b"fine");
    let bad = file(
        f.dir.path(),
        "Firewall rules.conf",
        &bytes(CHUNK_SIZE + 10, 3),
    );
    add(&mut f.ws, &good, &["8.20"]).expect("good");
    let id = add(&mut f.ws, &bad, &["8.20"]).expect("bad");
    let clean =
        f.ws.verify_evidence(&mut |_| ControlFlow::Continue(()))
            .expect("verify");
    assert_eq!((clean.contents, clean.problems.len()), (2, 0));
    assert_eq!(clean.bytes, 4 + CHUNK_SIZE as u64 + 10);
    // Overwrite the second chunk behind the core's back, as a damaged disk would.
    f.ws.connection()
        .execute(
            "UPDATE content_chunk SET data = zeroblob(10) WHERE seq = 1
             AND content_id = (SELECT content_id FROM evidence_version WHERE evidence_id = ?1)",
            [id],
        )
        .expect("corrupt");
    let report =
        f.ws.verify_evidence(&mut |_| ControlFlow::Continue(()))
            .expect("verify");
    assert_eq!(report.problems.len(), 1);
    let p = &report.problems[0];
    assert!(
        p.to_string()
            .contains(&format!("evidence #{id} v1 \"Firewall rules\"")),
        "{p}"
    );
    assert_ne!(p.actual_sha256, p.sha256);
    // Export refuses to hand out damaged bytes.
    let err =
        f.ws.export_evidence(id, None, &f.dir.path().join("x"))
            .unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
    assert!(!f.dir.path().join("x").exists());
}

fn assert_nothing_added(ws: &Workspace) {
    assert_eq!(count(ws, "evidence"), 0);
    assert_eq!(count(ws, "content"), 0);
    assert_eq!(count(ws, "content_chunk"), 0);
    assert_eq!(
        ws.connection()
            .query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
            .expect("check"),
        "ok"
    );
}

#[test]
fn bad_files_are_refused_with_their_name_and_nothing_is_stored() {
    let mut f = fixture();
    let d = f.dir.path().to_owned();
    let ok = file(&d, "ok.txt", b"ok");
    std::fs::create_dir(d.join("folder")).expect("dir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&ok, d.join("link.txt")).expect("symlink");
    let cases: Vec<(PathBuf, &str)> = vec![
        (d.join("missing.txt"), "cannot read"),
        (d.join("folder"), "is a folder"),
        #[cfg(unix)]
        (d.join("link.txt"), "symbolic link"),
    ];
    for (path, expected) in cases {
        // Each bad file is given together with a good one: the good one is not added either.
        let err =
            f.ws.add_files(
                &[
                    FileToAdd {
                        path: ok.clone(),
                        targets: vec![Target::control("5.1").expect("c")],
                        meta: EvidenceMeta::default(),
                    },
                    FileToAdd {
                        path: path.clone(),
                        targets: vec![Target::control("5.1").expect("c")],
                        meta: EvidenceMeta::default(),
                    },
                ],
                "t",
                &mut |_| ControlFlow::Continue(()),
            )
            .unwrap_err();
        assert!(
            err.to_string().contains(expected),
            "{}: {err}",
            path.display()
        );
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
        assert_nothing_added(&f.ws);
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        let p = file(&d, "placeholder", b"x");
        let latin1 = d.join(name);
        std::fs::rename(&p, &latin1).expect("rename");
        let err = add(&mut f.ws, &latin1, &["5.1"]).unwrap_err();
        assert!(matches!(err, EvidenceError::NotUtf8 { .. }), "{err}");
        assert_nothing_added(&f.ws);
    }
    let long = "x".repeat(MAX_TITLE_CHARS + 1);
    let err =
        f.ws.add_files(
            &[FileToAdd {
                path: ok.clone(),
                targets: vec![Target::control("5.1").expect("c")],
                meta: EvidenceMeta {
                    title: Some(long),
                    ..Default::default()
                },
            }],
            "t",
            &mut |_| ControlFlow::Continue(()),
        )
        .unwrap_err();
    assert!(matches!(err, EvidenceError::TitleTooLong { .. }), "{err}");
    let err =
        f.ws.add_files(
            &[FileToAdd {
                path: ok,
                targets: vec![],
                meta: EvidenceMeta::default(),
            }],
            "t",
            &mut |_| ControlFlow::Continue(()),
        )
        .unwrap_err();
    assert!(err.to_string().contains("at least one control"), "{err}");
    assert_nothing_added(&f.ws);
}

#[test]
fn a_file_that_changes_or_vanishes_while_it_is_read_is_not_stored() {
    let mut f = fixture();
    let d = f.dir.path().to_owned();
    // Appended to after the first chunk.
    let growing = file(&d, "growing.log", &bytes(CHUNK_SIZE * 2, 4));
    let g = growing.clone();
    let err =
        f.ws.add_files(
            &[FileToAdd {
                path: growing.clone(),
                targets: vec![Target::control("8.15").expect("c")],
                meta: EvidenceMeta::default(),
            }],
            "t",
            &mut |p| {
                if p.bytes_done == CHUNK_SIZE as u64 {
                    let mut f = std::fs::OpenOptions::new()
                        .append(true)
                        .open(&g)
                        .expect("open");
                    f.write_all(b"one more line\n").expect("append");
                }
                ControlFlow::Continue(())
            },
        )
        .unwrap_err();
    assert!(matches!(err, EvidenceError::Changed { .. }), "{err}");
    assert_nothing_added(&f.ws);
    // Deleted after the first chunk.
    let doomed = file(&d, "doomed.bin", &bytes(CHUNK_SIZE * 2, 5));
    let g = doomed.clone();
    let err =
        f.ws.add_files(
            &[FileToAdd {
                path: doomed,
                targets: vec![Target::control("8.15").expect("c")],
                meta: EvidenceMeta::default(),
            }],
            "t",
            &mut |p| {
                if p.bytes_done == CHUNK_SIZE as u64 {
                    std::fs::remove_file(&g).expect("remove");
                }
                ControlFlow::Continue(())
            },
        )
        .unwrap_err();
    assert!(matches!(err, EvidenceError::Vanished { .. }), "{err}");
    assert_nothing_added(&f.ws);
    // Cancelled by the user half-way.
    let big = file(&d, "big.bin", &bytes(CHUNK_SIZE * 3, 6));
    let err =
        f.ws.add_files(
            &[FileToAdd {
                path: big,
                targets: vec![Target::control("8.15").expect("c")],
                meta: EvidenceMeta::default(),
            }],
            "t",
            &mut |p| {
                if p.bytes_done > CHUNK_SIZE as u64 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .unwrap_err();
    assert!(matches!(err, EvidenceError::Cancelled), "{err}");
    assert_nothing_added(&f.ws);
}

#[test]
fn a_full_disk_stores_nothing_and_says_so() {
    let mut f = fixture();
    let before = f.ws.evidence_list(None).expect("list").len();
    let small = file(f.dir.path(), "small.txt", b"small");
    add(&mut f.ws, &small, &["5.1"]).expect("small fits");
    // SQLite reports a full disk the same way whether the file system or this limit is hit.
    let pages: i64 =
        f.ws.connection()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .expect("pages");
    f.ws.connection()
        .query_row(
            &format!("PRAGMA max_page_count = {}", pages + 8),
            [],
            |_| Ok(()),
        )
        .expect("limit");
    let big = file(f.dir.path(), "big.bin", &bytes(CHUNK_SIZE * 2, 7));
    let err = add(&mut f.ws, &big, &["5.1"]).unwrap_err();
    assert!(err.to_string().contains("disk is full"), "{err}");
    assert_eq!(f.ws.evidence_list(None).expect("list").len(), before + 1);
    assert_eq!(count(&f.ws, "content"), 1);
    let report =
        f.ws.verify_evidence(&mut |_| ControlFlow::Continue(()))
            .expect("verify");
    assert!(report.problems.is_empty());
}

#[test]
fn export_never_overwrites_and_never_leaves_a_partial_file() {
    let mut f = fixture();
    let src = file(f.dir.path(), "report.pdf", b"%PDF-1.7 ...");
    let id = add(&mut f.ws, &src, &["5.35"]).expect("add");
    let out = f.dir.path().join("out");
    std::fs::create_dir(&out).expect("dir");
    let written = f.ws.export_evidence(id, None, &out).expect("into folder");
    assert_eq!(written, out.join("report.pdf"));
    let err = f.ws.export_evidence(id, None, &out).unwrap_err();
    assert!(
        matches!(err, EvidenceError::DestinationExists { .. }),
        "{err}"
    );
    let names: Vec<_> = std::fs::read_dir(&out)
        .expect("ls")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("report.pdf")]);
    let note =
        f.ws.add_note(
            "text",
            &[Target::control("5.35").expect("c")],
            &EvidenceMeta::default(),
            "t",
        )
        .expect("note");
    assert!(
        f.ws.export_evidence(note, None, &out.join("n.txt"))
            .unwrap_err()
            .to_string()
            .contains("not a file")
    );
}

#[test]
fn control_ids_in_names() {
    for (name, expected) in [
        ("A.5.15 Access policy.pdf", Some("5.15")),
        ("a5.15-access.pdf", Some("5.15")),
        ("8.13_backup.csv", Some("8.13")),
        ("5.15.pdf", Some("5.15")),
        ("A.8.34", Some("8.34")),
        ("A.8.35 nothing.pdf", None),
        ("5.1x.pdf", None),
        ("2024 report.pdf", None),
        ("Access policy.pdf", None),
    ] {
        assert_eq!(
            control_in_name(name).map(|c| c.to_string()).as_deref(),
            expected,
            "{name}"
        );
    }
}

#[test]
fn a_folder_is_imported_by_file_and_folder_names_in_one_transaction() {
    let mut f = fixture();
    let root = f.dir.path().join("evidence");
    std::fs::create_dir_all(root.join("A.8.13 Backups/2026")).expect("dirs");
    file(&root, "A.5.15 Access policy.pdf", b"policy");
    file(&root, ".DS_Store", b"junk");
    file(
        &root.join("A.8.13 Backups/2026"),
        "restore-test.log",
        b"restored ok",
    );
    file(
        &root.join("A.8.13 Backups"),
        "A.8.15 shared log.csv",
        b"log",
    );
    let made = std::process::Command::new("mkfifo")
        .arg(root.join("A.5.15 pipe"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let plan = import_plan(&root, &ImportRule::ByName).expect("plan");
    let left: Vec<(String, &str)> = plan
        .left_out
        .iter()
        .map(|l| {
            (
                l.path
                    .file_name()
                    .expect("n")
                    .to_string_lossy()
                    .into_owned(),
                l.reason,
            )
        })
        .collect();
    assert_eq!(
        left,
        vec![
            (
                ".DS_Store".into(),
                "a hidden file (its name starts with a dot)"
            ),
            ("A.5.15 pipe".into(), "a named pipe (FIFO), not a file"),
        ],
        "what is not imported is said, with why"
    );
    let plan = plan.files;
    let got: Vec<(String, String)> = plan
        .iter()
        .map(|p| {
            (
                p.path
                    .file_name()
                    .expect("n")
                    .to_string_lossy()
                    .into_owned(),
                p.targets[0].to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("A.5.15 Access policy.pdf".into(), "A.5.15".into()),
            ("restore-test.log".into(), "A.8.13".into()),
            ("A.8.15 shared log.csv".into(), "A.8.15".into()),
        ]
    );
    let ids =
        f.ws.add_files(&plan, "t", &mut |_| ControlFlow::Continue(()))
            .expect("import");
    assert_eq!(ids.len(), 3);
    file(&root, "minutes.docx", b"no id");
    let err = import_plan(&root, &ImportRule::ByName).unwrap_err();
    assert!(err.to_string().contains("minutes.docx"), "{err}");
    let all = import_plan(
        &root,
        &ImportRule::AllTo(vec![Target::control("5.1").expect("c")]),
    )
    .expect("plan")
    .files;
    assert_eq!(all.len(), 4);
    assert!(
        all.iter()
            .all(|p| p.targets == vec![Target::control("5.1").expect("c")])
    );
}

#[test]
fn safe_names() {
    for (input, expected) in [
        ("report.pdf", "report.pdf"),
        ("a/b\\c:d*e?.txt", "a_b_c_d_e_.txt"),
        ("..hidden", "hidden"),
        ("CON.txt", "_CON.txt"),
        ("com1", "_com1"),
        ("   ", "evidence"),
        ("trailing. ", "trailing"),
        ("CONIN$.log", "_CONIN$.log"),
        ("lpt\u{b9}.txt", "_lpt\u{b9}.txt"),
        ("COM10.txt", "COM10.txt"),
        ("console.txt", "console.txt"),
        ("cafe\u{301}.txt", "caf\u{e9}.txt"),
        ("invoice\u{202E}fdp.exe", "invoice_fdp.exe"),
        ("two\u{2028}lines", "two_lines"),
    ] {
        assert_eq!(safe_file_name(input), expected, "{input}");
    }
    let long = format!("{}.pdf", "é".repeat(200));
    let safe = safe_file_name(&long);
    assert_eq!(safe.chars().count(), 120);
    assert!(safe.ends_with(".pdf"));
    // Cut at 120 characters, the name still does not end in a space or a dot (Windows would
    // drop them).
    let spaced = format!("{}  {}", "a".repeat(118), "b".repeat(10));
    assert_eq!(safe_file_name(&spaced), "a".repeat(118));
}

#[test]
fn updates_and_target_changes_are_in_the_history() {
    let mut f = fixture();
    let src = file(f.dir.path(), "x.txt", b"x");
    let id = add(&mut f.ws, &src, &["5.1"]).expect("add");
    let e =
        f.ws.update_evidence(
            id,
            &EvidencePatch {
                title: Some("ISMS policy".into()),
                status: Some(EvidenceStatus::Submitted),
                provided_by: Some(Some("Dana".into())),
                targets: Some(vec![Target::control("5.2").expect("c")]),
                valid_until: Some(Some("2027-01-31".into())),
                ..Default::default()
            },
            "tester",
        )
        .expect("update");
    assert_eq!(e.title, "ISMS policy");
    assert_eq!(e.provided_by.as_deref(), Some("Dana"));
    assert_eq!(e.targets, vec![Target::control("5.2").expect("c")]);
    let on_51 = f.ws.history(Some("5.1")).expect("h");
    assert!(
        on_51
            .iter()
            .any(|h| h.field == "evidence" && h.new_value.is_none()),
        "{on_51:?}"
    );
    let err =
        f.ws.update_evidence(
            id,
            &EvidencePatch {
                valid_until: Some(Some("31/01/2027".into())),
                ..Default::default()
            },
            "t",
        )
        .unwrap_err();
    assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    assert_eq!(
        f.ws.evidence(id).expect("e").valid_until.as_deref(),
        Some("2027-01-31")
    );
}

/// A long list is read with one query per table: it must hold exactly what reading each item
/// alone gives (targets sorted, every version in order), whatever the kinds and targets.
#[test]
fn a_long_list_reads_the_same_as_each_item_alone() {
    let mut f = fixture();
    for i in 0..12u64 {
        let path = file(
            f.dir.path(),
            &format!("f{i}.bin"),
            &bytes(100 + i as usize, i),
        );
        let id = add(
            &mut f.ws,
            &path,
            &["A.8.15", "A.5.1"][..1 + (i as usize % 2)],
        )
        .expect("add");
        if i % 3 == 0 {
            let v2 = file(f.dir.path(), &format!("v{i}.bin"), &bytes(50, 100 + i));
            f.ws.add_version(id, &v2, None, "tester", &mut |_| ControlFlow::Continue(()))
                .expect("version");
        }
    }
    let t = [
        Target::clause("6.1.2").expect("clause"),
        Target::control("A.5.2").expect("c"),
    ];
    f.ws.add_note("seen", &t, &EvidenceMeta::default(), "t")
        .expect("note");
    let list = f.ws.evidence_list(None).expect("list");
    assert_eq!(list.len(), 13);
    for e in &list {
        assert_eq!(e, &f.ws.evidence(e.id).expect("one"), "#{}", e.id);
    }
    assert!(list.iter().any(|e| e.versions.len() == 2));
    let of_one =
        f.ws.evidence_list(Some(&Target::control("A.5.1").expect("c")))
            .expect("filtered");
    assert_eq!(of_one.len(), 6);
}

#[test]
fn a_page_of_evidence_is_the_same_as_the_whole_list_cut_and_searched() {
    let mut f = fixture();
    let a51 = [Target::control("A.5.1").expect("t")];
    let a815 = [Target::control("A.8.15").expect("t")];
    for i in 0..130 {
        let meta = EvidenceMeta {
            title: Some(if i % 10 == 0 {
                format!("Lieferanten-Prüfung {i}")
            } else {
                format!("Access review {i}")
            }),
            ..EvidenceMeta::default()
        };
        let target = if i % 3 == 0 { &a815 } else { &a51 };
        f.ws.add_note(&format!("note {i}"), target, &meta, "T")
            .expect("note");
    }
    f.ws.add_link(
        "https://wiki.example/ÜBERSICHT",
        "",
        &a51,
        &EvidenceMeta::default(),
        "T",
    )
    .expect("link");
    let all = f.ws.evidence_list(None).expect("list");
    assert_eq!(all.len(), 131);

    // Pages in order make the whole list, each item as complete as the list's.
    let mut paged = Vec::new();
    for offset in (0..140).step_by(50) {
        let page = f.ws.evidence_page(None, "", offset, 50).expect("page");
        assert_eq!(page.total, 131);
        paged.extend(page.items);
    }
    assert_eq!(paged, all);
    let past = f.ws.evidence_page(None, "", 500, 50).expect("past the end");
    assert_eq!((past.total, past.items.len()), (131, 0));

    // The search: case and accents aside, over the title and the link.
    let searched = f.ws.evidence_page(None, "PRUFUNG", 0, 100).expect("search");
    let expected: Vec<_> = all
        .iter()
        .filter(|e| e.title.contains("Prüfung"))
        .cloned()
        .collect();
    assert_eq!(searched.total, 13);
    assert_eq!(searched.items, expected);
    let link = f.ws.evidence_page(None, "übersicht", 0, 10).expect("link");
    assert_eq!(link.total, 1);
    assert_eq!(link.items[0].kind, EvidenceKind::Link);

    // What proves one control, and a search within it.
    let target = Target::control("A.8.15").expect("t");
    let of_control = f.ws.evidence_list(Some(&target)).expect("list");
    let page = f.ws.evidence_page(Some(&target), "", 0, 20).expect("page");
    assert_eq!(page.total, of_control.len());
    assert_eq!(page.items, of_control[..20]);
    let both =
        f.ws.evidence_page(Some(&target), "prüfung", 0, 100)
            .expect("page");
    assert!(both.total > 0 && both.total < 13);
    assert!(
        both.items
            .iter()
            .all(|e| e.title.contains("Prüfung") && e.targets.contains(&target))
    );
    assert_eq!(records::fold("Ærø MÜLLER Ångström"), "ærø muller angstrom");
}

/// Two programs retitling the same piece of evidence at once: each change starts from the
/// title the one before it left, so the history of the title is an unbroken chain (a change
/// planned from a read before the write lock would record an old value that was already
/// gone).
#[test]
fn two_writers_on_one_piece_of_evidence_keep_its_history_a_chain() {
    const ROUNDS: usize = 100;
    let mut f = fixture();
    let id =
        f.ws.add_link(
            "https://intranet.example/policy",
            "",
            &[Target::control("A.5.1").expect("t")],
            &EvidenceMeta::default(),
            "T",
        )
        .expect("link");
    let path = f.ws.path().to_owned();
    let writer = |who: &'static str| {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut ws = Workspace::open(&path).expect("open");
            for i in 0..ROUNDS {
                let patch = EvidencePatch {
                    title: Some(format!("{who} {i}")),
                    ..EvidencePatch::default()
                };
                ws.update_evidence(id, &patch, who).expect("retitle");
            }
        })
    };
    let (a, b) = (writer("a"), writer("b"));
    a.join().expect("a");
    b.join().expect("b");
    let titles: Vec<_> =
        f.ws.history(Some(&id.to_string()))
            .expect("history")
            .into_iter()
            .filter(|h| h.entity == "evidence" && h.field == "title")
            .collect();
    assert_eq!(titles.len(), 2 * ROUNDS);
    for pair in titles.windows(2) {
        assert_eq!(
            pair[1].old_value, pair[0].new_value,
            "a retitling started from a title another had replaced"
        );
    }
}

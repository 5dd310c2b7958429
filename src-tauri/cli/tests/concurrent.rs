//! The CLI reading a workspace that the window is changing: a consultant runs `annexa report`
//! or exports a pack while the workshop goes on in the window. A writer here (the core on its
//! own connection, as the window holds it) adds and removes notes and reassigns controls
//! without pause, while the CLI reads the same file over and over. Every read must succeed
//! and show one state of the file: before the reads ran in one transaction, a note removed
//! between `evidence list`'s query of the evidence and its query of their versions made the
//! command panic.

use std::ops::ControlFlow;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use annexa_core::assessment::ControlPatch;
use annexa_core::evidence::{EvidenceMeta, FileToAdd, Target};
use annexa_core::store::{NewWorkspace, Workspace};

const READS: usize = 60;

fn annexa(ws: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_annexa"))
        .args(args)
        .env("ANNEXA_WORKSPACE", ws)
        .env("NO_COLOR", "1")
        // A crash report, should a read fail that way, stays in the test's folder.
        .env("XDG_STATE_HOME", ws.with_file_name("state"))
        .output()
        .expect("run annexa")
}

#[test]
fn reads_see_one_state_while_the_window_writes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("workshop.annexa");
    let mut ws = Workspace::create(&path, &NewWorkspace::named("Workshop")).expect("create");
    let file = dir.path().join("policy.txt");
    std::fs::write(&file, "our policy\n".repeat(50_000)).expect("write");
    let a515 = Target::control("A.5.15").expect("target");
    ws.add_files(
        &[FileToAdd {
            path: file,
            targets: vec![a515.clone()],
            meta: EvidenceMeta::default(),
        }],
        "window",
        &mut |_| ControlFlow::Continue(()),
    )
    .expect("attach");

    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut changes = 0u32;
            while !stop.load(Ordering::Relaxed) {
                // Long notes spill onto overflow pages, so each removal frees pages too.
                let text = format!("{changes} {}", "minutes of the workshop ".repeat(4_000));
                let id = ws
                    .add_note(
                        &text,
                        std::slice::from_ref(&a515),
                        &EvidenceMeta::default(),
                        "window",
                    )
                    .expect("add a note");
                let patch = ControlPatch {
                    owner: Some(Some(format!("Owner {}", changes % 7))),
                    ..ControlPatch::default()
                };
                ws.set_control("A.5.15", &patch, "window").expect("set");
                ws.remove_evidence(id, "window").expect("remove the note");
                changes += 1;
            }
            changes
        })
    };

    let pack = dir.path().join("pack.zip");
    let pack_arg = pack.to_str().expect("utf-8");
    let reads: &[&[&str]] = &[
        &["evidence", "list", "--format", "json"],
        &["report", "--format", "json"],
        &["people", "list", "--format", "json"],
        &["history", "--verify"],
        &["export", pack_arg, "--force", "--yes", "--quiet"],
    ];
    let mut failures = Vec::new();
    for round in 0..READS {
        let args = reads[round % reads.len()];
        let out = annexa(&path, args);
        if !out.status.success() {
            failures.push(format!(
                "annexa {} (round {round}): {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    stop.store(true, Ordering::Relaxed);
    let changes = writer.join().expect("the writer stopped without a failure");
    assert!(failures.is_empty(), "reads failed: {failures:#?}");
    // The reads overlapped the writes: the writer kept going throughout.
    assert!(
        changes >= 10,
        "only {changes} changes were made during the reads"
    );

    // The last pack is one state of the workspace, and checks.
    let out = annexa(&path, &["verify", pack_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

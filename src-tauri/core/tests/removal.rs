//! Removed means gone: what a removal takes out of a workspace leaves none of its bytes in
//! the file (SQLite's secure delete zeroes them), and compacting gives the space back by
//! replacing the file with a copy of what is in use, safely while another program has it open.

use std::ops::ControlFlow;
use std::path::Path;

use annexa_core::assessment::ControlPatch;
use annexa_core::catalogue::vocabulary::Status;
use annexa_core::evidence::{EvidenceMeta, FileToAdd, Target};
use annexa_core::store::{NewWorkspace, Workspace, WorkspaceError, compacting_path};

const MARKER: &[u8] = b"OTHER-CLIENT-CONFIDENTIAL-4417";

fn occurrences(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// A workspace holding one 3 MiB file full of the marker (three chunks) and a note with it.
fn with_secret(dir: &Path) -> (Workspace, i64, i64) {
    let path = dir.join("client.annexa");
    let mut ws = Workspace::create(&path, &NewWorkspace::named("Client A")).expect("create");
    let file = dir.join("wrong-client.txt");
    let line = [MARKER, b" line of another client's contract\n"].concat();
    std::fs::write(&file, line.repeat(3 * 1024 * 1024 / line.len())).expect("write");
    let target = Target::control("A.5.1").expect("target");
    let ids = ws
        .add_files(
            &[FileToAdd {
                path: file,
                targets: vec![target.clone()],
                meta: EvidenceMeta::default(),
            }],
            "Consultant",
            &mut |_| ControlFlow::Continue(()),
        )
        .expect("add");
    let note = ws
        .add_note(
            &format!(
                "{} seen in the walk-through",
                String::from_utf8_lossy(MARKER)
            ),
            &[target],
            &EvidenceMeta::default(),
            "Consultant",
        )
        .expect("note");
    (ws, ids[0], note)
}

#[test]
fn removed_evidence_leaves_none_of_its_bytes_and_compacting_gives_the_space_back() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut ws, file, note) = with_secret(dir.path());
    let path = ws.path().to_owned();
    assert!(occurrences(&std::fs::read(&path).expect("read"), MARKER) > 1000);
    ws.remove_evidence(file, "Consultant").expect("remove file");
    ws.remove_evidence(note, "Consultant").expect("remove note");
    let bytes = std::fs::read(&path).expect("read");
    assert_eq!(occurrences(&bytes, MARKER), 0, "no byte of it is left");
    let history = ws.history(None).expect("history");
    let removed: Vec<&str> = history
        .iter()
        .filter(|h| h.field == "removed")
        .filter_map(|h| h.old_value.as_deref())
        .collect();
    assert!(
        removed[0].contains("wrong-client.txt") && removed[0].contains("sha256 "),
        "the history keeps what was removed: {removed:?}"
    );

    let before = bytes.len() as u64;
    let mut reports = Vec::new();
    let done = ws
        .compact(&mut |written, total| {
            reports.push((written, total));
            ControlFlow::Continue(())
        })
        .expect("compact");
    assert_eq!(done.before, before);
    // The removed file's 3 MiB come back (the file's own size without evidence grows with
    // each table a release adds, so it is not the measure).
    assert!(
        done.before - done.after >= 3 << 20,
        "{} bytes after {}",
        done.after,
        done.before
    );
    assert_eq!(std::fs::metadata(&path).expect("meta").len(), done.after);
    let (last_written, total) = *reports.last().expect("progress reported");
    assert_eq!(last_written, total, "the last report is the whole copy");
    assert!(!compacting_path(&path).exists(), "no copy left beside it");
    // The workspace is open on the new file and goes on as before.
    assert!(ws.verify_history().expect("check").intact());
    let patch = ControlPatch {
        status: Some(Status::Planned),
        ..ControlPatch::default()
    };
    ws.set_control("A.5.2", &patch, "Consultant")
        .expect("a change after");
    drop(ws);
    let ws = Workspace::open(&path).expect("opens with its schema checked");
    assert!(ws.verify_history().expect("check").intact());
}

#[test]
fn a_stopped_compact_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut ws, file, _) = with_secret(dir.path());
    ws.remove_evidence(file, "Consultant").expect("remove");
    let path = ws.path().to_owned();
    let before = std::fs::read(&path).expect("read");
    let err = ws
        .compact(&mut |_, _| ControlFlow::Break(()))
        .expect_err("stopped");
    assert!(matches!(err, WorkspaceError::Cancelled), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert!(!compacting_path(&path).exists());
    ws.set_control(
        "A.5.3",
        &ControlPatch {
            status: Some(Status::Planned),
            ..ControlPatch::default()
        },
        "Consultant",
    )
    .expect("still usable");
}

/// Another program that had the file open when it was compacted (the window, while the CLI
/// compacts) is refused its next change, in words, instead of writing into the old copy that
/// nobody will read again.
#[test]
fn a_program_holding_the_old_file_is_refused_its_write_not_lost() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut ws, file, _) = with_secret(dir.path());
    ws.remove_evidence(file, "Consultant").expect("remove");
    let mut other = Workspace::open(ws.path()).expect("a second program");
    ws.compact(&mut |_, _| ControlFlow::Continue(()))
        .expect("compact");
    let patch = ControlPatch {
        status: Some(Status::Implemented),
        ..ControlPatch::default()
    };
    let err = other
        .set_control("A.5.4", &patch, "Window")
        .expect_err("the old file is gone");
    assert!(matches!(err, WorkspaceError::Moved { .. }), "{err}");
    assert!(err.to_string().contains("open it again"), "{err}");
    let mut again = Workspace::open(ws.path()).expect("open again");
    again
        .set_control("A.5.4", &patch, "Window")
        .expect("the change, made again");
    drop(again);
    assert_eq!(
        ws.history(None)
            .expect("history")
            .iter()
            .filter(|h| h.entity_id == "5.4")
            .count(),
        1
    );
}

/// A store that is stopped half-way (or fails) leaves none of the file's bytes behind either:
/// the pages it wrote are given back and zeroed with the rest of the transaction.
#[test]
fn a_stopped_store_leaves_none_of_the_file_behind() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("client.annexa");
    let mut ws = Workspace::create(&path, &NewWorkspace::named("Client A")).expect("create");
    // Something removed first, so the store can reuse free pages as well as grow the file.
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "x".repeat(2 << 20)).expect("write");
    let target = Target::control("A.5.1").expect("target");
    let ids = ws
        .add_files(
            &[FileToAdd {
                path: small,
                targets: vec![target.clone()],
                meta: EvidenceMeta::default(),
            }],
            "Consultant",
            &mut |_| ControlFlow::Continue(()),
        )
        .expect("add");
    ws.remove_evidence(ids[0], "Consultant").expect("remove");
    let file = dir.path().join("wrong-client.txt");
    let line = [MARKER, b" line of another client's contract\n"].concat();
    std::fs::write(&file, line.repeat(5 * 1024 * 1024 / line.len())).expect("write");
    let err = ws
        .add_files(
            &[FileToAdd {
                path: file,
                targets: vec![target],
                meta: EvidenceMeta::default(),
            }],
            "Consultant",
            &mut |p| {
                if p.bytes_done >= 3 << 20 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .expect_err("stopped");
    assert!(err.to_string().contains("cancel"), "{err}");
    drop(ws);
    assert_eq!(
        occurrences(&std::fs::read(&path).expect("read"), MARKER),
        0,
        "no byte of the stopped file is in the workspace"
    );
}

/// A person's contact details leave with them: the history records that an address was set
/// or changed, never the address, and removing the person zeroes their row.
#[test]
fn a_removed_persons_email_is_nowhere_in_the_file() {
    use annexa_core::assessment::{PersonInput, PersonPatch};
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("client.annexa");
    let mut ws = Workspace::create(&path, &NewWorkspace::named("Client A")).expect("create");
    let email = "dana.private@other-client.example";
    ws.add_person(
        &PersonInput {
            name: "Dana Doe".into(),
            role: "Contractor".into(),
            department: None,
            email: "dana@old.example".into(),
        },
        "Consultant",
    )
    .expect("add");
    ws.update_person(
        "Dana Doe",
        &PersonPatch {
            email: Some(email.into()),
            ..PersonPatch::default()
        },
        "Consultant",
    )
    .expect("set the address");
    let changes = ws.history(None).expect("history");
    assert!(
        changes
            .iter()
            .any(|h| h.field == "email" && h.new_value.as_deref() == Some("a new address")),
        "the change is recorded"
    );
    assert!(
        changes.iter().all(|h| !h.cells().concat().contains('@')),
        "no address is"
    );
    ws.remove_person("Dana Doe", None, "Consultant")
        .expect("remove");
    drop(ws);
    let bytes = std::fs::read(&path).expect("read");
    for gone in [email.as_bytes(), b"dana@old.example"] {
        assert_eq!(occurrences(&bytes, gone), 0);
    }
}

//! "Example Ltd": a realistic, part-finished assessment to explore before one's own data
//! exists (the window's start screen, `annexa init --example`). Every part of a workspace has
//! something in it: people in departments, owners and contributors, decided and excluded
//! controls, late and done actions, links and notes (one expired, one expiring), clauses with
//! their documents, and two snapshots, ten and two weeks back, with progress between them.
//! Dates are set relative to today, so the example is always "in progress".

use std::path::Path;

use super::*;
use crate::evidence::{EvidenceError, EvidenceMeta, Target};
use crate::store::NewWorkspace;

/// The example's people: name, role, department.
const PEOPLE: &[(&str, &str, Party)] = &[
    ("Daniel Ortiz", "Managing director", Party::Management),
    (
        "Maria Keller",
        "Information security manager",
        Party::Security,
    ),
    ("Tom Becker", "Head of IT operations", Party::It),
    ("Priya Nair", "HR manager", Party::Hr),
    (
        "Lena Fischer",
        "Office and facilities manager",
        Party::Facilities,
    ),
    ("Sam Okafor", "Legal counsel", Party::LegalCompliance),
];

/// One control's state in the example: id, status, owner, maturity, days from today to its
/// target date (negative: late), what is missing.
type ControlRow = (
    &'static str,
    Status,
    &'static str,
    u8,
    Option<i32>,
    &'static str,
);

/// Decided at the kick-off gap analysis.
const KICK_OFF: &[ControlRow] = &[
    (
        "A.5.1",
        Status::PartiallyImplemented,
        "Maria Keller",
        2,
        Some(30),
        "Topic policies for suppliers and cloud use are still drafts",
    ),
    ("A.5.2", Status::Implemented, "Daniel Ortiz", 3, None, ""),
    (
        "A.5.3",
        Status::Planned,
        "Daniel Ortiz",
        1,
        Some(-14),
        "Developers can deploy their own changes to production",
    ),
    (
        "A.5.9",
        Status::PartiallyImplemented,
        "Tom Becker",
        2,
        Some(45),
        "Laptops are listed; cloud services and their owners are not",
    ),
    ("A.5.10", Status::Implemented, "Maria Keller", 3, None, ""),
    (
        "A.5.15",
        Status::PartiallyImplemented,
        "Tom Becker",
        2,
        Some(-5),
        "No review of who can reach the production database",
    ),
    ("A.5.17", Status::Implemented, "Tom Becker", 3, None, ""),
    (
        "A.5.19",
        Status::NotImplemented,
        "Sam Okafor",
        0,
        Some(60),
        "No supplier register; security terms differ by contract",
    ),
    (
        "A.5.24",
        Status::Planned,
        "Maria Keller",
        1,
        Some(20),
        "Incidents are handled in chat, with no written process",
    ),
    ("A.6.1", Status::Implemented, "Priya Nair", 3, None, ""),
    ("A.6.2", Status::Implemented, "Priya Nair", 4, None, ""),
    (
        "A.6.3",
        Status::PartiallyImplemented,
        "Priya Nair",
        2,
        Some(40),
        "Awareness training exists; completion is not tracked",
    ),
    ("A.7.1", Status::Implemented, "Lena Fischer", 3, None, ""),
    ("A.7.2", Status::Implemented, "Lena Fischer", 3, None, ""),
    (
        "A.8.1",
        Status::PartiallyImplemented,
        "Tom Becker",
        2,
        Some(25),
        "Disk encryption is not enforced on two older laptops",
    ),
    ("A.8.5", Status::Implemented, "Tom Becker", 4, None, ""),
    (
        "A.8.13",
        Status::PartiallyImplemented,
        "Tom Becker",
        2,
        Some(-3),
        "Backups run nightly; no restore has been tested this year",
    ),
    (
        "A.8.15",
        Status::Planned,
        "Tom Becker",
        1,
        Some(50),
        "Logs are kept for 7 days and nobody reviews them",
    ),
];

/// Progress made after the kick-off, before the pre-audit review.
const SINCE: &[ControlRow] = &[
    ("A.5.1", Status::Implemented, "Maria Keller", 3, None, ""),
    ("A.5.10", Status::Implemented, "Maria Keller", 4, None, ""),
    (
        "A.5.24",
        Status::PartiallyImplemented,
        "Maria Keller",
        2,
        Some(20),
        "The process is written; it has not been rehearsed",
    ),
    (
        "A.5.30",
        Status::Planned,
        "Tom Becker",
        1,
        Some(70),
        "No recovery objectives agreed with the business",
    ),
    ("A.6.7", Status::Implemented, "Priya Nair", 3, None, ""),
    ("A.7.4", Status::Implemented, "Lena Fischer", 3, None, ""),
    ("A.8.7", Status::Implemented, "Tom Becker", 3, None, ""),
    (
        "A.8.8",
        Status::PartiallyImplemented,
        "Tom Becker",
        2,
        Some(15),
        "Scans run monthly; fixes have no deadlines",
    ),
    (
        "A.8.9",
        Status::Planned,
        "Tom Becker",
        1,
        Some(35),
        "Server settings are not written down",
    ),
    ("A.8.24", Status::Implemented, "Tom Becker", 3, None, ""),
    (
        "A.8.25",
        Status::PartiallyImplemented,
        "Maria Keller",
        2,
        Some(55),
        "Security requirements are not part of the definition of done",
    ),
    ("A.8.32", Status::Implemented, "Tom Becker", 3, None, ""),
];

/// Controls the organisation excluded, with why.
const EXCLUDED: &[(&str, &str)] = &[
    (
        "A.7.10",
        "No removable storage media are used; laptops have USB storage disabled",
    ),
    ("A.8.30", "No software development is outsourced"),
];

/// Writes the example workspace to `path` (which must not exist yet), without its risks (the
/// whole example, risks included, is `risks::create_example`).
pub fn create_example(path: &Path, actor: &str) -> Result<Workspace, WorkspaceError> {
    create_example_with(path, actor, |_| Ok(()))
}

/// Writes the example, then `more` into it, before it gets its name: the domains above the
/// assessment add theirs (the risk register) to the same file.
pub fn create_example_with(
    path: &Path,
    actor: &str,
    more: impl FnOnce(&mut Workspace) -> Result<(), WorkspaceError>,
) -> Result<Workspace, WorkspaceError> {
    // Written whole under a temporary name, then named: a program stopped half-way leaves no
    // half example.
    Workspace::create_with(
        path,
        &NewWorkspace {
            organisation: "Example Ltd".into(),
            scope: "Development and hosting of the Example booking platform, and the London \
                    office that supports it"
                .into(),
            target_date: None,
        },
        |ws| {
            fill_example(ws, actor)?;
            more(ws)
        },
    )
}

/// The example's people, assessment, evidence, actions and snapshots.
fn fill_example(ws: &mut Workspace, actor: &str) -> Result<(), WorkspaceError> {
    let evidence = |e: EvidenceError| match e {
        EvidenceError::Workspace(w) => w,
        other => invalid(other.to_string()),
    };
    let target = day(ws, 180)?;
    ws.write(|tx| {
        tx.execute(
            "UPDATE workspace SET target_date = ?1 WHERE id = 1",
            [&target],
        )
        .map_err(db)
        .map(drop)
    })?;
    for (name, role, department) in PEOPLE {
        ws.add_person(
            &PersonInput {
                name: (*name).into(),
                role: (*role).into(),
                department: Some(*department),
                email: format!(
                    "{}@example.com",
                    name.to_ascii_lowercase().replace(' ', ".")
                ),
            },
            actor,
        )?;
    }
    let set = |ws: &mut Workspace, rows: &[ControlRow]| -> Result<(), WorkspaceError> {
        for (id, status, owner, maturity, due, gap) in rows {
            let target_date = due.map(|d| day(ws, d)).transpose()?;
            ws.set_control(
                id,
                &ControlPatch {
                    applicable: Some(Some(true)),
                    reasons: Some(vec![Reason::RiskAssessment]),
                    status: Some(*status),
                    owner: Some(Some((*owner).into())),
                    maturity: Some(Some(*maturity)),
                    target_date: Some(target_date),
                    gap: Some((*gap).into()),
                    ..ControlPatch::default()
                },
                actor,
            )?;
        }
        Ok(())
    };
    set(ws, KICK_OFF)?;
    ws.set_control(
        "A.5.19",
        &ControlPatch {
            contributors: Some(vec!["Maria Keller".into(), "Tom Becker".into()]),
            reasons: Some(vec![Reason::RiskAssessment, Reason::Contractual]),
            ..ControlPatch::default()
        },
        actor,
    )?;
    for (id, why) in EXCLUDED {
        ws.set_control(
            id,
            &ControlPatch {
                applicable: Some(Some(false)),
                justification: Some((*why).into()),
                ..ControlPatch::default()
            },
            actor,
        )?;
    }
    let kick_off = format!("{}T09:30:00.000Z", day(ws, -70)?);
    ws.take_snapshot_at("Kick-off gap analysis", actor, Some(&kick_off))?;

    set(ws, SINCE)?;
    for (title, controls, assignee, due, status) in [
        (
            "Test a full restore of the booking database",
            &["A.8.13"][..],
            "Tom Becker",
            -3,
            ActionStatus::Open,
        ),
        (
            "Review access to production systems",
            &["A.5.15", "A.5.18"][..],
            "Tom Becker",
            -5,
            ActionStatus::InProgress,
        ),
        (
            "Build the supplier register with security terms",
            &["A.5.19", "A.5.20"][..],
            "Sam Okafor",
            45,
            ActionStatus::Open,
        ),
        (
            "Separate deployment rights from development",
            &["A.5.3"][..],
            "Daniel Ortiz",
            -14,
            ActionStatus::Open,
        ),
        (
            "Write the incident response process",
            &["A.5.24", "A.5.26"][..],
            "Maria Keller",
            -30,
            ActionStatus::Done,
        ),
    ] {
        ws.add_action(
            &ActionPatch {
                title: Some(title.into()),
                controls: Some(controls.iter().map(|c| (*c).to_owned()).collect()),
                assignee: Some(Some(assignee.into())),
                due_date: Some(Some(day(ws, due)?)),
                status: Some(status),
            },
            actor,
        )?;
    }

    let meta = |title: &str, valid_until: Option<String>, by: &str, status| EvidenceMeta {
        title: Some(title.into()),
        description: String::new(),
        issued_on: None,
        valid_until,
        review_interval: None,
        provided_by: Some(by.into()),
        status: Some(status),
    };
    use crate::catalogue::vocabulary::EvidenceStatus as E;
    let control = |id: &str| Target::control(id);
    ws.add_link(
        "https://intranet.example.com/isms/information-security-policy",
        "Version 2.1, approved by the managing director",
        &[control("A.5.1")?, Target::clause("5.2")?],
        &meta(
            "Information security policy",
            Some(day(ws, 300)?),
            "Maria Keller",
            E::Approved,
        ),
        actor,
    )
    .map_err(evidence)?;
    ws.add_link(
        "https://intranet.example.com/isms/acceptable-use",
        "",
        &[control("A.5.10")?],
        &meta(
            "Acceptable use rules",
            Some(day(ws, 200)?),
            "Maria Keller",
            E::Approved,
        ),
        actor,
    )
    .map_err(evidence)?;
    ws.add_note(
        "Seen on site: badge readers at both entrances, visitor book at reception, server \
         cupboard locked and its key held by facilities.",
        &[control("A.7.1")?, control("A.7.2")?],
        &meta(
            "Walk-through of the London office",
            None,
            "Lena Fischer",
            E::Approved,
        ),
        actor,
    )
    .map_err(evidence)?;
    ws.add_note(
        "The restore of the booking database from last night's backup took 40 minutes and \
         was checked against row counts.",
        &[control("A.8.13")?],
        &meta(
            "Restore test, last year",
            Some(day(ws, -20)?),
            "Tom Becker",
            E::Approved,
        ),
        actor,
    )
    .map_err(evidence)?;
    ws.add_link(
        "https://hr.example.com/training/awareness-2026",
        "Completion report exported from the training platform",
        &[control("A.6.3")?],
        &meta(
            "Awareness training completion",
            Some(day(ws, 12)?),
            "Priya Nair",
            E::Submitted,
        ),
        actor,
    )
    .map_err(evidence)?;
    ws.add_link(
        "https://intranet.example.com/it/asset-register",
        "",
        &[control("A.5.9")?],
        &meta("Asset register", None, "Tom Becker", E::Draft),
        actor,
    )
    .map_err(evidence)?;

    for (clause, status, owner) in [
        ("4.3", Status::Implemented, "Maria Keller"),
        ("5.1", Status::PartiallyImplemented, "Daniel Ortiz"),
        ("5.2", Status::Implemented, "Daniel Ortiz"),
        ("6.1.2", Status::PartiallyImplemented, "Maria Keller"),
        ("6.1.3", Status::Planned, "Maria Keller"),
        ("9.2", Status::NotImplemented, "Maria Keller"),
    ] {
        ws.set_clause(
            clause,
            &ClausePatch {
                status: Some(status),
                owner: Some(Some(owner.into())),
                notes: None,
            },
            actor,
        )?;
    }
    for document in [
        "isms-scope",
        "information-security-policy",
        "risk-assessment-process",
    ] {
        ws.set_document(document, true, actor)?;
    }
    let review = format!("{}T14:00:00.000Z", day(ws, -14)?);
    ws.take_snapshot_at("Pre-audit review", actor, Some(&review))?;
    Ok(())
}

/// Today plus `offset` days (negative: in the past), as `YYYY-MM-DD`.
fn day(ws: &Workspace, offset: i32) -> Result<String, WorkspaceError> {
    ws.connection()
        .query_row("SELECT date('now', ?1 || ' days')", [offset], |r| r.get(0))
        .map_err(db)
}

//! The register on a real workspace file: rating on the method, the owner's decisions and
//! what an auditor flags, each change one transaction with its history.

use super::*;
use crate::assessment::{ActionPatch, ControlPatch, PersonInput};
use crate::store::NewWorkspace;
use crate::store::history::HistorySubject;

fn workspace(dir: &std::path::Path) -> Workspace {
    let mut ws = Workspace::create(&dir.join("w.annexa"), &NewWorkspace::named("Risky Ltd"))
        .expect("create");
    for name in ["Ana Silva", "Bo Berg"] {
        ws.add_person(
            &PersonInput {
                name: name.into(),
                role: String::new(),
                department: None,
                email: String::new(),
            },
            "tester",
        )
        .expect("person");
    }
    ws
}

fn new_risk(title: &str, l: u8, i: u8) -> RiskPatch {
    RiskPatch {
        title: Some(title.into()),
        owner: Some("ana silva".into()),
        likelihood: Some(l),
        impact: Some(i),
        ..RiskPatch::default()
    }
}

fn kinds(ws: &Workspace) -> Vec<(Option<String>, &'static str)> {
    let today = ws.today().expect("today");
    ws.risk_findings(&today)
        .expect("findings")
        .into_iter()
        .map(|f| (f.risk, f.kind))
        .collect()
}

#[test]
fn a_risk_is_numbered_rated_and_linked_and_its_history_kept() {
    let dir = tempfile::tempdir().expect("temp");
    let mut ws = workspace(dir.path());
    ws.add_asset(
        &NewAsset {
            name: "Customer database".into(),
            kind: Some(AssetKind::Information),
            owner: Some("Bo Berg".into()),
            confidentiality: Some(5),
            integrity: Some(4),
            availability: Some(3),
        },
        "tester",
    )
    .expect("asset");
    let action = ws
        .add_action(
            &ActionPatch {
                title: Some("Encrypt the backups".into()),
                ..ActionPatch::default()
            },
            "tester",
        )
        .expect("action");
    let r = ws
        .add_risk(
            &RiskPatch {
                cia: Some("c,a".into()),
                add_assets: vec!["customer DATABASE".into()],
                add_controls: vec!["8.13".into(), "A.8.24".into()],
                add_actions: vec![action.id],
                treatment: Some(Treatment::Modify),
                target: Some((1, 4)),
                ..new_risk("Backups readable by anyone who finds a tape", 3, 5)
            },
            "tester",
        )
        .expect("risk");
    assert_eq!(r.reference(), "R-001");
    assert_eq!(
        r.owner.as_deref(),
        Some("Ana Silva"),
        "the directory's spelling"
    );
    assert_eq!(
        (r.confidentiality, r.integrity, r.availability),
        (true, false, true)
    );
    assert_eq!(r.assets, ["Customer database"]);
    assert_eq!(
        r.controls.iter().map(|c| c.prefixed()).collect::<Vec<_>>(),
        ["A.8.13", "A.8.24"]
    );
    assert_eq!(r.actions, [action.id]);
    let method = ws.risk_method().expect("method").method;
    assert_eq!(method.preset, "5x5");
    assert_eq!(
        method.rate(r.likelihood, r.impact).expect("rated").level,
        "high"
    );
    assert_eq!(
        r.residual_rating(),
        (1, 4),
        "the plan's target until it is done"
    );
    let second = ws
        .add_risk(&new_risk("Laptop stolen", 2, 2), "tester")
        .expect("second");
    assert_eq!(second.reference(), "R-002");
    assert_eq!(ws.assets().expect("assets")[0].risks, 1);
    assert_eq!(
        ws.risks_by_control().expect("by control")[&"8.13".parse().expect("id")],
        ["R-001"]
    );

    // Removing a link that is not there is said, not done silently.
    let e = ws
        .update_risk(
            1,
            &RiskPatch {
                remove_controls: vec!["A.5.1".into()],
                ..RiskPatch::default()
            },
            "tester",
        )
        .expect_err("not linked");
    assert!(e.to_string().contains("A.5.1 does not treat R-001"), "{e}");
    let r = ws
        .update_risk(
            1,
            &RiskPatch {
                remove_controls: vec!["A.8.24".into()],
                threat: Some("Theft in transit".into()),
                cia: Some("integrity".into()),
                ..RiskPatch::default()
            },
            "editor",
        )
        .expect("update");
    assert_eq!(r.controls.len(), 1);
    assert_eq!(
        (r.confidentiality, r.integrity, r.availability),
        (false, true, false)
    );
    let history = ws
        .history_of(
            &HistorySubject::typed("risk:r-1")
                .expect("typed")
                .expect("a subject"),
        )
        .expect("history");
    let fields: Vec<&str> = history.iter().map(|h| h.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "added",
            "threat",
            "confidentiality",
            "integrity",
            "availability",
            "controls"
        ],
        "{history:?}"
    );
    let controls = &history[5];
    assert_eq!(controls.old_value.as_deref(), Some("8.13, 8.24"));
    assert_eq!(controls.new_value.as_deref(), Some("8.13"));
    assert_eq!(controls.actor, "editor");
}

#[test]
fn bad_input_is_named_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    let mut ws = workspace(dir.path());
    ws.add_risk(&new_risk("Phishing", 2, 3), "tester")
        .expect("risk");
    let before = ws.risks().expect("risks");
    let history = ws.history(None).expect("history").len();
    let refused = |ws: &mut Workspace, patch: RiskPatch, expected: &str| {
        let e = ws.add_risk(&patch, "tester").expect_err(expected);
        assert!(e.to_string().contains(expected), "{e} lacks {expected:?}");
    };
    refused(
        &mut ws,
        new_risk("Flood", 6, 1),
        "a likelihood of 6 is outside the scale",
    );
    refused(
        &mut ws,
        new_risk("Flood", 1, 0),
        "an impact of 0 is outside the scale",
    );
    refused(
        &mut ws,
        new_risk("phishing", 1, 1),
        "R-001 already has the title",
    );
    refused(
        &mut ws,
        RiskPatch {
            owner: Some("Nobody Known".into()),
            ..new_risk("Flood", 1, 1)
        },
        "no person named \"Nobody Known\"",
    );
    refused(
        &mut ws,
        RiskPatch {
            add_controls: vec!["A.9.9".into()],
            ..new_risk("Flood", 1, 1)
        },
        "A.9.9",
    );
    refused(
        &mut ws,
        RiskPatch {
            add_assets: vec!["Moon base".into()],
            ..new_risk("Flood", 1, 1)
        },
        "no asset named \"Moon base\"",
    );
    refused(
        &mut ws,
        RiskPatch {
            add_actions: vec![42],
            ..new_risk("Flood", 1, 1)
        },
        "no action number 42",
    );
    refused(
        &mut ws,
        RiskPatch {
            target: Some((1, 9)),
            ..new_risk("Flood", 1, 1)
        },
        "the target rating: an impact of 9",
    );
    assert_eq!(ws.risks().expect("risks"), before);
    assert_eq!(ws.history(None).expect("history").len(), history);
}

#[test]
fn the_owner_approves_the_plan_and_accepts_the_residual_risk_and_the_findings_go() {
    let dir = tempfile::tempdir().expect("temp");
    let mut ws = workspace(dir.path());
    ws.add_risk(&new_risk("Ransomware on the file server", 4, 5), "tester")
        .expect("risk");
    assert_eq!(
        kinds(&ws),
        [
            (None, "method_not_approved"),
            (Some("R-001".into()), "plan_not_approved"),
            (Some("R-001".into()), "residual_not_accepted"),
        ]
    );
    ws.approve_risk_method("Bo Berg", "tester")
        .expect("adopted");
    let adopted = ws.risk_method().expect("method");
    assert_eq!(adopted.approved_by.as_deref(), Some("Bo Berg"));

    let by = |name: &str| DecisionInput {
        by: name.into(),
        ..DecisionInput::default()
    };
    // A plan needs a treatment; the decision is the owner's.
    let e = ws
        .decide_plan(1, true, &by("Ana Silva"), "tester")
        .expect_err("no treatment");
    assert!(e.to_string().contains("no treatment yet"), "{e}");
    ws.update_risk(
        1,
        &RiskPatch {
            treatment: Some(Treatment::Modify),
            add_controls: vec!["A.8.7".into()],
            target: Some((2, 2)),
            ..RiskPatch::default()
        },
        "tester",
    )
    .expect("planned");
    let e = ws
        .decide_plan(1, true, &by("Bo Berg"), "tester")
        .expect_err("not the owner");
    assert!(
        e.to_string()
            .contains("R-001's owner is Ana Silva, not Bo Berg"),
        "{e}"
    );
    let delegated = DecisionInput {
        on_behalf: true,
        ..by("Bo Berg")
    };
    let r = ws
        .decide_plan(1, true, &delegated, "assistant")
        .expect("on behalf");
    assert!(r.plan_approved());
    let plan = r.plan.expect("decision");
    assert_eq!(
        (plan.by.as_str(), plan.on_behalf, plan.entered_by.as_str()),
        ("Bo Berg", true, "assistant")
    );
    // The residual risk the plan aims at (2 × 2, low) is within the criteria.
    ws.decide_residual(&[1], true, &by("Ana Silva"), "tester")
        .expect("accepted");
    assert_eq!(kinds(&ws), []);

    // A changed plan needs approving again; an acceptance holds for the rating accepted.
    ws.update_risk(
        1,
        &RiskPatch {
            add_controls: vec!["A.8.13".into()],
            ..RiskPatch::default()
        },
        "tester",
    )
    .expect("changed plan");
    assert_eq!(kinds(&ws), [(Some("R-001".into()), "plan_not_approved")]);
    ws.decide_plan(1, true, &by("Ana Silva"), "tester")
        .expect("approved again");
    // Treated and re-rated at 3 × 3 (medium): the residual risk is now the current rating,
    // above the criteria, so it is accepted only on its own and with a reason.
    ws.rerate_risk(1, 3, 3, true, "tester").expect("re-rated");
    assert_eq!(
        kinds(&ws),
        [(Some("R-001".into()), "residual_not_accepted")]
    );
    ws.add_risk(&new_risk("Visitor reads a screen", 1, 2), "tester")
        .expect("low");
    let e = ws
        .decide_residual(&[1, 2], true, &by("Ana Silva"), "tester")
        .expect_err("collective above the criteria");
    assert!(
        e.to_string()
            .contains("accept it on its own, with the reason"),
        "{e}"
    );
    let e = ws
        .decide_residual(&[1], true, &by("Ana Silva"), "tester")
        .expect_err("no reason");
    assert!(e.to_string().contains("medium (3 × 3)"), "{e}");
    let today = ws.today().expect("today");
    ws.decide_residual(
        &[1],
        true,
        &DecisionInput {
            note: "Insurance covers the rest; reviewed by the board".into(),
            until: Some(today.clone()),
            ..by("Ana Silva")
        },
        "tester",
    )
    .expect("accepted with a reason");
    ws.decide_residual(&[2], true, &by("Ana Silva"), "tester")
        .expect("the low one");
    assert_eq!(kinds(&ws), []);
    // Past its end date the acceptance lapses.
    let tomorrow = ws.risk(1).expect("risk");
    assert_eq!(
        tomorrow.acceptance("9999-12-31"),
        Acceptance::Lapsed,
        "an acceptance until {today} has lapsed later"
    );

    // A control chosen for a risk but excluded from the SoA is flagged.
    ws.set_control(
        "A.8.7",
        &ControlPatch {
            applicable: Some(Some(false)),
            justification: Some("No malware risk on our managed devices".into()),
            ..ControlPatch::default()
        },
        "tester",
    )
    .expect("excluded");
    assert_eq!(
        kinds(&ws),
        [(Some("R-001".into()), "excluded_control_chosen")]
    );
    let history = ws
        .history_of(
            &HistorySubject::typed("risk:R-001")
                .expect("typed")
                .expect("subject"),
        )
        .expect("history");
    let decided: Vec<&str> = history
        .iter()
        .filter(|h| h.field == "plan" || h.field == "residual")
        .filter_map(|h| h.new_value.as_deref())
        .collect();
    assert_eq!(decided[0], "approved by Bo Berg on behalf of Ana Silva");
    assert!(
        decided
            .iter()
            .any(|d| d == &format!("accepted by Ana Silva until {today}"))
    );
}

#[test]
fn changing_the_method_re_rates_the_risks_and_never_leaves_one_unrated() {
    let dir = tempfile::tempdir().expect("temp");
    let mut ws = workspace(dir.path());
    ws.add_risk(&new_risk("Supplier outage", 3, 3), "tester")
        .expect("risk");
    ws.add_risk(&new_risk("Lost badge", 5, 1), "tester")
        .expect("risk");
    ws.approve_risk_method("Bo Berg", "tester")
        .expect("adopted");
    let before = ws.risks().expect("risks");
    let e = ws
        .set_risk_method(&RiskMethod::preset("3x3").expect("3x3"), "tester")
        .expect_err("5 is off a 3-level scale");
    assert!(e.to_string().contains("R-002 is rated 5 × 1"), "{e}");
    assert_eq!(ws.risks().expect("risks"), before);
    assert_eq!(ws.risk_method().expect("method").method.preset, "5x5");

    ws.update_risk(
        2,
        &RiskPatch {
            likelihood: Some(3),
            ..RiskPatch::default()
        },
        "tester",
    )
    .expect("re-rated");
    let adopted = ws
        .set_risk_method(&RiskMethod::preset("3x3").expect("3x3"), "tester")
        .expect("3x3");
    assert_eq!(adopted.method.preset, "3x3");
    assert_eq!(
        adopted.approved_by, None,
        "a changed method is adopted again"
    );
    // 3 × 3 was medium on 5x5 and is high on 3x3: the history says so.
    let history = ws
        .history_of(
            &HistorySubject::typed("risk:1")
                .expect("typed")
                .expect("subject"),
        )
        .expect("history");
    let level = history
        .iter()
        .find(|h| h.field == "level")
        .expect("re-rated");
    assert_eq!(
        (level.old_value.as_deref(), level.new_value.as_deref()),
        (Some("medium"), Some("high"))
    );
    // A broken method is refused whole.
    let mut broken = RiskMethod::preset("4x4").expect("4x4");
    broken.acceptable = "fine".into();
    let e = ws.set_risk_method(&broken, "tester").expect_err("broken");
    assert!(e.to_string().contains("not usable"), "{e}");
}

#[test]
fn a_person_leaves_with_their_risks_handed_over_but_their_decisions_stay_theirs() {
    let dir = tempfile::tempdir().expect("temp");
    let mut ws = workspace(dir.path());
    ws.add_asset(
        &NewAsset {
            name: "Payroll".into(),
            owner: Some("Ana Silva".into()),
            ..NewAsset::default()
        },
        "tester",
    )
    .expect("asset");
    ws.add_risk(&new_risk("Payroll fraud", 2, 4), "tester")
        .expect("risk");
    let before = ws.risks().expect("risks");
    let e = ws
        .remove_person("Ana Silva", None, "tester")
        .expect_err("owns");
    assert!(
        e.to_string()
            .contains("Ana Silva owns R-001, Payroll; name who takes it over"),
        "{e}"
    );
    assert_eq!(ws.risks().expect("risks"), before);
    ws.remove_person("Ana Silva", Some("Bo Berg"), "tester")
        .expect("handed over");
    assert_eq!(ws.risk(1).expect("risk").owner.as_deref(), Some("Bo Berg"));
    assert_eq!(
        ws.assets().expect("assets")[0].owner.as_deref(),
        Some("Bo Berg")
    );
    let moved = ws
        .history_of(
            &HistorySubject::typed("risk:R-001")
                .expect("typed")
                .expect("subject"),
        )
        .expect("history");
    assert!(moved.iter().any(|h| h.field == "owner"
        && h.old_value.as_deref() == Some("Ana Silva")
        && h.new_value.as_deref() == Some("Bo Berg")));
    // Bo's decision is on record: he stays.
    ws.decide_residual(
        &[1],
        true,
        &DecisionInput {
            by: "Bo Berg".into(),
            note: "Within budget".into(),
            ..DecisionInput::default()
        },
        "tester",
    )
    .expect("accepted");
    ws.add_person(
        &PersonInput {
            name: "Cy Chen".into(),
            role: String::new(),
            department: None,
            email: String::new(),
        },
        "tester",
    )
    .expect("person");
    let e = ws
        .remove_person("Bo Berg", Some("Cy Chen"), "tester")
        .expect_err("decided");
    assert!(e.to_string().contains("stay in the directory"), "{e}");
    assert_eq!(ws.risk(1).expect("risk").owner.as_deref(), Some("Bo Berg"));
}

#[test]
fn the_example_has_a_register_at_every_stage() {
    let dir = tempfile::tempdir().expect("temp");
    let ws = create_example(&dir.path().join("example.annexa"), "tester").expect("example");
    assert_eq!(ws.assets().expect("assets").len(), 5);
    let risks = ws.risks().expect("risks");
    assert_eq!(risks.len(), 6);
    assert_eq!(
        ws.risk_method().expect("method").approved_by.as_deref(),
        Some("Daniel Ortiz")
    );
    let found = kinds(&ws);
    let of = |id: &str| -> Vec<&'static str> {
        found
            .iter()
            .filter(|(r, _)| r.as_deref() == Some(id))
            .map(|(_, k)| *k)
            .collect()
    };
    assert_eq!(of("R-001"), Vec::<&str>::new(), "approved and accepted");
    assert_eq!(of("R-002"), ["residual_not_accepted"]);
    assert_eq!(of("R-003"), ["plan_not_approved", "residual_not_accepted"]);
    assert_eq!(of("R-005"), Vec::<&str>::new(), "retained and accepted");
    assert!(
        found.iter().all(|(r, _)| r.is_some()),
        "the method is adopted"
    );
    assert_eq!(
        ws.risks_by_control().expect("by control")[&"8.13".parse().expect("id")],
        ["R-002"]
    );
    assert_eq!(
        risks[1].actions,
        [1],
        "the restore test carries R-002's treatment out"
    );
}

#[test]
fn a_round_freezes_the_register_and_the_next_one_shows_what_rose() {
    let dir = tempfile::tempdir().expect("temp");
    let mut ws = workspace(dir.path());
    let e = ws
        .approve_risk_round(None, "Bo Berg", "tester")
        .expect_err("nothing to approve");
    assert!(e.to_string().contains("no risk yet"), "{e}");
    ws.add_risk(&new_risk("Phishing", 2, 2), "tester")
        .expect("risk");
    ws.add_risk(&new_risk("Lost laptop", 3, 3), "tester")
        .expect("risk");
    let first = ws
        .approve_risk_round(Some("Round 1"), "Bo Berg", "tester")
        .expect("round");
    assert_eq!(
        (first.risks.len(), first.approved_by.as_str()),
        (2, "Bo Berg")
    );
    let e = ws
        .approve_risk_round(Some("round 1"), "Bo Berg", "tester")
        .expect_err("same name");
    assert!(e.to_string().contains("already a round named"), "{e}");
    // Phishing rises to high, the laptop's rating moves within medium, a risk is added.
    ws.rerate_risk(1, 4, 4, false, "tester").expect("rerate");
    ws.rerate_risk(2, 2, 4, false, "tester").expect("rerate");
    ws.add_risk(&new_risk("Flood", 1, 1), "tester")
        .expect("risk");
    let changes = ws.compare_risk_rounds("ROUND 1", None).expect("compare");
    let said: Vec<(&str, &str, &str, &str, bool)> = changes
        .iter()
        .map(|c| {
            (
                c.risk.as_str(),
                c.change,
                c.before.as_str(),
                c.after.as_str(),
                c.regression,
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            ("R-001", "level", "low (2 × 2)", "high (4 × 4)", true),
            ("R-002", "rating", "3 × 3", "2 × 4", false),
            ("R-003", "added", "", "low (1 × 1)", false),
        ]
    );
    let second = ws
        .approve_risk_round(None, "Bo Berg", "tester")
        .expect("round 2");
    assert!(
        second.name.starts_with("Risk assessment "),
        "{}",
        second.name
    );
    assert!(
        ws.compare_risk_rounds("Round 1", Some(&second.name))
            .expect("between rounds")
            .iter()
            .any(|c| c.regression)
    );
    // The one who approved a round stays in the directory.
    let e = ws
        .remove_person("Bo Berg", Some("Ana Silva"), "tester")
        .expect_err("approved rounds");
    assert!(e.to_string().contains("stay in the directory"), "{e}");
}

#[test]
fn the_risk_documents_are_present_once_what_they_stand_for_exists() {
    let dir = tempfile::tempdir().expect("temp");
    let mut ws = workspace(dir.path());
    let missing = |ws: &Workspace| -> Vec<String> {
        ws.missing_documents()
            .expect("missing")
            .into_iter()
            .filter(|d| d.starts_with("risk-") && !d.ends_with("-process"))
            .collect()
    };
    let all = [
        "risk-treatment-plan",
        "risk-assessment-results",
        "risk-treatment-results",
    ];
    assert_eq!(missing(&ws), all);
    // Not by hand: the register keeps them.
    let e = ws
        .set_document("risk-treatment-plan", true, "tester")
        .expect_err("by hand");
    assert!(
        e.to_string().contains("follows from the risk register"),
        "{e}"
    );
    ws.add_risk(
        &RiskPatch {
            treatment: Some(Treatment::Modify),
            target: Some((1, 2)),
            ..new_risk("Phishing", 4, 4)
        },
        "tester",
    )
    .expect("risk");
    assert_eq!(missing(&ws), all, "a plan to approve");
    let owner = DecisionInput {
        by: "Ana Silva".into(),
        ..DecisionInput::default()
    };
    ws.decide_plan(1, true, &owner, "tester").expect("approved");
    assert_eq!(
        missing(&ws),
        ["risk-assessment-results", "risk-treatment-results"]
    );
    ws.approve_risk_round(None, "Bo Berg", "tester")
        .expect("round");
    assert_eq!(missing(&ws), ["risk-treatment-results"]);
    ws.rerate_risk(1, 1, 2, true, "tester").expect("treated");
    assert_eq!(missing(&ws), Vec::<String>::new());
    // A new risk above the criteria with no approved plan: the plan is missing again, and
    // the history says so.
    ws.add_risk(&new_risk("Ransomware", 4, 5), "tester")
        .expect("risk");
    assert_eq!(missing(&ws), ["risk-treatment-plan"]);
    let plan = ws
        .history_of(
            &HistorySubject::typed("document:risk-treatment-plan")
                .expect("typed")
                .expect("subject"),
        )
        .expect("history");
    let states: Vec<&str> = plan.iter().filter_map(|h| h.new_value.as_deref()).collect();
    assert_eq!(states, ["present", "missing"]);
}

//! The example workspace's risk register: a handful of assets and risks for Example Ltd, at
//! every stage a real register has (a plan approved and its residual risk accepted, a plan
//! approved but the residual risk not yet accepted, a plan still waiting, a risk retained, a
//! risk to the ISMS itself), so that every view and finding has something to show.

use std::path::Path;

use super::{AssetKind, DecisionInput, NewAsset, RiskKind, RiskPatch, Treatment};
use crate::store::{Workspace, WorkspaceError};

/// Writes the whole example, its risk register included, to `path`.
pub fn create_example(path: &Path, actor: &str) -> Result<Workspace, WorkspaceError> {
    crate::assessment::create_example_with(path, actor, |ws| fill(ws, actor))
}

/// Name, type, owner and the confidentiality, integrity and availability it needs.
const ASSETS: &[(&str, AssetKind, &str, u8, u8, u8)] = &[
    (
        "Booking database",
        AssetKind::Information,
        "Tom Becker",
        5,
        4,
        4,
    ),
    (
        "Booking platform",
        AssetKind::Service,
        "Tom Becker",
        3,
        5,
        5,
    ),
    ("Staff laptops", AssetKind::Hardware, "Tom Becker", 4, 3, 3),
    (
        "Payment provider",
        AssetKind::Supplier,
        "Sam Okafor",
        4,
        4,
        5,
    ),
    ("London office", AssetKind::Site, "Lena Fischer", 2, 2, 3),
];

struct ExampleRisk {
    title: &'static str,
    kind: RiskKind,
    scenario: &'static str,
    owner: &'static str,
    rating: (u8, u8),
    cia: &'static str,
    assets: &'static [&'static str],
    treatment: Treatment,
    controls: &'static [&'static str],
    actions: &'static [i64],
    target: Option<(u8, u8)>,
    plan_approved: bool,
    residual_accepted: bool,
}

const RISKS: &[ExampleRisk] = &[
    ExampleRisk {
        title: "Customer data read from a lost or stolen laptop",
        kind: RiskKind::Security,
        scenario: "A laptop left on a train holds an export of bookings with customers' names \
                   and travel dates.",
        owner: "Maria Keller",
        rating: (3, 4),
        cia: "c",
        assets: &["Staff laptops", "Booking database"],
        treatment: Treatment::Modify,
        controls: &["A.8.1", "A.8.24"],
        actions: &[],
        target: Some((1, 4)),
        plan_approved: true,
        residual_accepted: true,
    },
    ExampleRisk {
        title: "Booking platform down after a ransomware attack",
        kind: RiskKind::Security,
        scenario: "Malware encrypts the booking database and its backups; bookings stop until \
                   a restore works.",
        owner: "Tom Becker",
        rating: (3, 5),
        cia: "ia",
        assets: &["Booking platform", "Booking database"],
        treatment: Treatment::Modify,
        controls: &["A.8.7", "A.8.13", "ORG-1"],
        actions: &[1],
        target: Some((2, 3)),
        plan_approved: true,
        residual_accepted: false,
    },
    ExampleRisk {
        title: "Payment provider outage stops bookings",
        kind: RiskKind::Security,
        scenario: "The payment provider is unavailable for a day; no booking can be paid.",
        owner: "Sam Okafor",
        rating: (2, 4),
        cia: "a",
        assets: &["Payment provider"],
        treatment: Treatment::Share,
        controls: &["A.5.19", "A.5.20"],
        actions: &[3],
        target: Some((2, 2)),
        plan_approved: false,
        residual_accepted: false,
    },
    ExampleRisk {
        title: "Phishing gives an attacker a staff mailbox",
        kind: RiskKind::Security,
        scenario: "A convincing message takes a password; the mailbox is used to ask customers \
                   for payment.",
        owner: "Maria Keller",
        rating: (4, 3),
        cia: "ci",
        assets: &["Booking database"],
        treatment: Treatment::Modify,
        controls: &["A.6.3", "A.8.5"],
        actions: &[],
        target: Some((2, 3)),
        plan_approved: false,
        residual_accepted: false,
    },
    ExampleRisk {
        title: "Water damage in the London office",
        kind: RiskKind::Security,
        scenario: "A leak from the floor above soaks the office; laptops are taken home at night.",
        owner: "Lena Fischer",
        rating: (1, 3),
        cia: "a",
        assets: &["London office"],
        treatment: Treatment::Retain,
        controls: &[],
        actions: &[],
        target: None,
        plan_approved: false,
        residual_accepted: true,
    },
    ExampleRisk {
        title: "The ISMS loses its sponsor when the board changes",
        kind: RiskKind::IsmsRisk,
        scenario: "A new board does not renew the budget and the certification slips a year.",
        owner: "Daniel Ortiz",
        rating: (2, 3),
        cia: "",
        assets: &[],
        treatment: Treatment::Modify,
        controls: &[],
        actions: &[],
        target: Some((1, 3)),
        plan_approved: false,
        residual_accepted: false,
    },
];

fn fill(ws: &mut Workspace, actor: &str) -> Result<(), WorkspaceError> {
    ws.approve_risk_method("Daniel Ortiz", actor)?;
    for (name, kind, owner, c, i, a) in ASSETS {
        ws.add_asset(
            &NewAsset {
                name: (*name).into(),
                kind: Some(*kind),
                owner: Some((*owner).into()),
                confidentiality: Some(*c),
                integrity: Some(*i),
                availability: Some(*a),
            },
            actor,
        )?;
    }
    // A control of the organisation's own, beyond Annex A, that the ransomware risk chooses.
    ws.add_own_control(
        "ORG-1",
        &super::OwnControlPatch {
            title: Some("Quarterly test restore of the booking platform".into()),
            description: Some(
                "IT restores last night's backup to a spare server each quarter and times it \
                 against the four-hour target."
                    .into(),
            ),
            status: Some(crate::catalogue::vocabulary::Status::PartiallyImplemented),
        },
        actor,
    )?;
    for r in RISKS {
        let added = ws.add_risk(
            &RiskPatch {
                kind: Some(r.kind),
                title: Some(r.title.into()),
                scenario: Some(r.scenario.into()),
                cia: Some(r.cia.into()),
                owner: Some(r.owner.into()),
                likelihood: Some(r.rating.0),
                impact: Some(r.rating.1),
                treatment: Some(r.treatment),
                target: r.target,
                add_assets: r.assets.iter().map(|a| (*a).to_owned()).collect(),
                add_controls: r.controls.iter().map(|c| (*c).to_owned()).collect(),
                add_actions: r.actions.to_vec(),
                ..RiskPatch::default()
            },
            actor,
        )?;
        let by = DecisionInput {
            by: r.owner.into(),
            ..DecisionInput::default()
        };
        if r.plan_approved {
            ws.decide_plan(added.id, true, &by, actor)?;
        }
        if r.residual_accepted {
            ws.decide_residual(&[added.id], true, &by, actor)?;
        }
    }
    // The register as assessed and approved: the example's risk assessment results.
    ws.approve_risk_round(None, "Daniel Ortiz", actor)?;
    Ok(())
}

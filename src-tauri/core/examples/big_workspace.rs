//! Writes a workspace the size of a large client, for the window benchmark
//! (`tests/bench/window.sh`): "Example Ltd" grown to EVIDENCE evidence items, ACTIONS actions,
//! at least HISTORY recorded changes, RISKS risks and ASSETS assets.
//!
//!     cargo run --release -p annexa-core --example big_workspace -- PATH [EVIDENCE] [ACTIONS] [HISTORY] [RISKS] [ASSETS]

use std::path::PathBuf;

use annexa_core::Catalogue;
use annexa_core::assessment::{ActionPatch, ControlPatch};
use annexa_core::evidence::{EvidenceMeta, Target};
use annexa_core::risks::{AssetKind, NewAsset, RiskPatch, Treatment, create_example};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().ok_or("name the workspace file to write")?);
    let number = |a: Option<String>, default: usize| -> Result<usize, Box<dyn std::error::Error>> {
        Ok(a.map(|s| s.parse()).transpose()?.unwrap_or(default))
    };
    let evidence = number(args.next(), 5_000)?;
    let actions = number(args.next(), 1_000)?;
    let history = number(args.next(), 100_000)?;
    let risks = number(args.next(), 1_000)?;
    let assets = number(args.next(), 500)?;
    let actor = "Benchmark";
    let mut ws = create_example(&path, actor)?;
    let ids: Vec<String> = Catalogue::bundled()?
        .controls
        .iter()
        .map(|c| c.id.prefixed())
        .collect();
    for i in 0..evidence {
        let target = Target::control(&ids[i % ids.len()])?;
        let meta = EvidenceMeta {
            title: Some(format!("Record {i} of the {} review", ids[i % ids.len()])),
            valid_until: Some(format!("{}-{:02}-15", 2026 + i % 3, 1 + i % 12)),
            ..EvidenceMeta::default()
        };
        ws.add_note(
            &format!("Observed during the walk-through, item {i}."),
            &[target],
            &meta,
            actor,
        )
        .map_err(|e| e.to_string())?;
    }
    for i in 0..actions {
        ws.add_action(
            &ActionPatch {
                title: Some(format!("Follow-up {i}: close the gap found in the review")),
                controls: Some(vec![ids[i % ids.len()].clone()]),
                assignee: Some(Some(
                    ["Tom Becker", "Maria Keller", "Priya Nair"][i % 3].into(),
                )),
                due_date: Some(Some(format!("{}-{:02}-01", 2026 + i % 2, 1 + i % 12))),
                status: None,
            },
            actor,
        )?;
    }
    let people = ["Tom Becker", "Maria Keller", "Priya Nair", "Daniel Ortiz"];
    let kinds = [
        AssetKind::Information,
        AssetKind::Software,
        AssetKind::Hardware,
        AssetKind::Service,
        AssetKind::Supplier,
    ];
    for i in 0..assets {
        ws.add_asset(
            &NewAsset {
                name: format!(
                    "Asset {i:03}: {} system",
                    ["Billing", "Booking", "HR", "Mail"][i % 4]
                ),
                kind: Some(kinds[i % kinds.len()]),
                owner: Some(people[i % people.len()].into()),
                confidentiality: Some(1 + (i % 5) as u8),
                integrity: Some(1 + (i / 5 % 5) as u8),
                availability: Some(1 + (i / 25 % 5) as u8),
            },
            actor,
        )?;
    }
    let asset_names: Vec<String> = ws.assets()?.iter().map(|a| a.name.clone()).collect();
    let treatments = [
        Treatment::Modify,
        Treatment::Retain,
        Treatment::Share,
        Treatment::Avoid,
    ];
    for i in 0..risks {
        let (l, m) = (1 + (i % 5) as u8, 1 + (i / 5 % 5) as u8);
        ws.add_risk(
            &RiskPatch {
                title: Some(format!(
                    "Risk {i:04}: {} of the {} data",
                    ["Loss", "Theft", "Leak", "Corruption"][i % 4],
                    ["billing", "booking", "HR", "mail"][i / 4 % 4]
                )),
                owner: Some(people[i % people.len()].into()),
                likelihood: Some(l),
                impact: Some(m),
                treatment: Some(treatments[i % treatments.len()]),
                target: Some((1.max(l / 2), 1.max(m / 2))),
                threat: "An outside attacker, or a mistake".to_owned().into(),
                add_assets: if asset_names.is_empty() {
                    Vec::new()
                } else {
                    vec![asset_names[i % asset_names.len()].clone()]
                },
                add_controls: vec![
                    ids[i % ids.len()].clone(),
                    ids[(i * 7 + 3) % ids.len()].clone(),
                ],
                ..RiskPatch::default()
            },
            actor,
        )?;
    }
    // Each round changes every control's maturity: one recorded change per control.
    let mut rows = ws.verify_history()?.rows as usize;
    let mut round = 0u8;
    while rows < history {
        let patch = ControlPatch {
            maturity: Some(Some(1 + round % 2)),
            ..ControlPatch::default()
        };
        ws.set_controls(&ids, &patch, actor)?;
        rows += ids.len();
        round = round.wrapping_add(1);
    }
    let check = ws.verify_history()?;
    println!(
        "{}: {} evidence items, {} actions, {} risks, {} assets, {} recorded changes (chain {})",
        path.display(),
        ws.evidence_list(None)?.len(),
        ws.actions()?.len(),
        ws.risks()?.len(),
        ws.assets()?.len(),
        check.rows,
        if check.intact() { "intact" } else { "BROKEN" }
    );
    Ok(())
}

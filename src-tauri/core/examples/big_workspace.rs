//! Writes a workspace the size of a large client, for the window benchmark
//! (`tests/bench/window.sh`): "Example Ltd" grown to EVIDENCE evidence items, ACTIONS actions
//! and at least HISTORY recorded changes.
//!
//!     cargo run --release -p annexa-core --example big_workspace -- PATH [EVIDENCE] [ACTIONS] [HISTORY]

use std::path::PathBuf;

use annexa_core::Catalogue;
use annexa_core::assessment::{ActionPatch, ControlPatch, create_example};
use annexa_core::evidence::{EvidenceMeta, Target};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().ok_or("name the workspace file to write")?);
    let number = |a: Option<String>, default: usize| -> Result<usize, Box<dyn std::error::Error>> {
        Ok(a.map(|s| s.parse()).transpose()?.unwrap_or(default))
    };
    let evidence = number(args.next(), 5_000)?;
    let actions = number(args.next(), 1_000)?;
    let history = number(args.next(), 100_000)?;
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
        "{}: {} evidence items, {} actions, {} recorded changes (chain {})",
        path.display(),
        ws.evidence_list(None)?.len(),
        ws.actions()?.len(),
        check.rows,
        if check.intact() { "intact" } else { "BROKEN" }
    );
    Ok(())
}

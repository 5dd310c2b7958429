//! What goes on the board report's pages, in order: the headline figures and how readiness is
//! counted, the three charts, then the gaps, late actions, risks (heat maps, the risks above
//! the criteria, the register's findings), owners and the Statement of Applicability.

use super::BoardReport;
use super::layout::{
    ACCENT, CONTENT_W, Colour, INK, Layout, MARGIN, MUTED, Op, RULE, fit, hex, width, wrap,
};
use crate::charts::{Anchor, Stage, label_slots, with_room};

/// How many late actions the report lists, the most overdue first (the rest are counted).
pub const TOP_ACTIONS: usize = 15;

/// Controls as people write them: `A.5.1, A.8.13`.
fn id_list(ids: &[crate::catalogue::ControlId]) -> String {
    ids.iter()
        .map(|id| id.prefixed())
        .collect::<Vec<_>>()
        .join(", ")
}

fn pct(score: f64) -> String {
    format!("{:.0}%", (score * 100.0).round())
}

/// The laid-out pages of `r`.
pub fn pages(r: &BoardReport) -> Vec<Vec<Op>> {
    let mut l = Layout::new();
    title(&mut l, r);
    figures(&mut l, r);
    l.paragraph(
        "How readiness is counted: an implemented control counts in full and a partially \
         implemented one by half, over every control that is applicable or not decided yet. \
         Excluded controls leave the count; undecided ones count as not ready, so an \
         assessment that has only just begun cannot look ready.",
        8.5,
        MUTED,
    );
    l.heading("Status of the controls by theme", 130.0);
    status_by_theme(&mut l, r);
    l.heading("Readiness over time", 200.0);
    readiness_over_time(&mut l, r);
    l.heading("Evidence freshness", 60.0);
    freshness(&mut l, r);
    gaps(&mut l, r);
    late_actions(&mut l, r);
    risks(&mut l, r);
    owners(&mut l, r);
    soa(&mut l, r);
    l.pages
}

fn title(l: &mut Layout, r: &BoardReport) {
    l.y += 22.0;
    l.text(
        MARGIN,
        l.y,
        22.0,
        true,
        INK,
        "Information security readiness",
    );
    l.y += 22.0;
    for line in wrap(&r.organisation, 15.0, true, CONTENT_W) {
        l.text(MARGIN, l.y, 15.0, true, ACCENT, &line);
        l.y += 19.0;
    }
    let source = if r.source.is_empty() {
        String::new()
    } else {
        format!(" · from {}", r.source)
    };
    let line = format!("ISO/IEC 27001:2022 · as of {}{source}", r.today);
    l.text(
        MARGIN,
        l.y,
        9.0,
        false,
        MUTED,
        &fit(&line, 9.0, false, CONTENT_W),
    );
    l.y += 18.0;
}

/// Four tiles: readiness, decisions, late controls and actions, evidence needing renewal.
fn figures(l: &mut Layout, r: &BoardReport) {
    let f = &r.freshness;
    let counted = r.readiness.applicable + r.readiness.undecided;
    let tiles = [
        (
            pct(r.readiness.score),
            format!("ready, over {counted} applicable or undecided controls"),
        ),
        (
            format!("{}/{}", r.decided, r.controls),
            "controls decided (applicable or excluded)".to_owned(),
        ),
        (r.late_total.to_string(), r.late_words.clone()),
        (
            (f.expired + f.expiring).to_string(),
            format!(
                "pieces of evidence expired or expiring within {} days",
                f.window_days
            ),
        ),
    ];
    let gap = 10.0;
    let w = (CONTENT_W - gap * 3.0) / 4.0;
    let h = 66.0;
    for (i, (number, label)) in tiles.iter().enumerate() {
        let x = MARGIN + i as f32 * (w + gap);
        l.rect(x, l.y, w, h, [0xf3, 0xf6, 0xfa]);
        l.rect(x, l.y, 3.0, h, ACCENT);
        l.text(x + 10.0, l.y + 26.0, 20.0, true, INK, number);
        for (n, line) in wrap(label, 8.0, false, w - 16.0).iter().take(3).enumerate() {
            l.text(
                x + 10.0,
                l.y + 40.0 + n as f32 * 10.0,
                8.0,
                false,
                MUTED,
                line,
            );
        }
    }
    l.y += h + 12.0;
}

/// A row of colour swatches with their labels and numbers, wrapping at the content width.
fn legend(l: &mut Layout, items: &[(Colour, String)]) {
    let mut x = MARGIN;
    l.y += 4.0;
    for (colour, text) in items {
        let w = 13.0 + width(text, 8.5, false);
        if x > MARGIN && x + w > MARGIN + CONTENT_W {
            x = MARGIN;
            l.y += 14.0;
        }
        l.rect(x, l.y, 9.0, 9.0, *colour);
        l.text(x + 13.0, l.y + 8.0, 8.5, false, INK, text);
        x += w + 12.0;
    }
    l.y += 18.0;
}

fn status_by_theme(l: &mut Layout, r: &BoardReport) {
    let label_w = 100.0;
    let bar_w = CONTENT_W - label_w - 30.0;
    let most = r
        .stages
        .iter()
        .map(|(_, c)| c.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1);
    for (theme, counts) in &r.stages {
        l.text(MARGIN, l.y + 12.0, 10.0, false, INK, theme.label());
        let mut x = MARGIN + label_w;
        for (stage, n) in Stage::ALL.iter().zip(counts) {
            let w = *n as f32 * bar_w / most as f32;
            l.rect(x, l.y, w, 16.0, hex(stage.colour()));
            x += w;
        }
        let total: u32 = counts.iter().sum();
        l.text(x + 5.0, l.y + 12.0, 9.0, false, INK, &total.to_string());
        l.y += 22.0;
    }
    let items: Vec<(Colour, String)> = Stage::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n: u32 = r.stages.iter().map(|(_, c)| c[i]).sum();
            (hex(s.colour()), format!("{} {n}", s.label()))
        })
        .collect();
    legend(l, &items);
}

fn readiness_over_time(l: &mut Layout, r: &BoardReport) {
    let points = &r.readiness_over_time;
    let (left, plot_w, plot_h) = (MARGIN + 34.0, CONTENT_W - 50.0, 120.0);
    let top = l.y + 8.0;
    for step in [0u32, 25, 50, 75, 100] {
        let y = top + plot_h * (1.0 - step as f32 / 100.0);
        l.rect(left, y, plot_w, 0.5, RULE);
        let label = format!("{step}%");
        let w = width(&label, 8.0, false);
        l.text(left - 6.0 - w, y + 3.0, 8.0, false, MUTED, &label);
    }
    // Placed by date and named where there is room, as the window's and the pack's line.
    let along = crate::charts::along(points);
    let at = |i: usize| left + plot_w * along[i] as f32;
    let xs: Vec<f64> = (0..points.len()).map(|i| f64::from(at(i))).collect();
    let numbered = with_room(&xs, 28.0);
    let slots = label_slots(
        &xs,
        f64::from(MARGIN),
        f64::from(MARGIN + CONTENT_W),
        58.0,
        140.0,
    );
    let y_of = |score: f64| top + plot_h * (1.0 - score.clamp(0.0, 1.0) as f32);
    if points.len() > 1 {
        l.push(Op::Line {
            points: points
                .iter()
                .enumerate()
                .map(|(i, p)| (at(i), y_of(p.readiness.score)))
                .collect(),
            width: 2.0,
            colour: ACCENT,
        });
    }
    for (i, p) in points.iter().enumerate() {
        let (x, y) = (at(i), y_of(p.readiness.score));
        l.push(Op::Dot {
            x,
            y,
            r: 3.5,
            colour: ACCENT,
        });
        if numbered[i] {
            let label = pct(p.readiness.score);
            let w = width(&label, 8.5, true);
            l.text(
                x - w / 2.0,
                (y - 7.0).max(top - 2.0),
                8.5,
                true,
                INK,
                &label,
            );
        }
        let Some(slot) = slots[i] else {
            continue;
        };
        for (n, (text, size, colour)) in [
            (fit(&p.label, 8.0, false, slot.width as f32), 8.0, INK),
            (p.date.clone(), 7.5, MUTED),
        ]
        .into_iter()
        .enumerate()
        {
            let w = width(&text, size, false);
            let tx = match slot.anchor {
                Anchor::Start => x,
                Anchor::Middle => x - w / 2.0,
                Anchor::End => x - w,
            };
            l.text(
                tx,
                top + plot_h + 14.0 + f32::from(slot.row) * 24.0 + n as f32 * 11.0,
                size,
                false,
                colour,
                &text,
            );
        }
    }
    let second_row = slots.iter().flatten().any(|s| s.row > 0);
    l.y = top + plot_h + 34.0 + if second_row { 24.0 } else { 0.0 };
    if points.len() <= 1 {
        l.paragraph(
            "No snapshot yet: take one at each milestone to follow readiness over time.",
            8.5,
            MUTED,
        );
    }
}

fn freshness(l: &mut Layout, r: &BoardReport) {
    let f = &r.freshness;
    let parts = [
        (hex("#2e8b57"), f.valid, "valid".to_owned()),
        (
            hex("#e0a526"),
            f.expiring,
            format!("expiring within {} days", f.window_days),
        ),
        (hex("#d9534f"), f.expired, "expired".to_owned()),
        (hex("#8a94a3"), f.open_ended, "no end date".to_owned()),
    ];
    let total: u32 = parts.iter().map(|p| p.1).sum();
    if total == 0 {
        l.rect(MARGIN, l.y, CONTENT_W, 18.0, [0xee, 0xf1, 0xf5]);
        l.text(
            MARGIN + 8.0,
            l.y + 12.5,
            9.0,
            false,
            MUTED,
            "No evidence yet",
        );
    } else {
        let mut x = MARGIN;
        for (colour, n, _) in &parts {
            let w = *n as f32 * CONTENT_W / total as f32;
            l.rect(x, l.y, w, 18.0, *colour);
            x += w;
        }
    }
    l.y += 22.0;
    let items: Vec<(Colour, String)> = parts
        .iter()
        .map(|(c, n, label)| (*c, format!("{label} {n}")))
        .collect();
    legend(l, &items);
}

fn gaps(l: &mut Layout, r: &BoardReport) {
    l.heading("Top gaps", 60.0);
    if r.gaps.is_empty() {
        l.paragraph(
            "No gaps: every applicable control is implemented.",
            9.5,
            INK,
        );
        return;
    }
    l.paragraph(
        &format!(
            "Applicable and undecided controls furthest from done: not implemented first, then \
             not assessed, not decided, planned and partially implemented. {} in all.",
            r.gaps_total
        ),
        8.5,
        MUTED,
    );
    l.y += 4.0;
    let rows: Vec<Vec<String>> = r
        .gaps
        .iter()
        .map(|g| {
            let mut status = if g.applicable.is_none() {
                "Not decided".to_owned()
            } else {
                g.status.label().to_owned()
            };
            if g.late {
                status.push_str(" (late)");
            }
            vec![
                g.id.prefixed(),
                g.title.clone(),
                status,
                g.owner.clone().unwrap_or_else(|| "no one".into()),
                g.target_date.clone().unwrap_or_default(),
            ]
        })
        .collect();
    l.table(
        &["Control", "Title", "Where it stands", "Owner", "Target"],
        &[0.09, 0.35, 0.26, 0.17, 0.13],
        &rows,
    );
    let more = r.gaps_total as usize - r.gaps.len().min(r.gaps_total as usize);
    if more > 0 {
        l.y += 4.0;
        l.paragraph(
            &format!("…and {more} more in the gap register of the audit pack."),
            8.5,
            MUTED,
        );
    }
}

fn late_actions(l: &mut Layout, r: &BoardReport) {
    l.heading("Late actions", 40.0);
    if r.late_actions.is_empty() {
        l.paragraph("No action is past its due date.", 9.5, INK);
        return;
    }
    // The most overdue first; a board reads the first few, the rest are counted.
    let mut late: Vec<&crate::assessment::Action> = r.late_actions.iter().collect();
    late.sort_by(|a, b| a.due_date.cmp(&b.due_date).then(a.id.cmp(&b.id)));
    let rows: Vec<Vec<String>> = late
        .iter()
        .take(TOP_ACTIONS)
        .map(|a| {
            vec![
                format!("#{}", a.id),
                a.title.clone(),
                id_list(&a.controls),
                a.assignee.clone().unwrap_or_else(|| "no one".into()),
                a.due_date.clone().unwrap_or_default(),
            ]
        })
        .collect();
    l.table(
        &["#", "Action", "Controls", "Assignee", "Due"],
        &[0.07, 0.45, 0.18, 0.17, 0.13],
        &rows,
    );
    if late.len() > TOP_ACTIONS {
        l.y += 4.0;
        l.paragraph(
            &format!(
                "…and {} more late actions in the action plan of the audit pack.",
                late.len() - TOP_ACTIONS
            ),
            8.5,
            MUTED,
        );
    }
}

/// The risk register: the heat maps now and residual (the same numbers and colours as the
/// window's and the pack's), the risks above the criteria, and what an auditor would flag.
fn risks(l: &mut Layout, r: &BoardReport) {
    let k = &r.risks;
    l.heading("Risks", 60.0);
    let m = &k.method;
    if k.open == 0 {
        l.paragraph("The risk register holds no open risk yet.", 9.5, INK);
    } else {
        l.paragraph(
            &format!(
                "{} open risks, {} of them above what the criteria accept (up to {}).",
                k.open, k.above_total, m.acceptable
            ),
            9.5,
            INK,
        );
        let cells = m.cells();
        let (cell_w, cell_h) = (24.0, 15.0);
        let rows = m.likelihood.len();
        let grid_h = rows as f32 * cell_h;
        l.room(grid_h + 40.0);
        l.y += 6.0;
        let top = l.y;
        for (n, (name, counts)) in [("Now", &k.now), ("Residual", &k.residual)]
            .into_iter()
            .enumerate()
        {
            let left = MARGIN + 28.0 + n as f32 * (CONTENT_W / 2.0);
            l.text(left, top + 8.0, 9.0, true, INK, name);
            for (row, li) in (0..rows).rev().enumerate() {
                let y = top + 14.0 + row as f32 * cell_h;
                l.text(
                    left - 12.0,
                    y + 11.0,
                    8.0,
                    false,
                    MUTED,
                    &(li + 1).to_string(),
                );
                for (ii, cell) in cells[li].iter().enumerate() {
                    let x = left + ii as f32 * cell_w;
                    let colour = m.bands.get(cell.band).map_or(MUTED, |b| hex(&b.colour));
                    l.rect(x, y, cell_w - 1.0, cell_h - 1.0, colour);
                    let c = counts[li][ii];
                    if c > 0 {
                        // A light patch under the count: readable on every level's colour.
                        l.rect(x + 4.0, y + 2.0, cell_w - 9.0, cell_h - 5.0, hex("#ffffff"));
                        l.text(x + 6.0, y + 11.0, 8.5, true, INK, &c.to_string());
                    }
                }
            }
            l.text(
                left,
                top + 28.0 + grid_h,
                8.0,
                false,
                MUTED,
                "impact left to right, likelihood upwards",
            );
        }
        l.y = top + 36.0 + grid_h;
        let items: Vec<(Colour, String)> = m
            .bands
            .iter()
            .map(|b| (hex(&b.colour), b.name.clone()))
            .collect();
        legend(l, &items);
        if !k.above.is_empty() {
            let rows: Vec<Vec<String>> = k
                .above
                .iter()
                .map(|x| {
                    vec![
                        x.id.clone(),
                        x.title.clone(),
                        x.owner.clone().unwrap_or_else(|| "no one".into()),
                        x.level.clone(),
                        x.target_level.clone().unwrap_or_else(|| "–".into()),
                    ]
                })
                .collect();
            l.table(
                &["Risk", "Above the criteria", "Owner", "Now", "Target"],
                &[0.1, 0.46, 0.2, 0.12, 0.12],
                &rows,
            );
            if k.above_total as usize > k.above.len() {
                l.y += 4.0;
                l.paragraph(
                    &format!(
                        "…and {} more risks above the criteria in the audit pack's risk register.",
                        k.above_total as usize - k.above.len()
                    ),
                    8.5,
                    MUTED,
                );
            }
        }
    }
    l.y += 6.0;
    if k.findings.is_empty() {
        l.paragraph(
            "Nothing on the register for an auditor to flag: criteria adopted, every risk \
             owned, plans approved and residual risks accepted.",
            9.5,
            INK,
        );
    } else {
        l.paragraph(
            &format!("What an auditor would flag ({}):", k.findings.len()),
            9.5,
            INK,
        );
        for f in k.findings.iter().take(TOP_ACTIONS) {
            l.paragraph(&format!("• {f}"), 9.0, INK);
        }
        if k.findings.len() > TOP_ACTIONS {
            l.paragraph(
                &format!("…and {} more.", k.findings.len() - TOP_ACTIONS),
                8.5,
                MUTED,
            );
        }
    }
}

fn owners(l: &mut Layout, r: &BoardReport) {
    l.heading("Owners", 40.0);
    if r.owners.is_empty() {
        l.paragraph("No control has an owner yet.", 9.5, INK);
    } else {
        let rows: Vec<Vec<String>> = r
            .owners
            .iter()
            .map(|o| {
                vec![
                    o.name.clone(),
                    o.controls.to_string(),
                    pct(o.readiness.score),
                    o.late_controls.to_string(),
                    o.late_actions.to_string(),
                ]
            })
            .collect();
        l.table(
            &[
                "Owner",
                "Controls",
                "Readiness",
                "Late controls",
                "Late actions",
            ],
            &[0.4, 0.14, 0.14, 0.16, 0.16],
            &rows,
        );
    }
    l.y += 6.0;
    let unowned = &r.unowned_applicable;
    let text = if r.readiness.applicable == 0 {
        "No control is marked applicable yet, so none is waiting for an owner.".to_owned()
    } else if unowned.is_empty() {
        "Every applicable control has an owner.".to_owned()
    } else {
        format!(
            "{} applicable controls have no owner: {}.",
            unowned.len(),
            id_list(unowned)
        )
    };
    l.paragraph(&text, 9.5, INK);
}

fn soa(l: &mut Layout, r: &BoardReport) {
    l.heading("Statement of Applicability", 40.0);
    let mut text = format!(
        "{} of {} controls decided; {} excluded",
        r.decided, r.controls, r.excluded
    );
    if r.excluded_without_justification > 0 {
        text.push_str(&format!(
            ", {} of them without a justification yet",
            r.excluded_without_justification
        ));
    }
    text.push('.');
    if r.missing_documents > 0 {
        text.push_str(&format!(
            " {} required documents of clauses 4 to 10 are not recorded as present.",
            r.missing_documents
        ));
    } else {
        text.push_str(" Every required document of clauses 4 to 10 is recorded as present.");
    }
    l.paragraph(&text, 9.5, INK);
    l.y += 8.0;
    l.paragraph(
        &format!(
            "Made by Annexa {} from the workspace as it stood on {}. The audit pack holds the \
             full Statement of Applicability, gap register, actions, evidence and history.",
            crate::VERSION,
            r.today
        ),
        8.0,
        MUTED,
    );
}

//! The risk heat map: likelihood up, impact across, each cell in the colour of its risk level
//! and with the number of risks rated there. Drawn once here for the window, the audit pack and
//! the board report, like the other charts.

use super::{Chart, WIDTH, esc, legend, short, svg};
use crate::risks::{Risk, RiskMethod, RiskStatus};

const LABEL_W: u32 = 96;
const CELL_H: u32 = 34;
/// Ink on the light disc that carries each count: readable on every level's colour.
const INK: &str = "#1b2430";

/// The heat map of `ratings` (likelihood, impact) on `method`, titled `title` ("Risks now",
/// "Residual risks"). A rating off the method's scales is left out (the core never stores one).
pub fn risk_heat_map(method: &RiskMethod, ratings: &[(u8, u8)], title: &str) -> Chart {
    let rows = method.likelihood.len();
    let cols = method.impact.len();
    let cells = method.cells();
    let counts = heat_counts(method, ratings);
    let cell_w = (WIDTH - LABEL_W) / cols as u32;
    let mut body = String::new();
    let mut said = Vec::new();
    // Likelihood from the top (highest) down.
    for (row, l) in (0..rows).rev().enumerate() {
        let y = row as u32 * CELL_H;
        body.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"11\" fill=\"currentColor\">{} {}</text>",
            y + CELL_H / 2 + 4,
            l + 1,
            esc(&short(&method.likelihood[l].name, 12))
        ));
        for i in 0..cols {
            let rating = &cells[l][i];
            let colour = method
                .bands
                .get(rating.band)
                .map_or("#888888", |b| b.colour.as_str());
            let x = LABEL_W + i as u32 * cell_w;
            let n = counts[l][i];
            body.push_str(&format!(
                "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{colour}\" \
                 stroke=\"#ffffff\"><title>Likelihood {} ({}), impact {} ({}): {} ({n} \
                 {})</title></rect>",
                cell_w,
                CELL_H,
                l + 1,
                esc(&method.likelihood[l].name),
                i + 1,
                esc(&method.impact[i].name),
                esc(&rating.level),
                if n == 1 { "risk" } else { "risks" }
            ));
            if n > 0 {
                let (cx, cy) = (x + cell_w / 2, y + CELL_H / 2);
                body.push_str(&format!(
                    "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"11\" fill=\"#ffffff\"/>\
                     <text x=\"{cx}\" y=\"{}\" font-size=\"12\" font-weight=\"bold\" \
                     text-anchor=\"middle\" fill=\"{INK}\">{n}</text>",
                    cy + 4
                ));
                said.push(format!(
                    "{n} at likelihood {} and impact {} ({})",
                    l + 1,
                    i + 1,
                    rating.level
                ));
            }
        }
    }
    let grid_bottom = rows as u32 * CELL_H;
    for i in 0..cols {
        body.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" \
             fill=\"currentColor\">{} {}</text>",
            LABEL_W + i as u32 * cell_w + cell_w / 2,
            grid_bottom + 14,
            i + 1,
            esc(&short(&method.impact[i].name, 9))
        ));
    }
    body.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" \
         fill=\"currentColor\">impact →</text>\
         <text x=\"0\" y=\"{}\" font-size=\"11\" fill=\"currentColor\">↑ likelihood</text>",
        LABEL_W + (WIDTH - LABEL_W) / 2,
        grid_bottom + 30,
        grid_bottom + 30
    ));
    // The levels with how many risks are in each.
    let per_band: Vec<(&str, String)> = method
        .bands
        .iter()
        .enumerate()
        .map(|(b, band)| {
            let n: u32 = (0..rows)
                .flat_map(|l| (0..cols).map(move |i| (l, i)))
                .filter(|&(l, i)| cells[l][i].band == b)
                .map(|(l, i)| counts[l][i])
                .sum();
            (band.colour.as_str(), format!("{} {n}", band.name))
        })
        .collect();
    let height = legend(&mut body, grid_bottom + 42, &per_band);
    let total: u32 = counts.iter().flatten().sum();
    let summary = if total == 0 {
        "No risk is rated yet.".to_owned()
    } else {
        format!(
            "{total} {}: {}.",
            if total == 1 { "risk" } else { "risks" },
            said.join("; ")
        )
    };
    Chart {
        title: title.into(),
        svg: svg(title, &summary, height, &body),
        summary,
    }
}

/// How many of `ratings` fall in each cell: likelihood rows lowest first, impact columns
/// lowest first (the heat map's numbers, for the board report's PDF to draw the same map).
pub fn heat_counts(method: &RiskMethod, ratings: &[(u8, u8)]) -> Vec<Vec<u32>> {
    let mut counts = vec![vec![0u32; method.impact.len()]; method.likelihood.len()];
    for &(l, i) in ratings {
        if let Some(cell) = counts
            .get_mut(usize::from(l).wrapping_sub(1))
            .and_then(|row| row.get_mut(usize::from(i).wrapping_sub(1)))
        {
            *cell += 1;
        }
    }
    counts
}

/// The register's two heat maps, as the window, the pack and the board report show them: the
/// open risks as rated now, and their residual risk (the target until the treatment is done).
/// Closed risks are left out of both.
pub fn risk_heat_maps(method: &RiskMethod, risks: &[Risk]) -> [Chart; 2] {
    let open: Vec<&Risk> = risks
        .iter()
        .filter(|r| r.status != RiskStatus::Closed)
        .collect();
    let now: Vec<(u8, u8)> = open.iter().map(|r| (r.likelihood, r.impact)).collect();
    let residual: Vec<(u8, u8)> = open.iter().map(|r| r.residual_rating()).collect();
    [
        risk_heat_map(method, &now, "Risks now"),
        risk_heat_map(method, &residual, "Residual risks"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cell_counts_its_risks_in_its_levels_colour() {
        let method = RiskMethod::preset("5x5").expect("5x5");
        let chart = risk_heat_map(&method, &[(4, 5), (4, 5), (1, 1), (9, 9)], "Risks now");
        assert_eq!(
            chart.summary,
            "3 risks: 2 at likelihood 4 and impact 5 (critical); 1 at likelihood 1 and impact 1 \
             (low)."
        );
        // 25 cells, two of them with a count on a disc.
        assert_eq!(
            chart.svg.matches("<rect x=\"").count() - 4,
            25,
            "and 4 legend swatches"
        );
        assert_eq!(chart.svg.matches("<circle").count(), 2);
        assert!(chart.svg.contains(">critical 2</text>"), "{}", chart.svg);
        assert!(chart.svg.contains(">low 1</text>"));
        // The highest likelihood is the top row: cell (5, 5) is drawn first, at y = 0.
        assert!(chart.svg.contains("y=\"0\" width"));
        let first_cell = chart.svg.find("<rect").expect("a cell");
        assert!(chart.svg[first_cell..].starts_with(&format!("<rect x=\"{LABEL_W}\" y=\"0\"")));
        assert!(chart.svg[first_cell..].contains("Likelihood 5 (Almost certain), impact 1"));
        let none = risk_heat_map(&method, &[], "Residual risks");
        assert_eq!(none.summary, "No risk is rated yet.");
    }
}

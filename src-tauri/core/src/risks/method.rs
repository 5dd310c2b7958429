//! The risk method (ISO/IEC 27001 6.1.2 a and b): the scales a risk is rated on, the levels a
//! rating falls in and which of them the organisation accepts, how often the assessment is
//! repeated and what triggers a new one. Pure: the workspace keeps it as one JSON document
//! (see `store.rs`), and a method can be printed, edited and given back whole
//! (`annexa risks method --format json`, `--from FILE`).

use serde::{Deserialize, Serialize};

/// The fewest and the most levels a scale may have.
pub const SCALE_LEVELS: std::ops::RangeInclusive<usize> = 3..=6;

/// One level of a scale: its name and what it means for this organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleLevel {
    pub name: String,
    pub description: String,
}

/// A risk level: a named band with its colour. Without a custom matrix a rating of
/// likelihood × impact falls in the first band whose `up_to` it does not exceed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
    pub up_to: u32,
}

/// How a workspace rates its risks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskMethod {
    /// `3x3`, `4x4`, `5x5`, or `custom` once changed from a preset.
    pub preset: String,
    /// Lowest first; a risk's likelihood is a number from 1 to the number of levels.
    pub likelihood: Vec<ScaleLevel>,
    pub impact: Vec<ScaleLevel>,
    /// Lowest first.
    pub bands: Vec<Band>,
    /// A level for each cell, by band name: one row per likelihood (lowest first), one column
    /// per impact (lowest first). Absent: likelihood × impact against the bands' `up_to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix: Option<Vec<Vec<String>>>,
    /// The highest band whose risks are acceptable without treatment.
    pub acceptable: String,
    /// How often the whole assessment is repeated, in months.
    pub review_months: u32,
    /// What makes the organisation assess again before then.
    #[serde(default)]
    pub triggers: String,
}

/// A rating on a method: the two numbers and the band they fall in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    pub likelihood: u8,
    pub impact: u8,
    /// The band's position, lowest 0.
    pub band: usize,
    pub level: String,
    pub acceptable: bool,
}

fn levels(items: &[(&str, &str)]) -> Vec<ScaleLevel> {
    items
        .iter()
        .map(|(name, description)| ScaleLevel {
            name: (*name).to_owned(),
            description: (*description).to_owned(),
        })
        .collect()
}

fn bands(items: &[(&str, &str, u32)]) -> Vec<Band> {
    items
        .iter()
        .map(|(name, colour, up_to)| Band {
            name: (*name).to_owned(),
            colour: (*colour).to_owned(),
            up_to: *up_to,
        })
        .collect()
}

const GREEN: &str = "#2e7d32";
const AMBER: &str = "#b58a00";
const ORANGE: &str = "#e65100";
const RED: &str = "#b71c1c";

const TRIGGERS: &str = "a major change to the organisation, its systems or its suppliers; a \
                        serious incident; a new legal or contractual requirement";

/// The names of the presets, smallest first.
pub const PRESETS: [&str; 3] = ["3x3", "4x4", "5x5"];

impl RiskMethod {
    /// A preset by its name: a starting point that the organisation then adopts (or adapts).
    pub fn preset(name: &str) -> Option<RiskMethod> {
        let (likelihood, impact, bands) = match name {
            "3x3" => (
                levels(&[
                    ("Low", "Not expected in the next three years"),
                    ("Medium", "Could happen once in the next three years"),
                    ("High", "Expected at least once a year"),
                ]),
                levels(&[
                    (
                        "Low",
                        "Noticed inside the team; no customer or legal consequence",
                    ),
                    (
                        "Medium",
                        "Customers or partners notice; cost or delay within budget",
                    ),
                    (
                        "High",
                        "Legal, contractual or financial harm, or lasting loss of trust",
                    ),
                ]),
                bands(&[("low", GREEN, 2), ("medium", AMBER, 4), ("high", RED, 9)]),
            ),
            "4x4" => (
                levels(&[
                    ("Unlikely", "Not expected in the next five years"),
                    ("Possible", "Could happen once in the next three years"),
                    ("Likely", "Expected about once a year"),
                    ("Almost certain", "Expected several times a year"),
                ]),
                levels(&[
                    ("Minor", "Handled in the day's work; nobody outside notices"),
                    (
                        "Moderate",
                        "Some customers notice; cost within the team's budget",
                    ),
                    (
                        "Major",
                        "Many customers or a regulator notice; a cost the board hears of",
                    ),
                    (
                        "Severe",
                        "Legal action, a large fine or a loss the business may not survive",
                    ),
                ]),
                bands(&[
                    ("low", GREEN, 3),
                    ("medium", AMBER, 6),
                    ("high", ORANGE, 9),
                    ("critical", RED, 16),
                ]),
            ),
            "5x5" => (
                levels(&[
                    ("Rare", "Not expected in the next ten years"),
                    ("Unlikely", "Could happen once in the next five years"),
                    ("Possible", "Could happen once in the next two years"),
                    ("Likely", "Expected about once a year"),
                    ("Almost certain", "Expected several times a year"),
                ]),
                levels(&[
                    ("Negligible", "No one outside the team notices"),
                    (
                        "Minor",
                        "A few customers notice; a cost within the team's budget",
                    ),
                    (
                        "Moderate",
                        "Customers complain; a cost the department must cover",
                    ),
                    (
                        "Major",
                        "A regulator or many customers involved; the board must act",
                    ),
                    (
                        "Severe",
                        "Legal action, a large fine or a loss the business may not survive",
                    ),
                ]),
                bands(&[
                    ("low", GREEN, 4),
                    ("medium", AMBER, 9),
                    ("high", ORANGE, 16),
                    ("critical", RED, 25),
                ]),
            ),
            _ => return None,
        };
        Some(RiskMethod {
            preset: name.to_owned(),
            likelihood,
            impact,
            bands,
            matrix: None,
            acceptable: "low".to_owned(),
            review_months: 12,
            triggers: TRIGGERS.to_owned(),
        })
    }

    /// What is wrong with the method, in words, if anything.
    pub fn problem(&self) -> Option<String> {
        for (what, scale) in [("likelihood", &self.likelihood), ("impact", &self.impact)] {
            if !SCALE_LEVELS.contains(&scale.len()) {
                return Some(format!(
                    "the {what} scale has {} levels; it needs {} to {}",
                    scale.len(),
                    SCALE_LEVELS.start(),
                    SCALE_LEVELS.end()
                ));
            }
            if let Some(level) = scale.iter().find(|l| l.name.trim().is_empty()) {
                return Some(format!(
                    "a level of the {what} scale has no name (its description: {:?})",
                    level.description
                ));
            }
            if let Some(name) = duplicate(scale.iter().map(|l| l.name.as_str())) {
                return Some(format!("the {what} scale names {name:?} twice"));
            }
        }
        if self.bands.len() < 2 {
            return Some("a method needs at least two risk levels".to_owned());
        }
        if let Some(band) = self.bands.iter().find(|b| b.name.trim().is_empty()) {
            return Some(format!("a risk level has no name (colour {})", band.colour));
        }
        if let Some(name) = duplicate(self.bands.iter().map(|b| b.name.as_str())) {
            return Some(format!("the risk level {name:?} is named twice"));
        }
        if let Some(band) = self.bands.iter().find(|b| !is_colour(&b.colour)) {
            return Some(format!(
                "the risk level {:?} has the colour {:?}; write it #rrggbb",
                band.name, band.colour
            ));
        }
        if self.band_index(&self.acceptable).is_none() {
            return Some(format!(
                "the acceptable level {:?} is not one of the risk levels ({})",
                self.acceptable,
                self.band_names()
            ));
        }
        if !(1..=36).contains(&self.review_months) {
            return Some(format!(
                "the assessment is repeated every {} months; give 1 to 36",
                self.review_months
            ));
        }
        match &self.matrix {
            Some(rows) => {
                if rows.len() != self.likelihood.len()
                    || rows.iter().any(|r| r.len() != self.impact.len())
                {
                    return Some(format!(
                        "the matrix needs {} rows (likelihood) of {} cells (impact)",
                        self.likelihood.len(),
                        self.impact.len()
                    ));
                }
                for (l, row) in rows.iter().enumerate() {
                    for (i, cell) in row.iter().enumerate() {
                        if self.band_index(cell).is_none() {
                            return Some(format!(
                                "the matrix cell of likelihood {} and impact {} is {cell:?}, \
                                 not one of the risk levels ({})",
                                l + 1,
                                i + 1,
                                self.band_names()
                            ));
                        }
                    }
                }
            }
            None => {
                if self.bands.windows(2).any(|w| w[0].up_to >= w[1].up_to) {
                    return Some(
                        "the risk levels' upper bounds must rise from one to the next".into(),
                    );
                }
                let most = (self.likelihood.len() * self.impact.len()) as u32;
                let last = self.bands.last().map_or(0, |b| b.up_to);
                if last < most {
                    return Some(format!(
                        "the highest risk level ends at {last}, below the highest rating, {most}"
                    ));
                }
            }
        }
        None
    }

    fn band_index(&self, name: &str) -> Option<usize> {
        self.bands.iter().position(|b| b.name == name)
    }

    fn band_names(&self) -> String {
        self.bands
            .iter()
            .map(|b| b.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The rating of `likelihood` and `impact`, or what is wrong with them.
    pub fn rate(&self, likelihood: u8, impact: u8) -> Result<Rating, String> {
        for (what, value, scale) in [
            ("a likelihood", likelihood, &self.likelihood),
            ("an impact", impact, &self.impact),
        ] {
            if value == 0 || usize::from(value) > scale.len() {
                return Err(format!(
                    "{what} of {value} is outside the scale: 1 ({}) to {} ({})",
                    scale.first().map_or("", |l| l.name.as_str()),
                    scale.len(),
                    scale.last().map_or("", |l| l.name.as_str()),
                ));
            }
        }
        let band = match &self.matrix {
            Some(rows) => rows[usize::from(likelihood) - 1][usize::from(impact) - 1].as_str(),
            None => {
                let score = u32::from(likelihood) * u32::from(impact);
                self.bands
                    .iter()
                    .find(|b| score <= b.up_to)
                    .or(self.bands.last())
                    .map_or("", |b| b.name.as_str())
            }
        };
        let index = self.band_index(band).unwrap_or(0);
        Ok(Rating {
            likelihood,
            impact,
            band: index,
            level: band.to_owned(),
            acceptable: self
                .band_index(&self.acceptable)
                .is_some_and(|a| index <= a),
        })
    }

    /// The band of every cell, likelihood rows lowest first: the heat map's background.
    pub fn cells(&self) -> Vec<Vec<Rating>> {
        (1..=self.likelihood.len() as u8)
            .map(|l| {
                (1..=self.impact.len() as u8)
                    .filter_map(|i| self.rate(l, i).ok())
                    .collect()
            })
            .collect()
    }
}

fn duplicate<'a>(names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = std::collections::BTreeSet::new();
    names
        .into_iter()
        .find(|n| !seen.insert(n.trim().to_lowercase()))
}

fn is_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(m: &RiskMethod, l: u8, i: u8) -> String {
        m.rate(l, i).expect("in scale").level
    }

    #[test]
    fn the_presets_are_sound_and_rate_as_the_issue_gives_them() {
        for name in PRESETS {
            let m = RiskMethod::preset(name).expect("preset");
            assert_eq!(m.problem(), None, "{name}");
            assert_eq!(m.acceptable, "low");
        }
        let m = RiskMethod::preset("5x5").expect("5x5");
        // low 1–4, medium 5–9, high 10–16, critical 20–25.
        for (l, i, expected) in [
            (1, 1, "low"),
            (2, 2, "low"),
            (1, 4, "low"),
            (1, 5, "medium"),
            (3, 3, "medium"),
            (2, 5, "high"),
            (4, 4, "high"),
            (4, 5, "critical"),
            (5, 5, "critical"),
        ] {
            assert_eq!(level(&m, l, i), expected, "{l} × {i}");
        }
        assert!(m.rate(2, 2).expect("rated").acceptable);
        assert!(!m.rate(1, 5).expect("rated").acceptable);
        assert_eq!(
            level(&RiskMethod::preset("3x3").expect("3x3"), 3, 3),
            "high"
        );
        assert_eq!(
            level(&RiskMethod::preset("4x4").expect("4x4"), 3, 4),
            "critical"
        );
        assert!(RiskMethod::preset("6x6").is_none());
    }

    #[test]
    fn a_rating_outside_the_scale_is_refused_in_words() {
        let m = RiskMethod::preset("3x3").expect("3x3");
        let e = m.rate(4, 1).expect_err("likelihood 4 of 3");
        assert_eq!(
            e,
            "a likelihood of 4 is outside the scale: 1 (Low) to 3 (High)"
        );
        let e = m.rate(1, 0).expect_err("impact 0");
        assert_eq!(
            e,
            "an impact of 0 is outside the scale: 1 (Low) to 3 (High)"
        );
    }

    #[test]
    fn a_custom_matrix_gives_each_cell_its_level() {
        let mut m = RiskMethod::preset("3x3").expect("3x3");
        m.preset = "custom".into();
        m.matrix = Some(vec![
            vec!["low".into(), "low".into(), "high".into()],
            vec!["low".into(), "medium".into(), "high".into()],
            vec!["medium".into(), "high".into(), "high".into()],
        ]);
        assert_eq!(m.problem(), None);
        assert_eq!(level(&m, 1, 3), "high");
        assert_eq!(level(&m, 3, 1), "medium");
        m.matrix = Some(vec![vec!["low".into(); 3]; 2]);
        assert_eq!(
            m.problem().as_deref(),
            Some("the matrix needs 3 rows (likelihood) of 3 cells (impact)")
        );
        m.matrix = Some(vec![vec!["low".into(), "severe".into(), "low".into()]; 3]);
        assert!(m.problem().expect("unknown level").contains("\"severe\""));
    }

    #[test]
    fn a_broken_method_says_what_is_wrong() {
        let fine = RiskMethod::preset("5x5").expect("5x5");
        let check = |change: fn(&mut RiskMethod), expected: &str| {
            let mut m = fine.clone();
            change(&mut m);
            let problem = m.problem().unwrap_or_default();
            assert!(problem.contains(expected), "{problem:?} lacks {expected:?}");
        };
        check(|m| m.likelihood.truncate(2), "needs 3 to 6");
        check(
            |m| m.impact[1].name = "Negligible".into(),
            "names \"Negligible\" twice",
        );
        check(|m| m.bands[0].colour = "green".into(), "#rrggbb");
        check(
            |m| m.acceptable = "tolerable".into(),
            "not one of the risk levels",
        );
        check(|m| m.bands[3].up_to = 20, "below the highest rating, 25");
        check(|m| m.bands[1].up_to = 4, "must rise");
        check(|m| m.review_months = 0, "give 1 to 36");
    }
}

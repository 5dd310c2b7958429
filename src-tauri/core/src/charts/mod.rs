//! Charts drawn as SVG by the core, so that the window's dashboard and the audit pack's
//! `index.html` show the same pictures from the same numbers: the status of the controls by
//! theme, readiness over time from the snapshots, and how fresh the evidence is.
//!
//! Each chart carries its numbers beside the picture (a legend with counts inside the SVG, and
//! the same in words as `summary`), draws text in `currentColor` so that it reads in a dark
//! theme, and uses presentation attributes only (no `style`), so that a strict content
//! security policy allows it. Everything from a workspace is escaped.

use crate::assessment::{ControlAssessment, Readiness};
use crate::catalogue::vocabulary::{EvidenceStatus, Status, Theme};
use crate::store::{Workspace, WorkspaceError};

mod heat_map;
#[cfg(test)]
mod tests;

pub use heat_map::{heat_counts, risk_heat_map, risk_heat_maps};

/// One chart: its title, the SVG markup, and what it shows in words (for screen readers and
/// for anyone who would rather read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub title: String,
    pub svg: String,
    pub summary: String,
}

/// Escapes text for HTML and SVG element content and quoted attribute values. A character
/// that would reorder or break the text around it unseen (a bidirectional override that
/// shows `evil` as `live`, a line separator) is shown as its code, `[U+202E]`, instead.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::text::reorders_or_hides(c) => {
                out.push_str(&format!("[U+{:04X}]", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Where a control stands, in the order the bars stack: done first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Implemented,
    Partial,
    Planned,
    NotImplemented,
    NotAssessed,
    Excluded,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Implemented,
        Stage::Partial,
        Stage::Planned,
        Stage::NotImplemented,
        Stage::NotAssessed,
        Stage::Excluded,
    ];

    pub fn of(c: &ControlAssessment) -> Stage {
        if c.applicable == Some(false) {
            return Stage::Excluded;
        }
        match c.status {
            Status::Implemented => Stage::Implemented,
            Status::PartiallyImplemented => Stage::Partial,
            Status::Planned => Stage::Planned,
            Status::NotImplemented => Stage::NotImplemented,
            Status::NotAssessed => Stage::NotAssessed,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Implemented => "implemented",
            Stage::Partial => "partially implemented",
            Stage::Planned => "planned",
            Stage::NotImplemented => "not implemented",
            Stage::NotAssessed => "not assessed",
            Stage::Excluded => "excluded",
        }
    }

    /// Mid-tone colours that read on a light and on a dark background alike.
    pub fn colour(self) -> &'static str {
        match self {
            Stage::Implemented => "#2e8b57",
            Stage::Partial => "#8fbc5a",
            Stage::Planned => "#e0a526",
            Stage::NotImplemented => "#d9534f",
            Stage::NotAssessed => "#8a94a3",
            Stage::Excluded => "#c3cad3",
        }
    }
}

/// How many controls of each theme are at each stage, themes in catalogue order and stages
/// in [`Stage::ALL`]'s order.
pub fn stages_by_theme(controls: &[ControlAssessment]) -> Vec<(Theme, [u32; 6])> {
    Theme::ALL
        .iter()
        .map(|theme| {
            let mut counts = [0u32; 6];
            for c in controls.iter().filter(|c| c.id.theme() == Some(*theme)) {
                let stage = Stage::of(c);
                if let Some(i) = Stage::ALL.iter().position(|s| *s == stage) {
                    counts[i] += 1;
                }
            }
            (*theme, counts)
        })
        .collect()
}

const WIDTH: u32 = 400;

/// A legend row of swatches and labels with their numbers, at `y`, wrapping at the width.
fn legend(out: &mut String, y: u32, items: &[(&str, String)]) -> u32 {
    let (mut x, mut y) = (0u32, y);
    for (colour, text) in items {
        let w = 20 + 7 * text.chars().count() as u32;
        if x > 0 && x + w > WIDTH {
            x = 0;
            y += 20;
        }
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"currentColor\">{}</text>",
            y,
            x + 17,
            y + 11,
            esc(text)
        ));
        x += w + 8;
    }
    y + 20
}

fn svg(title: &str, summary: &str, height: u32, body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" role=\"img\" aria-label=\"{}\" font-family=\"system-ui, sans-serif\">\
         <title>{}</title><desc>{}</desc>{body}</svg>",
        esc(title),
        esc(title),
        esc(summary)
    )
}

/// Stacked bars, one per theme: how many of its controls are implemented, partially
/// implemented, planned, not implemented, not assessed, or excluded.
pub fn status_by_theme(controls: &[ControlAssessment]) -> Chart {
    let title = "Status of the controls by theme";
    let stages = stages_by_theme(controls);
    let label_w = 100;
    let bar_w = WIDTH - label_w - 40;
    let most = stages
        .iter()
        .map(|(_, counts)| counts.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut body = String::new();
    let mut lines = Vec::new();
    for (row, (theme, counts)) in stages.iter().enumerate() {
        let y = 4 + row as u32 * 30;
        body.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"13\" fill=\"currentColor\">{}</text>",
            y + 14,
            esc(theme.as_str())
        ));
        let mut x = f64::from(label_w);
        let mut parts = Vec::new();
        let mut total = 0;
        for (stage, &n) in Stage::ALL.iter().zip(counts) {
            total += n;
            if n == 0 {
                continue;
            }
            parts.push(format!("{n} {}", stage.label()));
            let w = f64::from(n) * f64::from(bar_w) / f64::from(most);
            body.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"20\" fill=\"{}\">\
                 <title>{}: {n} {}</title></rect>",
                stage.colour(),
                esc(theme.as_str()),
                stage.label()
            ));
            x += w;
        }
        body.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"12\" fill=\"currentColor\">{total}</text>",
            x + 6.0,
            y + 14
        ));
        lines.push(format!("{}: {}", theme.as_str(), parts.join(", ")));
    }
    let totals: Vec<(&str, String)> = Stage::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n: u32 = stages.iter().map(|(_, counts)| counts[i]).sum();
            (s.colour(), format!("{} {n}", s.label()))
        })
        .collect();
    let height = legend(&mut body, 4 + 4 * 30 + 6, &totals);
    let summary = format!("{}.", lines.join("; "));
    Chart {
        title: title.into(),
        svg: svg(title, &summary, height, &body),
        summary,
    }
}

/// One point of readiness over time: a snapshot (or "now") and its readiness.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadinessPoint {
    pub label: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub readiness: Readiness,
}

/// A line through the readiness of each snapshot, oldest first, and of the state now.
pub fn readiness_over_time(points: &[ReadinessPoint]) -> Chart {
    let title = "Readiness over time";
    let (left, top, plot_w, plot_h) = (40.0, 10.0, f64::from(WIDTH) - 60.0, 150.0);
    let mut body = String::new();
    for pct in [0u32, 25, 50, 75, 100] {
        let y = top + plot_h * (1.0 - f64::from(pct) / 100.0);
        body.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"currentColor\" \
             stroke-opacity=\"0.15\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" \
             text-anchor=\"end\" fill=\"currentColor\">{pct}%</text>",
            left + plot_w,
            left - 6.0,
            y + 4.0
        ));
    }
    let along = along(points);
    let at = |i: usize| left + plot_w * along[i];
    let y_of = |score: f64| top + plot_h * (1.0 - score.clamp(0.0, 1.0));
    if points.len() > 1 {
        let path: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", at(i), y_of(p.readiness.score)))
            .collect();
        body.push_str(&format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#3b7dd8\" stroke-width=\"2.5\"/>",
            path.join(" ")
        ));
    }
    let mut words = Vec::new();
    // Names under the line, and percentages over it, only where there is room: the last
    // point always, the others from the left when far enough from the one named before and
    // from the last. Every point keeps its number in its tooltip and in the words below.
    let xs: Vec<f64> = (0..points.len()).map(at).collect();
    let numbered = with_room(&xs, 30.0);
    let slots = label_slots(&xs, 4.0, f64::from(WIDTH) - 4.0, 62.0, 156.0);
    // A second row of names, where one was needed, lies below the first.
    const ROW: f64 = 28.0;
    let rows = if slots.iter().flatten().any(|s| s.row > 0) {
        1.0
    } else {
        0.0
    };
    for (i, p) in points.iter().enumerate() {
        let pct = (p.readiness.score * 100.0).round();
        let (x, y) = (at(i), y_of(p.readiness.score));
        body.push_str(&format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" fill=\"#3b7dd8\"><title>{}, {}: \
             {pct}%</title></circle>",
            esc(&p.label),
            esc(&p.date),
        ));
        if numbered[i] {
            body.push_str(&format!(
                "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" \
                 fill=\"currentColor\">{pct}%</text>",
                (y - 9.0).max(10.0)
            ));
        }
        words.push(format!("{} ({}): {pct}%", p.label, p.date));
        let Some(slot) = slots[i] else {
            continue;
        };
        let anchor = match slot.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let chars = (slot.width / 6.5).floor().clamp(4.0, 24.0) as usize;
        let below = top + plot_h + 18.0 + f64::from(slot.row) * ROW;
        body.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{below:.1}\" font-size=\"11\" text-anchor=\"{anchor}\" \
             fill=\"currentColor\">{}</text><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" \
             text-anchor=\"{anchor}\" fill=\"currentColor\" fill-opacity=\"0.7\">{}</text>",
            esc(&short(&p.label, chars)),
            below + 14.0,
            esc(&p.date)
        ));
    }
    let summary = if points.is_empty() {
        "No snapshot yet: take one to follow readiness over time.".to_owned()
    } else {
        format!("{}.", words.join("; "))
    };
    Chart {
        title: title.into(),
        svg: svg(
            title,
            &summary,
            (top + plot_h + 40.0 + rows * ROW) as u32,
            &body,
        ),
        summary,
    }
}

/// Where each point sits along the time axis, from 0 (the first date) to 1 (the last): by
/// date, so a fortnight looks like a fortnight beside ten weeks; by order when every point
/// falls on one day or a date cannot be read; a single point sits in the middle. The window,
/// the pack and the board report place their points with it.
pub fn along(points: &[ReadinessPoint]) -> Vec<f64> {
    if points.len() <= 1 {
        return vec![0.5; points.len()];
    }
    let days: Option<Vec<i64>> = points.iter().map(|p| day_number(&p.date)).collect();
    if let Some(days) = days {
        let first = days.iter().min().copied().unwrap_or(0);
        let span = days.iter().max().copied().unwrap_or(0) - first;
        if span > 0 {
            return days
                .iter()
                .map(|d| (d - first) as f64 / span as f64)
                .collect();
        }
    }
    let steps = (points.len() - 1) as f64;
    (0..points.len()).map(|i| i as f64 / steps).collect()
}

/// Which of the points at `xs` (left to right) get a number over them, `min` wide and
/// centred: the last always, the others from the left when at least `min` from the one
/// numbered before and from the last.
pub fn with_room(xs: &[f64], min: f64) -> Vec<bool> {
    let Some(&end) = xs.last() else {
        return Vec::new();
    };
    let mut previous = f64::NEG_INFINITY;
    xs.iter()
        .enumerate()
        .map(|(i, &x)| {
            let room = i + 1 == xs.len() || (x - previous >= min && end - x >= min);
            if room {
                previous = x;
            }
            room
        })
        .collect()
}

/// How a label lines up with its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A label's place under a point: how it lines up, how wide it may be, and on which of two
/// rows (0 just under the axis, 1 below it) it sits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    pub anchor: Anchor,
    pub width: f64,
    pub row: u8,
}

/// Which points at `xs` (left to right, between `lo` and `hi`) get a label under them, on
/// which row, and how wide each may be, so that no two labels on a row meet: each needs
/// `base` (its date's width); the last point always gets one on the first row; the others,
/// from the left, take the first row where they fit, else the second (so a snapshot a
/// fortnight before now is still named), else none; each may grow to `most` into half the
/// free space beside it on its row. A label within `base` of an edge lines up with it.
pub fn label_slots(xs: &[f64], lo: f64, hi: f64, base: f64, most: f64) -> Vec<Option<Slot>> {
    const PAD: f64 = 4.0;
    let anchor = |x: f64| {
        if x - lo < base {
            Anchor::Start
        } else if hi - x < base {
            Anchor::End
        } else {
            Anchor::Middle
        }
    };
    let span = |x: f64| match anchor(x) {
        Anchor::Start => (x, x + base),
        Anchor::Middle => (x - base / 2.0, x + base / 2.0),
        Anchor::End => (x - base, x),
    };
    let Some(last) = xs.len().checked_sub(1) else {
        return Vec::new();
    };
    let mut rows: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    let mut ends = [f64::NEG_INFINITY; 2];
    let limits = [span(xs[last]).0 - PAD, f64::INFINITY];
    for (i, &x) in xs.iter().enumerate().take(last) {
        let (a, b) = span(x);
        if let Some(row) = (0..2).find(|&r| a >= ends[r] + PAD && b <= limits[r]) {
            rows[row].push(i);
            ends[row] = b;
        }
    }
    rows[0].push(last);
    let mut slots = vec![None; xs.len()];
    for (row, chosen) in rows.iter().enumerate() {
        for (k, &i) in chosen.iter().enumerate() {
            let x = xs[i];
            let (a, b) = span(x);
            let left = match k.checked_sub(1) {
                Some(p) => (span(xs[chosen[p]]).1 + a + PAD) / 2.0,
                None => lo,
            };
            let right = match chosen.get(k + 1) {
                Some(&n) => (b + span(xs[n]).0 - PAD) / 2.0,
                None => hi,
            };
            let width = match anchor(x) {
                Anchor::Start => right - x,
                Anchor::Middle => 2.0 * (x - left).min(right - x),
                Anchor::End => x - left,
            };
            slots[i] = Some(Slot {
                anchor: anchor(x),
                width: width.clamp(base, most.max(base)),
                row: row as u8,
            });
        }
    }
    slots
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar), for
/// placing points by date; `None` for anything else.
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.get(..10)?.splitn(3, '-');
    let (y, m, d): (i64, i64, i64) = (
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Counted from March, so the leap day ends the year.
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// `text` cut to `max` characters with an ellipsis.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// How many pieces of evidence are valid, expire soon, have expired, or have no end date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Freshness {
    pub valid: u32,
    pub expiring: u32,
    pub expired: u32,
    pub open_ended: u32,
    /// What "soon" means, in days.
    pub window_days: u32,
}

impl Freshness {
    /// Counts evidence by its expiry date (`None`: no end date), against `today` and
    /// `horizon`, the last day that counts as "soon".
    pub fn count<'a>(
        expiries: impl Iterator<Item = Option<&'a str>>,
        today: &str,
        horizon: &str,
        window_days: u32,
    ) -> Freshness {
        let mut f = Freshness {
            window_days,
            ..Freshness::default()
        };
        for expires in expiries {
            match expires {
                None => f.open_ended += 1,
                Some(d) if d < today => f.expired += 1,
                Some(d) if d <= horizon => f.expiring += 1,
                Some(_) => f.valid += 1,
            }
        }
        f
    }
}

/// The dashboard's charts, as the window shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    pub status_by_theme: Chart,
    pub readiness_over_time: Chart,
    pub evidence_freshness: Chart,
}

impl Workspace {
    /// How fresh `evidence` is as of `today` (rejected evidence left out), evidence expiring
    /// within `window_days` counted as expiring: the dashboard's and the pack's bar.
    pub fn freshness(
        &self,
        evidence: &[crate::evidence::Evidence],
        today: &str,
        window_days: u32,
    ) -> Result<Freshness, WorkspaceError> {
        self.reading(|| {
            let horizon = self.horizon(today, window_days)?;
            Ok(Freshness::count(
                evidence
                    .iter()
                    .filter(|e| e.status != EvidenceStatus::Rejected)
                    .map(|e| e.expires_on.as_deref()),
                today,
                &horizon,
                window_days,
            ))
        })
    }

    /// The three charts of the workspace as of `today`, evidence expiring within
    /// `window_days` counted as expiring (rejected evidence is left out).
    pub fn charts(&self, today: &str, window_days: u32) -> Result<Dashboard, WorkspaceError> {
        self.reading(|| {
            let controls = self.controls()?;
            let points = self.readiness_points(&controls, today)?;
            let freshness = self.freshness(&self.evidence_list(None)?, today, window_days)?;
            Ok(Dashboard {
                status_by_theme: status_by_theme(&controls),
                readiness_over_time: readiness_over_time(&points),
                evidence_freshness: evidence_freshness(&freshness),
            })
        })
    }

    /// The readiness of each snapshot, oldest first, and of `controls` as "Now" on `today`.
    pub fn readiness_points(
        &self,
        controls: &[ControlAssessment],
        today: &str,
    ) -> Result<Vec<ReadinessPoint>, WorkspaceError> {
        let mut points = Vec::new();
        for s in self.snapshots()? {
            points.push(ReadinessPoint {
                readiness: Readiness::of(self.snapshot_controls(&s.name)?.iter()),
                date: s.taken_at.get(..10).unwrap_or(&s.taken_at).to_owned(),
                label: s.name,
            });
        }
        points.push(ReadinessPoint {
            label: "Now".into(),
            date: today.to_owned(),
            readiness: Readiness::of(controls.iter()),
        });
        Ok(points)
    }
}

/// One bar split into valid, expiring, expired and open-ended evidence.
pub fn evidence_freshness(f: &Freshness) -> Chart {
    let title = "Evidence freshness";
    let parts = [
        ("#2e8b57", f.valid, "valid".to_owned()),
        (
            "#e0a526",
            f.expiring,
            format!("expiring within {} days", f.window_days),
        ),
        ("#d9534f", f.expired, "expired".to_owned()),
        ("#8a94a3", f.open_ended, "no end date".to_owned()),
    ];
    let total: u32 = parts.iter().map(|p| p.1).sum();
    let mut body = String::new();
    let mut x = 0.0;
    for (colour, n, label) in &parts {
        if *n == 0 || total == 0 {
            continue;
        }
        let w = f64::from(*n) * f64::from(WIDTH) / f64::from(total);
        body.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"4\" width=\"{w:.1}\" height=\"24\" fill=\"{colour}\">\
             <title>{n} {}</title></rect>",
            esc(label)
        ));
        x += w;
    }
    if total == 0 {
        body.push_str(&format!(
            "<rect x=\"0\" y=\"4\" width=\"{WIDTH}\" height=\"24\" fill=\"none\" \
             stroke=\"currentColor\" stroke-opacity=\"0.3\"/><text x=\"{}\" y=\"21\" \
             font-size=\"12\" text-anchor=\"middle\" fill=\"currentColor\">No evidence yet</text>",
            WIDTH / 2
        ));
    }
    let items: Vec<(&str, String)> = parts
        .iter()
        .map(|(c, n, label)| (*c, format!("{label} {n}")))
        .collect();
    let height = legend(&mut body, 38, &items);
    let summary = format!(
        "{total} pieces of evidence: {} valid, {} expiring within {} days, {} expired, {} with \
         no end date.",
        f.valid, f.expiring, f.window_days, f.expired, f.open_ended
    );
    Chart {
        title: title.into(),
        svg: svg(title, &summary, height, &body),
        summary,
    }
}

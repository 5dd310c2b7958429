use super::*;
use crate::catalogue::ControlId;

fn control(id: &str, applicable: Option<bool>, status: Status) -> ControlAssessment {
    let id: ControlId = id.parse().expect("id");
    ControlAssessment {
        id,
        applicable,
        status,
        ..ControlAssessment::untouched(id)
    }
}

/// The SVG is well-formed XML (Python's parser reads it) and holds no `style`, so a strict
/// content security policy shows it.
fn parses(svg: &str) {
    let o = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, xml.dom.minidom as m; m.parseString(sys.stdin.read())",
        ])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(svg.as_bytes())?;
            child.wait_with_output()
        })
        .expect("python3");
    assert!(
        o.status.success(),
        "{}\n{svg}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!svg.contains("style"), "{svg}");
}

#[test]
fn status_by_theme_stacks_each_themes_controls_and_says_the_numbers() {
    let controls = vec![
        control("A.5.1", Some(true), Status::Implemented),
        control("A.5.2", Some(true), Status::PartiallyImplemented),
        control("A.5.3", None, Status::NotAssessed),
        control("A.7.4", Some(false), Status::Implemented),
        control("A.8.1", Some(true), Status::Planned),
    ];
    let chart = status_by_theme(&controls);
    parses(&chart.svg);
    assert!(
        chart
            .summary
            .contains("Organizational: 1 implemented, 1 partially implemented, 1 not assessed"),
        "{}",
        chart.summary
    );
    // An excluded control is excluded, whatever its status says.
    assert!(
        chart.summary.contains("Physical: 1 excluded"),
        "{}",
        chart.summary
    );
    assert!(
        chart.svg.contains("implemented 1"),
        "legend totals: {}",
        chart.svg
    );
    assert_eq!(
        chart.svg.matches("<rect").count(),
        5 + 6,
        "5 segments, 6 swatches"
    );
}

#[test]
fn readiness_over_time_draws_a_point_per_snapshot_and_escapes_names() {
    let r = |score| Readiness {
        applicable: 0,
        undecided: 0,
        implemented: 0,
        partially_implemented: 0,
        score,
    };
    let points = vec![
        ReadinessPoint {
            label: "<Kick-off> & \"gap\"".into(),
            date: "2026-10-01".into(),
            readiness: r(0.1),
        },
        ReadinessPoint {
            label: "Now".into(),
            date: "2026-12-01".into(),
            readiness: r(0.456),
        },
    ];
    let chart = readiness_over_time(&points);
    parses(&chart.svg);
    assert!(chart.svg.contains("&lt;Kick-off&gt; &amp; &quot;gap&quot;"));
    assert!(!chart.svg.contains("<Kick-off>"));
    assert_eq!(chart.svg.matches("<circle").count(), 2);
    assert!(chart.svg.contains("<polyline"));
    assert!(
        chart.summary.contains("Now (2026-12-01): 46%"),
        "{}",
        chart.summary
    );
    let empty = readiness_over_time(&[]);
    parses(&empty.svg);
    assert!(empty.summary.contains("No snapshot yet"));
}

#[test]
fn freshness_counts_by_expiry_date_against_today_and_the_horizon() {
    let dates = [
        None,
        Some("2026-11-30"),
        Some("2026-12-01"),
        Some("2026-12-31"),
        Some("2027-01-01"),
    ];
    let f = Freshness::count(dates.iter().copied(), "2026-12-01", "2026-12-31", 30);
    assert_eq!(
        (f.open_ended, f.expired, f.expiring, f.valid),
        (1, 1, 2, 1),
        "expiring today or on the horizon counts as expiring"
    );
    let chart = evidence_freshness(&f);
    parses(&chart.svg);
    assert!(
        chart
            .summary
            .starts_with("5 pieces of evidence: 1 valid, 2 expiring within 30 days")
    );
    let none = evidence_freshness(&Freshness::default());
    parses(&none.svg);
    assert!(none.svg.contains("No evidence yet"));
}

#[test]
fn many_snapshots_keep_their_names_apart() {
    let points: Vec<ReadinessPoint> = (0..30)
        .map(|i| ReadinessPoint {
            label: format!("Snapshot number {i}"),
            date: "2026-01-01".into(),
            readiness: Readiness {
                applicable: 0,
                undecided: 0,
                implemented: 0,
                partially_implemented: 0,
                score: f64::from(i) / 30.0,
            },
        })
        .collect();
    let chart = readiness_over_time(&points);
    parses(&chart.svg);
    assert_eq!(
        chart.svg.matches("<circle").count(),
        30,
        "every point is drawn"
    );
    let named = chart.svg.matches(">2026-01-01</text>").count();
    assert!((2..=8).contains(&named), "{named} names under the line");
    assert!(chart.svg.contains("Snapshot number 29") || chart.svg.contains("Snapshot n"));
    assert_eq!(
        chart.summary.matches("Snapshot number").count(),
        30,
        "all in words"
    );
}

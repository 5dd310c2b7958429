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
fn dates_count_days_across_months_leap_years_and_centuries() {
    let check =
        |date: &str, expected: Option<i64>| assert_eq!(day_number(date), expected, "{date}");
    check("1970-01-01", Some(0));
    check("1970-01-02", Some(1));
    check("2000-03-01", Some(11_017));
    check("2026-12-06", Some(20_793));
    check("2024-02-29T10:00:00Z", Some(19_782));
    check("2024-03-01", Some(19_783));
    check("1969-12-31", Some(-1));
    check("2026-13-01", None);
    check("2026-1-1", None);
    check("soon", None);
}

/// The circles' x positions, in the order drawn.
fn xs(svg: &str) -> Vec<f64> {
    svg.split("<circle cx=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().expect("x").parse().expect("number"))
        .collect()
}

#[test]
fn readiness_over_time_places_points_by_date_and_names_those_with_room() {
    let point = |label: &str, date: &str, score| ReadinessPoint {
        label: label.into(),
        date: date.into(),
        readiness: Readiness {
            applicable: 0,
            undecided: 0,
            implemented: 0,
            partially_implemented: 0,
            score,
        },
    };
    // Ten weeks, then a fortnight: the second point sits four fifths of the way along.
    let chart = readiness_over_time(&[
        point("Kick-off", "2026-09-27", 0.12),
        point("Review", "2026-11-22", 0.2),
        point("Now", "2026-12-06", 0.2),
    ]);
    parses(&chart.svg);
    let x = xs(&chart.svg);
    assert_eq!(x.len(), 3);
    let share = (x[1] - x[0]) / (x[2] - x[0]);
    assert!((share - 0.8).abs() < 0.01, "{x:?}");
    for name in ["Kick-off", "Review", "Now"] {
        assert!(
            chart.svg.contains(&format!(">{name}</text>")),
            "{name} is named"
        );
    }
    // Two snapshots the day before now: still drawn, and all four in words.
    let chart = readiness_over_time(&[
        point("Kick-off", "2026-09-27", 0.12),
        point("Yesterday A", "2026-12-05", 0.18),
        point("Yesterday B", "2026-12-05", 0.19),
        point("Now", "2026-12-06", 0.2),
    ]);
    parses(&chart.svg);
    assert_eq!(xs(&chart.svg).len(), 4);
    assert!(chart.svg.contains(">Kick-off</text>") && chart.svg.contains(">Now</text>"));
    // The first of the two is named on the second row; the other has no room at all.
    assert!(chart.svg.contains(">Yesterday A</text>"));
    assert!(!chart.svg.contains(">Yesterday B</text>"));
    assert!(chart.summary.contains("Yesterday A (2026-12-05): 18%"));
}

#[test]
fn labels_under_a_line_never_meet_and_stay_inside() {
    let check = |xs: &[f64], expected_named: usize| {
        let slots = label_slots(xs, 4.0, 396.0, 62.0, 156.0);
        assert_eq!(slots.len(), xs.len());
        assert_eq!(
            slots.last().copied().flatten().map(|s| s.row),
            Some(0),
            "{xs:?}: the last is named, on the first row"
        );
        let mut named = 0;
        for row in 0..2u8 {
            let spans: Vec<(f64, f64)> = xs
                .iter()
                .zip(&slots)
                .filter_map(|(&x, s)| {
                    let s = (*s).filter(|s| s.row == row)?;
                    assert!(s.width >= 62.0, "{xs:?}: {s:?}");
                    Some(match s.anchor {
                        Anchor::Start => (x, x + s.width),
                        Anchor::Middle => (x - s.width / 2.0, x + s.width / 2.0),
                        Anchor::End => (x - s.width, x),
                    })
                })
                .collect();
            for (a, b) in &spans {
                assert!(*a >= 4.0 - 1e-9 && *b <= 396.0 + 1e-9, "{xs:?}: {spans:?}");
            }
            for w in spans.windows(2) {
                assert!(w[0].1 <= w[1].0, "{xs:?}: row {row}: {spans:?} meet");
            }
            named += spans.len();
        }
        assert_eq!(named, expected_named, "{xs:?}: {slots:?}");
    };
    check(&[200.0], 1);
    check(&[40.0, 380.0], 2);
    // A snapshot a fortnight before now: named on the second row.
    check(&[40.0, 312.0, 380.0], 3);
    check(&[40.0, 375.0, 375.0, 380.0], 3);
    check(&[40.0, 41.0, 42.0, 43.0, 380.0], 3);
    // Thirty on one day, spread evenly over 340 units: names in pairs, one on each row.
    let even: Vec<f64> = (0..30)
        .map(|i| 40.0 + 340.0 * f64::from(i) / 29.0)
        .collect();
    check(&even, 8);
    // Twelve within 77 units at the right end: the last and one more on the second row.
    let crowded: Vec<f64> = (0..12).map(|i| 300.0 + 7.0 * f64::from(i)).collect();
    check(&crowded, 2);
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
    assert!((4..=12).contains(&named), "{named} names under the line");
    assert!(chart.svg.contains("Snapshot number 29") || chart.svg.contains("Snapshot n"));
    assert_eq!(
        chart.summary.matches("Snapshot number").count(),
        30,
        "all in words"
    );
}

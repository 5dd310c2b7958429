use super::layout::{BOTTOM, MARGIN, Op, PAGE_W, width, wrap};
use super::*;
use crate::assessment::{ActionPatch, create_example};
use crate::store::NewWorkspace;

fn texts(pages: &[Vec<Op>]) -> Vec<String> {
    pages
        .iter()
        .flatten()
        .filter_map(|op| op.text().map(str::to_owned))
        .collect()
}

/// Every piece of text stays inside the page's margins, and the body stays above the footer.
fn fits(pages: &[Vec<Op>]) {
    for (n, page) in pages.iter().enumerate() {
        for op in page {
            if let Op::Text {
                x,
                y,
                size,
                bold,
                text,
                ..
            } = op
            {
                let right = x + width(text, *size, *bold);
                assert!(
                    *x >= MARGIN - 0.5 && right <= PAGE_W - MARGIN + 0.5,
                    "page {}: {text:?} runs from {x} to {right}",
                    n + 1
                );
                assert!(
                    *y <= BOTTOM,
                    "page {}: {text:?} at {y} is in the footer",
                    n + 1
                );
            }
        }
    }
}

/// The pages' text with every run of white space (a wrapped line's end too) as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_example_reports_its_readiness_gaps_late_actions_and_owners() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = create_example(&dir.path().join("example.annexa"), "tester").expect("example");
    let today = ws.today().expect("today");
    let r = ws.board_report(&today, 30).expect("report");
    assert_eq!(r.organisation, "Example Ltd");
    assert_eq!(r.source, "example.annexa");
    assert_eq!(r.controls, 93);
    let expected = ws.report_within(&today, 30).expect("report");
    assert_eq!(r.readiness, expected.overall);
    assert_eq!(r.late_actions, expected.late_actions);
    assert!(!r.late_actions.is_empty(), "the example has late actions");
    // Two snapshots and now.
    assert_eq!(r.readiness_over_time.len(), 3);
    // Gaps: applicable or undecided, not implemented, the furthest from done first.
    assert!(r.gaps.len() <= TOP_GAPS && !r.gaps.is_empty());
    assert!(r.gaps_total as usize >= r.gaps.len());
    assert!(
        r.gaps
            .iter()
            .all(|g| g.applicable != Some(false) && g.status != Status::Implemented)
    );
    let order: Vec<u8> = r
        .gaps
        .iter()
        .map(|g| match (g.applicable, g.status) {
            (Some(true), Status::NotImplemented) => 0,
            (Some(true), Status::NotAssessed) => 1,
            (None, _) => 2,
            (_, Status::Planned) => 3,
            _ => 4,
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
    assert!(r.gaps.iter().all(|g| !g.title.is_empty()));
    let owned: u32 = r.owners.iter().map(|o| o.controls).sum();
    let controls = ws.controls().expect("controls");
    assert_eq!(
        owned as usize,
        controls.iter().filter(|c| c.owner.is_some()).count()
    );

    let pages = compose::pages(&r);
    assert!(pages.len() >= 2, "{} pages", pages.len());
    fits(&pages);
    let all = texts(&pages).join("\n");
    assert!(all.contains("Example Ltd"));
    assert!(all.contains(&format!("{:.0}%", (r.readiness.score * 100.0).round())));
    assert!(all.contains(&format!("{}/93", r.decided)));
    for a in &r.late_actions {
        let first = a.title.split_whitespace().next().expect("a word");
        assert!(all.contains(first), "late action {:?} is shown", a.title);
    }
    // The late tile counts and says what the dashboard and `annexa report` do, all of it.
    assert_eq!(r.late_words, expected.late_words());
    assert_eq!(r.late_total, expected.late_total());
    assert!(
        r.late_total > r.late_actions.len() as u32,
        "the example has late controls too"
    );
    assert!(
        one_line(&all).contains(&r.late_words),
        "{:?} is on the page",
        r.late_words
    );
    for o in &r.owners {
        assert!(all.contains(&o.name), "owner {} is shown", o.name);
    }
    for p in &r.readiness_over_time {
        assert!(
            all.contains(&p.date),
            "snapshot of {} is on the line",
            p.date
        );
    }

    let (bytes, count) = render(&r).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(count as usize, pages.len());
}

#[test]
fn long_lists_break_onto_new_pages_with_their_header_and_nothing_runs_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ws = Workspace::create(
        &dir.path().join("w.annexa"),
        &NewWorkspace::named(
            "Łódź Zoë Ørsted — a very long organisation name that has to wrap \
                               across the title line of the board report",
        ),
    )
    .expect("create");
    for i in 0..80 {
        ws.add_action(
            &ActionPatch {
                title: Some(format!(
                    "Action {i}: replace the badge readers at the north entrance and write \
                     down who holds the spare keys, including contractorsupercalifragilisticexpialidocious"
                )),
                controls: Some(vec!["A.7.2".into()]),
                assignee: Some(Some("Ana María Núñez".into())),
                due_date: Some(Some("2000-01-01".into())),
                status: None,
            },
            "tester",
        )
        .expect("action");
    }
    // Seventy owners, a long table of its own.
    let catalogue = crate::Catalogue::bundled().expect("catalogue");
    for (i, c) in catalogue.controls.iter().take(70).enumerate() {
        ws.set_control(
            &c.id.prefixed(),
            &crate::assessment::ControlPatch {
                owner: Some(Some(format!("Owner number {i:02} of the organisation"))),
                target_date: Some(Some("2026-01-31".into())),
                ..Default::default()
            },
            "tester",
        )
        .expect("owner");
    }
    let r = ws.board_report("2026-12-02", 30).expect("report");
    assert_eq!(r.late_actions.len(), 80);
    assert_eq!(r.owners.len(), 70);
    assert_eq!(r.readiness.score, 0.0);
    assert_eq!(r.readiness.undecided, 93);
    let pages = compose::pages(&r);
    fits(&pages);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let headers = pages
        .iter()
        .filter(|p| p.iter().any(|op| op.text() == Some("Late controls")))
        .count();
    // Pages of the owners table: an owner's name in the first column (the gaps table names
    // owners too, further right).
    let with_owners = pages
        .iter()
        .filter(|p| {
            p.iter().any(|op| {
                matches!(op, Op::Text { x, text, .. }
                    if *x < MARGIN + 5.0 && text.starts_with("Owner number"))
            })
        })
        .count();
    assert!(with_owners >= 2, "the owners span {with_owners} pages");
    assert_eq!(
        headers, with_owners,
        "each page of the table repeats its header"
    );
    let all = texts(&pages).join(" ");
    // The late tile's sentence with two-digit counts still fits its tile whole.
    assert_eq!(
        r.late_words,
        "late: 70 controls past the target date, 80 actions past the due date"
    );
    assert!(
        one_line(&all).contains(&r.late_words),
        "the late tile is whole"
    );
    assert!(
        all.contains("Owner number 69 of the organisation"),
        "the last owner is there"
    );
    // The first fifteen late actions by due date (all the same day, so by number), the rest
    // counted.
    assert!(all.contains("Action 14:") && !all.contains("Action 15:"));
    assert!(all.contains("…and 65 more late actions"));
    // Nothing is applicable yet: the report does not claim every applicable control is owned.
    assert!(all.contains("No control is marked applicable yet"));
    assert!(!all.contains("Every applicable control has an owner"));
    assert!(all.contains("Łódź"));
    let (bytes, _) = render(&r).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
}

#[test]
fn wrapping_keeps_every_word_and_no_line_is_too_wide() {
    let text = "Readiness counts implemented controls in full and partially implemented \
                ones by half; an unbreakablewordthatislongerthanthewholelineitself ends it.";
    for max in [60.0, 120.0, 300.0] {
        let lines = wrap(text, 10.0, false, max);
        for line in &lines {
            assert!(width(line, 10.0, false) <= max + 0.01, "{line:?} > {max}");
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }
    assert_eq!(
        wrap("one two", 10.0, false, 500.0),
        vec!["one two".to_owned()]
    );
    // Wider glyphs measure wider: the widths come from the font, not a guess per character.
    assert!(width("WWWW", 10.0, false) > width("iiii", 10.0, false) * 2.0);
    assert!(width("Board", 10.0, true) > width("Board", 10.0, false));
}

#[test]
fn an_existing_file_is_kept_unless_replacing_and_a_folder_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = Workspace::create(&dir.path().join("w.annexa"), &NewWorkspace::named("Acme"))
        .expect("create");
    let dest = dir.path().join("board.pdf");
    std::fs::write(&dest, b"keep me").expect("write");
    let err = ws
        .write_board_report(&dest, "2026-12-02", 30, false)
        .expect_err("exists");
    assert!(matches!(err, WorkspaceError::AlreadyExists { .. }), "{err}");
    assert_eq!(std::fs::read(&dest).expect("read"), b"keep me");
    let err = ws
        .write_board_report(dir.path(), "2026-12-02", 30, true)
        .expect_err("folder");
    assert!(err.to_string().contains("is a folder"), "{err}");
    let done = ws
        .write_board_report(&dest, "2026-12-02", 30, true)
        .expect("replace");
    let bytes = std::fs::read(&dest).expect("read");
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(done.bytes, bytes.len() as u64);
    assert!(done.pages >= 1);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(left.is_empty(), "no temporary file is left behind");
}

#[test]
fn the_board_reads_the_risk_register_above_the_criteria_and_its_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = crate::risks::create_example(&dir.path().join("example.annexa"), "tester")
        .expect("example");
    let today = ws.today().expect("today");
    let r = ws.board_report(&today, 30).expect("report");
    let method = ws.risk_method().expect("method").method;
    let open: Vec<crate::risks::Risk> = ws
        .risks()
        .expect("risks")
        .into_iter()
        .filter(|x| x.status != crate::risks::RiskStatus::Closed)
        .collect();
    assert_eq!(r.risks.open as usize, open.len());
    // The heat maps count every open risk once, where it is rated now and where it aims.
    let sum = |m: &Vec<Vec<u32>>| m.iter().flatten().sum::<u32>() as usize;
    assert_eq!(sum(&r.risks.now), open.len());
    assert_eq!(sum(&r.risks.residual), open.len());
    let above: Vec<&crate::risks::Risk> = open
        .iter()
        .filter(|x| {
            !method
                .rate(x.likelihood, x.impact)
                .expect("rated")
                .acceptable
        })
        .collect();
    assert!(
        !above.is_empty(),
        "the example has risks above the criteria"
    );
    assert_eq!(r.risks.above_total as usize, above.len());
    // The most severe first: by level, then likelihood × impact.
    let severity: Vec<(usize, u8)> = r
        .risks
        .above
        .iter()
        .map(|line| {
            let x = open
                .iter()
                .find(|o| o.reference() == line.id)
                .expect("listed risk");
            let rating = method.rate(x.likelihood, x.impact).expect("rated");
            (rating.band, x.likelihood * x.impact)
        })
        .collect();
    assert!(severity.windows(2).all(|w| w[0] >= w[1]), "{severity:?}");
    let findings = ws.risk_findings(&today).expect("findings");
    assert!(!findings.is_empty(), "the example has a plan still waiting");
    assert_eq!(r.risks.findings.len(), findings.len());

    let pages = compose::pages(&r);
    fits(&pages);
    let all = one_line(&texts(&pages).join("\n"));
    assert!(all.contains(&format!(
        "{} open risks, {} of them above what the criteria accept (up to {})",
        open.len(),
        above.len(),
        method.acceptable
    )));
    for line in &r.risks.above {
        assert!(all.contains(&line.id), "{} is listed", line.id);
    }
    for f in &findings {
        assert!(
            all.contains(&one_line(&f.message)),
            "{:?} is said",
            f.message
        );
    }
    // Each cell of both maps is drawn in its level's colour.
    let cells = method.likelihood.len() * method.impact.len();
    let colours: Vec<super::layout::Colour> = method
        .bands
        .iter()
        .map(|b| super::layout::hex(&b.colour))
        .collect();
    let drawn = pages
        .iter()
        .flatten()
        .filter(
            |op| matches!(op, Op::Rect { colour, w, .. } if colours.contains(colour) && *w > 20.0),
        )
        .count();
    assert_eq!(drawn, 2 * cells);
}

#[test]
fn an_empty_register_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = create_example(&dir.path().join("example.annexa"), "tester").expect("example");
    let today = ws.today().expect("today");
    let r = ws.board_report(&today, 30).expect("report");
    assert_eq!(r.risks.open, 0);
    let all = one_line(&texts(&compose::pages(&r)).join("\n"));
    assert!(all.contains("The risk register holds no open risk yet."));
}

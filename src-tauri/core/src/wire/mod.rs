//! The types that leave the core: the window's IPC payloads and the CLI's JSON output.
//!
//! They live in one folder, a file per domain, so that the boundary is visible in one place and
//! changes to it are deliberate. Their TypeScript declarations are generated into `ui/src/lib/bindings.ts`; the
//! test at the bottom regenerates them and fails when the checked-in file differs.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::assessment::{
    Action, ControlAssessment, ControlChange, Person, Readiness, Report, Snapshot,
};
use crate::catalogue::vocabulary::{
    ActionStatus, EvidenceKind, EvidenceStatus, Priority, Reason, ReviewInterval, Status,
};
use crate::evidence::{Evidence, EvidenceMeta, EvidencePatch, Progress, Target, VerifyReport};
use crate::store::history::HistoryEntry;

use crate::catalogue::vocabulary::{
    ControlType, CybersecurityConcept, OperationalCapability, Party, SecurityDomain,
    SecurityProperty, Theme,
};
use crate::catalogue::{Catalogue, Clause, Control, Control2013, RequiredDocument};
use crate::store::{Organisation, Workspace, WorkspaceError};

mod assessment;
mod board;
mod catalogue;
mod charts;
mod evidence;
mod pack;
mod risks;
mod workspace;

pub use self::assessment::*;
pub use self::board::*;
pub use self::catalogue::*;
pub use self::charts::*;
pub use self::evidence::*;
pub use self::pack::*;
pub use self::risks::*;
pub use self::workspace::*;

/// A stored time in the one form every output writes: UTC to the millisecond,
/// `2026-11-23T10:00:00.000Z`. Older rows (and packs) hold whole seconds; those gain `.000`.
pub fn timestamp(stored: &str) -> String {
    let s = stored.trim();
    let Some(body) = s.strip_suffix('Z') else {
        return s.to_owned();
    };
    if body.len() < 19 || !body.is_char_boundary(19) {
        return s.to_owned();
    }
    let (seconds, fraction) = body.split_at(19);
    let digits = fraction.strip_prefix('.').unwrap_or(fraction);
    if !digits.bytes().all(|b| b.is_ascii_digit()) || (fraction.is_empty() != digits.is_empty()) {
        return s.to_owned();
    }
    let mut millis: String = digits.chars().take(3).collect();
    while millis.len() < 3 {
        millis.push('0');
    }
    format!("{seconds}.{millis}Z")
}

/// The TypeScript declarations of every wire type, as checked into `ui/src/lib/bindings.ts`.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::default();
    let decls = [
        crate::error::ErrorKind::decl(&cfg),
        crate::error::ErrorPayload::decl(&cfg),
        Theme::decl(&cfg),
        ControlType::decl(&cfg),
        SecurityProperty::decl(&cfg),
        CybersecurityConcept::decl(&cfg),
        OperationalCapability::decl(&cfg),
        SecurityDomain::decl(&cfg),
        Party::decl(&cfg),
        AttributesView::decl(&cfg),
        ControlView::decl(&cfg),
        ControlDocumentView::decl(&cfg),
        DocumentView::decl(&cfg),
        ClauseView::decl(&cfg),
        Mapping2013View::decl(&cfg),
        CatalogueView::decl(&cfg),
        WorkspaceSummary::decl(&cfg),
        HistoryCheckView::decl(&cfg),
        CompactView::decl(&cfg),
        RecentWorkspaceView::decl(&cfg),
        Status::decl(&cfg),
        Reason::decl(&cfg),
        Priority::decl(&cfg),
        ActionStatus::decl(&cfg),
        ControlStateView::decl(&cfg),
        PersonView::decl(&cfg),
        PersonWorkView::decl(&cfg),
        ActionView::decl(&cfg),
        HistoryView::decl(&cfg),
        ReadinessView::decl(&cfg),
        ReportView::decl(&cfg),
        ChartView::decl(&cfg),
        BoardReportView::decl(&cfg),
        DashboardChartsView::decl(&cfg),
        SnapshotView::decl(&cfg),
        ChangeView::decl(&cfg),
        ControlEdit::decl(&cfg),
        PersonInputView::decl(&cfg),
        ActionInputView::decl(&cfg),
        NewWorkspaceView::decl(&cfg),
        PathPurpose::decl(&cfg),
        PathRequestView::decl(&cfg),
        crate::preferences::Preferences::decl(&cfg),
        ClauseStateView::decl(&cfg),
        DocumentStateView::decl(&cfg),
        ClauseInputView::decl(&cfg),
        EvidenceKind::decl(&cfg),
        EvidenceStatus::decl(&cfg),
        ReviewInterval::decl(&cfg),
        EvidenceVersionView::decl(&cfg),
        EvidenceView::decl(&cfg),
        EvidencePageView::decl(&cfg),
        EvidenceInputView::decl(&cfg),
        ScaleLevelView::decl(&cfg),
        RiskLevelView::decl(&cfg),
        RiskMethodView::decl(&cfg),
        AssetView::decl(&cfg),
        RiskView::decl(&cfg),
        RiskFindingView::decl(&cfg),
        RiskRoundView::decl(&cfg),
        RoundChangeView::decl(&cfg),
        RiskRegisterView::decl(&cfg),
        crate::risks::RiskKind::decl(&cfg),
        crate::risks::Treatment::decl(&cfg),
        crate::risks::RiskStatus::decl(&cfg),
        crate::risks::AssetKind::decl(&cfg),
        Concern::decl(&cfg),
        RiskInputView::decl(&cfg),
        RiskDecision::decl(&cfg),
        DecisionInputView::decl(&cfg),
        AssetInputView::decl(&cfg),
        OwnControlView::decl(&cfg),
        OwnControlInputView::decl(&cfg),
        ImportView::decl(&cfg),
        SkippedFileView::decl(&cfg),
        LeftOutView::decl(&cfg),
        ProgressView::decl(&cfg),
        VerifyView::decl(&cfg),
        IntegrityProblemView::decl(&cfg),
        crate::pack::FindingKind::decl(&cfg),
        crate::pack::Finding::decl(&cfg),
        PackOptionsView::decl(&cfg),
        PackSummaryView::decl(&cfg),
        crate::pack::PackProblemKind::decl(&cfg),
        PackProblemView::decl(&cfg),
        PackVerificationView::decl(&cfg),
        PackSignatureView::decl(&cfg),
        SignatureCheckView::decl(&cfg),
        crate::pack::PackSigner::decl(&cfg),
        crate::pack::PackSelection::decl(&cfg),
        crate::pack::PackReadiness::decl(&cfg),
        crate::pack::PackControl::decl(&cfg),
        crate::pack::PackRisk::decl(&cfg),
        crate::pack::PackRiskMethod::decl(&cfg),
        crate::pack::PackOwnControl::decl(&cfg),
        crate::pack::PackDocument::decl(&cfg),
        crate::pack::PackClause::decl(&cfg),
        crate::pack::PackEvidence::decl(&cfg),
        crate::pack::PackHistory::decl(&cfg),
        crate::pack::PackData::decl(&cfg),
        PackContentsView::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust wire types in src-tauri/core/src/wire.rs. Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p annexa-core bindings` after changing them.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The drift check: CI fails when a wire type changed but `bindings.ts` was not
    /// regenerated. `UPDATE_BINDINGS=1` rewrites the file instead.
    #[test]
    fn bindings_are_current() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
        let generated = typescript_bindings();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&file, &generated).expect("write bindings");
        }
        let checked_in = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            checked_in == generated,
            "ui/src/lib/bindings.ts is out of date; run UPDATE_BINDINGS=1 cargo test -p annexa-core bindings"
        );
    }

    #[test]
    fn timestamps_are_written_to_the_millisecond() {
        assert_eq!(
            timestamp("2026-11-23T10:00:00Z"),
            "2026-11-23T10:00:00.000Z"
        );
        assert_eq!(
            timestamp("2026-11-23T10:00:00.5Z"),
            "2026-11-23T10:00:00.500Z"
        );
        assert_eq!(
            timestamp("2026-11-23T10:00:00.123Z"),
            "2026-11-23T10:00:00.123Z"
        );
        assert_eq!(
            timestamp("2026-11-23T10:00:00.123456Z"),
            "2026-11-23T10:00:00.123Z"
        );
        // What is not a UTC timestamp is left as it is rather than guessed at.
        assert_eq!(timestamp("2026-11-23"), "2026-11-23");
        assert_eq!(timestamp("2026-11-23T10:00:00.Z"), "2026-11-23T10:00:00.Z");
    }

    #[test]
    fn control_json_has_the_documented_fields() {
        let catalogue = Catalogue::bundled().expect("catalogue");
        let json = serde_json::to_value(ControlView::new(&catalogue.controls[0], catalogue))
            .expect("json");
        let keys: Vec<&str> = json
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        for key in [
            "id",
            "theme",
            "title",
            "aliases",
            "attributes",
            "summary",
            "guidance",
            "typical_evidence",
            "responsible",
            "new_in_2022",
            "ids_2013",
            "documents",
        ] {
            assert!(keys.contains(&key), "missing {key} in {keys:?}");
        }
        let attrs = json["attributes"].as_object().expect("attributes");
        assert_eq!(attrs.len(), 5);
        assert_eq!(json["id"], "A.5.1");
        assert_eq!(json["documents"][0]["id"], "topic-specific-policies");
        let none = ControlView::new(&catalogue.controls[1], catalogue);
        assert!(
            none.documents.is_empty(),
            "5.2 asks for no document of its own"
        );
    }

    #[test]
    fn a_report_listing_at_most_a_few_still_counts_all() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut ws = Workspace::create(
            &dir.path().join("w.annexa"),
            &crate::store::NewWorkspace::named("Acme"),
        )
        .expect("create");
        for i in 0..15 {
            ws.add_action(
                &crate::assessment::ActionPatch {
                    title: Some(format!("late {i}")),
                    due_date: Some(Some("2001-01-01".into())),
                    ..Default::default()
                },
                "T",
            )
            .expect("action");
        }
        let full = ReportView::from(&ws.report("2026-12-02").expect("report"));
        assert_eq!((full.late_actions.len(), full.late_actions_total), (15, 15));
        let few = full.clone().listing_at_most(10);
        assert_eq!((few.late_actions.len(), few.late_actions_total), (10, 15));
        assert_eq!(few.late_actions[..], full.late_actions[..10]);
        assert_eq!(few.expiring_evidence_total, full.expiring_evidence_total);
    }
}

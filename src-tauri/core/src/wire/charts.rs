//! The dashboard's charts as they cross to the window: SVG markup the core drew and escaped,
//! with what each shows in words.

use super::*;

/// One chart: `svg` is markup for the page to place as it is (drawn and escaped by the core).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChartView {
    pub title: String,
    pub svg: String,
    pub summary: String,
}

impl From<&crate::charts::Chart> for ChartView {
    fn from(c: &crate::charts::Chart) -> Self {
        ChartView {
            title: c.title.clone(),
            svg: c.svg.clone(),
            summary: c.summary.clone(),
        }
    }
}

/// The dashboard's three charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DashboardChartsView {
    pub status_by_theme: ChartView,
    pub readiness_over_time: ChartView,
    pub evidence_freshness: ChartView,
}

impl From<&crate::charts::Dashboard> for DashboardChartsView {
    fn from(d: &crate::charts::Dashboard) -> Self {
        DashboardChartsView {
            status_by_theme: ChartView::from(&d.status_by_theme),
            readiness_over_time: ChartView::from(&d.readiness_over_time),
            evidence_freshness: ChartView::from(&d.evidence_freshness),
        }
    }
}

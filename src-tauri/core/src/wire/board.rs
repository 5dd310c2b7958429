//! The board report as it crosses to the window and the CLI: where the PDF was written.

use super::*;

/// A written board report (PDF).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BoardReportView {
    pub path: String,
    pub pages: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}

impl From<&crate::board::BoardSummary> for BoardReportView {
    fn from(s: &crate::board::BoardSummary) -> Self {
        BoardReportView {
            path: s.path.display().to_string(),
            pages: s.pages,
            bytes: s.bytes,
        }
    }
}

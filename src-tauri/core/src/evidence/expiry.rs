//! When evidence stops proving anything: its end date, or its issue date plus its review
//! interval, and the list of what expires soon.

use super::*;

impl Workspace {
    /// The day `days` after `today` (`YYYY-MM-DD`): what "expiring soon" runs up to.
    pub fn horizon(&self, today: &str, days: u32) -> Result<String, WorkspaceError> {
        self.connection()
            .query_row(
                "SELECT date(?1, ?2)",
                params![today, format!("+{days} days")],
                |r| r.get(0),
            )
            .map_err(db)
    }

    /// Evidence that has expired, or expires within `days` days of `today`, soonest first.
    pub fn expiring_evidence(
        &self,
        today: &str,
        days: u32,
    ) -> Result<Vec<Evidence>, WorkspaceError> {
        self.reading(|| {
            let horizon = self.horizon(today, days)?;
            let mut list: Vec<Evidence> = self
                .evidence_list(None)?
                .into_iter()
                .filter(|e| e.status != EvidenceStatus::Rejected)
                .filter(|e| {
                    e.expires_on
                        .as_deref()
                        .is_some_and(|d| d <= horizon.as_str())
                })
                .collect();
            list.sort_by(|a, b| a.expires_on.cmp(&b.expires_on).then(a.id.cmp(&b.id)));
            Ok(list)
        })
    }
}

//! Where the organisation stands: readiness, Statement of Applicability completeness, late
//! and unowned work, expiring evidence.

use super::*;

impl Readiness {
    /// The readiness of these controls (undecided ones count as not ready).
    pub fn of<'a>(controls: impl Iterator<Item = &'a ControlAssessment>) -> Readiness {
        let mut r = Readiness {
            applicable: 0,
            undecided: 0,
            implemented: 0,
            partially_implemented: 0,
            score: 0.0,
        };
        let mut weight = 0.0;
        for c in controls {
            match c.applicable {
                Some(true) => r.applicable += 1,
                None => {
                    r.undecided += 1;
                    continue;
                }
                Some(false) => continue,
            }
            weight += c.status.readiness_weight();
            match c.status {
                Status::Implemented => r.implemented += 1,
                Status::PartiallyImplemented => r.partially_implemented += 1,
                _ => {}
            }
        }
        let counted = r.applicable + r.undecided;
        r.score = if counted == 0 {
            0.0
        } else {
            weight / f64::from(counted)
        };
        r
    }
}

/// What the start screen shows of a workspace: whose it is, when it last changed, how ready.
#[derive(Debug, Clone, PartialEq)]
pub struct Glance {
    pub organisation: String,
    /// The newest change in the history; `None` for a workspace never changed.
    pub last_change: Option<String>,
    pub readiness: Readiness,
    pub decided: u32,
    pub controls: u32,
}

impl Workspace {
    /// The workspace at a glance, for a list of recent files.
    pub fn glance(&self) -> Result<Glance, WorkspaceError> {
        self.reading(|| {
            let controls = self.controls()?;
            let last_change = self
                .connection()
                .query_row("SELECT max(at) FROM history", [], |r| r.get(0))
                .map_err(db)?;
            Ok(Glance {
                organisation: self.organisation()?.name,
                last_change,
                readiness: Readiness::of(controls.iter()),
                decided: controls.iter().filter(|c| c.applicable.is_some()).count() as u32,
                controls: controls.len() as u32,
            })
        })
    }

    /// Readiness, SoA completeness, late and unowned work, as of `today` (`YYYY-MM-DD`),
    /// with evidence expiring within [`EXPIRY_WARNING_DAYS`].
    pub fn report(&self, today: &str) -> Result<Report, WorkspaceError> {
        self.report_within(today, EXPIRY_WARNING_DAYS)
    }

    /// The report, warning of evidence that expires within `expiry_days` of `today`.
    pub fn report_within(&self, today: &str, expiry_days: u32) -> Result<Report, WorkspaceError> {
        self.reading(|| {
            let controls = self.controls()?;
            let catalogue = Catalogue::bundled().map_err(|e| invalid(e.to_string()))?;
            let theme_of = |id: ControlId| id.theme();
            let by_theme = Theme::ALL
                .iter()
                .map(|t| {
                    (
                        *t,
                        Readiness::of(controls.iter().filter(|c| theme_of(c.id) == Some(*t))),
                    )
                })
                .collect();
            let mut owners: BTreeMap<String, Vec<&ControlAssessment>> = BTreeMap::new();
            for c in &controls {
                if let Some(o) = &c.owner {
                    owners.entry(o.clone()).or_default().push(c);
                }
            }
            let by_owner = owners
                .into_iter()
                .map(|(o, cs)| (o, Readiness::of(cs.into_iter())))
                .collect();
            let soa = SoaCompleteness {
                controls: catalogue.controls.len() as u32,
                decided: controls.iter().filter(|c| c.applicable.is_some()).count() as u32,
                excluded: controls
                    .iter()
                    .filter(|c| c.applicable == Some(false))
                    .count() as u32,
                excluded_without_justification: controls
                    .iter()
                    .filter(|c| c.applicable == Some(false) && c.justification.trim().is_empty())
                    .count() as u32,
            };
            Ok(Report {
                today: today.to_owned(),
                overall: Readiness::of(controls.iter()),
                by_theme,
                by_owner,
                soa,
                late_controls: controls
                    .iter()
                    .filter(|c| c.is_late(today))
                    .map(|c| c.id)
                    .collect(),
                unowned_applicable: controls
                    .iter()
                    .filter(|c| c.applicable == Some(true) && c.owner.is_none())
                    .map(|c| c.id)
                    .collect(),
                late_actions: self
                    .actions()?
                    .into_iter()
                    .filter(|a| a.is_late(today))
                    .collect(),
                missing_documents: self.missing_documents()?,
                expiring_evidence: self.expiring_evidence(today, expiry_days)?,
                expiry_window_days: expiry_days,
            })
        })
    }

    /// Today's date on this machine, `YYYY-MM-DD` (UTC), as SQLite computes it.
    pub fn today(&self) -> Result<String, WorkspaceError> {
        self.connection()
            .query_row("SELECT date('now')", [], |r| r.get(0))
            .map_err(db)
    }
}

//! The board report: a printable summary of where the organisation stands, for the people
//! who set policy and budget. One PDF made on this machine (no network, the font is built
//! in): readiness and its definition, the three dashboard charts drawn as vectors, the top
//! gaps, late actions and owners.
//!
//! [`Workspace::board_report`] gathers the numbers; [`render`] lays them out on A4 pages
//! (`compose`, measured by the font in `layout`) and writes the PDF with krilla.

mod compose;
mod layout;
#[cfg(test)]
mod tests;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::assessment::{Action, ControlAssessment, Readiness};
use crate::catalogue::ControlId;
use crate::catalogue::vocabulary::{Status, Theme};
use crate::charts::{Freshness, ReadinessPoint, stages_by_theme};
use crate::store::{Workspace, WorkspaceError};

/// How many gaps the report lists by name (the rest are counted).
pub const TOP_GAPS: usize = 12;

/// Everything the board report shows, gathered from one workspace on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardReport {
    pub organisation: String,
    /// `YYYY-MM-DD`.
    pub today: String,
    /// The workspace file's name, to say where the numbers come from.
    pub source: String,
    pub readiness: Readiness,
    pub decided: u32,
    pub controls: u32,
    pub excluded: u32,
    pub excluded_without_justification: u32,
    /// Controls per theme at each [`crate::charts::Stage`].
    pub stages: Vec<(Theme, [u32; 6])>,
    pub readiness_over_time: Vec<ReadinessPoint>,
    pub freshness: Freshness,
    /// The applicable or undecided controls furthest from done, at most [`TOP_GAPS`].
    pub gaps: Vec<Gap>,
    /// How many such controls there are in all.
    pub gaps_total: u32,
    pub late_actions: Vec<Action>,
    /// How many late controls and actions there are, and what they are in the words the
    /// dashboard and `annexa report` use ([`crate::assessment::Report::late_words`]).
    pub late_total: u32,
    pub late_words: String,
    pub owners: Vec<OwnerLine>,
    pub unowned_applicable: Vec<ControlId>,
    pub missing_documents: u32,
    /// The risk register as the board reads it.
    pub risks: BoardRisks,
}

/// How many risks above the criteria the report lists by name (the rest are counted).
pub const TOP_RISKS: usize = 10;

/// The risk register for the board: the heat maps' numbers, the open risks above what the
/// criteria accept (the most severe first) and what an auditor would flag.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRisks {
    pub method: crate::risks::RiskMethod,
    /// Open risks (closed ones are left out, as in the heat maps).
    pub open: u32,
    /// Counts per cell, now and residual ([`crate::charts::heat_counts`]).
    pub now: Vec<Vec<u32>>,
    pub residual: Vec<Vec<u32>>,
    /// At most [`TOP_RISKS`].
    pub above: Vec<RiskLine>,
    pub above_total: u32,
    /// The register's findings, in words.
    pub findings: Vec<String>,
}

/// One risk above the criteria.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskLine {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub level: String,
    pub target_level: Option<String>,
}

/// A control that is applicable (or not decided yet) and not implemented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub id: ControlId,
    pub title: String,
    pub status: Status,
    /// `None` while applicability is undecided.
    pub applicable: Option<bool>,
    pub owner: Option<String>,
    pub target_date: Option<String>,
    /// Its target date has passed.
    pub late: bool,
}

/// One owner's share: how many controls they own, how ready those are, what of theirs is late.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerLine {
    pub name: String,
    pub controls: u32,
    pub readiness: Readiness,
    pub late_controls: u32,
    pub late_actions: u32,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardSummary {
    pub path: PathBuf,
    pub pages: u32,
    pub bytes: u64,
}

/// How far a control is from done, furthest first: the order gaps are listed in.
fn distance(c: &ControlAssessment) -> u8 {
    match (c.applicable, c.status) {
        (Some(true), Status::NotImplemented) => 0,
        (Some(true), Status::NotAssessed) => 1,
        (None, _) => 2,
        (_, Status::Planned) => 3,
        _ => 4,
    }
}

impl Workspace {
    /// The board report's numbers as of `today` (`YYYY-MM-DD`), evidence expiring within
    /// `window` days counted as expiring.
    pub fn board_report(&self, today: &str, window: u32) -> Result<BoardReport, WorkspaceError> {
        self.reading(|| {
            let report = self.report_within(today, window)?;
            let controls = self.controls()?;
            let catalogue = crate::Catalogue::bundled().map_err(|e| WorkspaceError::Invalid {
                message: e.to_string(),
            })?;
            let title = |id: ControlId| {
                catalogue
                    .controls
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.title.clone())
                    .unwrap_or_default()
            };
            let mut open: Vec<&ControlAssessment> = controls
                .iter()
                .filter(|c| c.applicable != Some(false) && c.status != Status::Implemented)
                .collect();
            open.sort_by_key(|c| (distance(c), c.id));
            let gaps = open
                .iter()
                .take(TOP_GAPS)
                .map(|c| Gap {
                    id: c.id,
                    title: title(c.id),
                    status: c.status,
                    applicable: c.applicable,
                    owner: c.owner.clone(),
                    target_date: c.target_date.clone(),
                    late: c.is_late(today),
                })
                .collect();
            let owners = report
                .by_owner
                .iter()
                .map(|(name, readiness)| {
                    let owned: Vec<&ControlAssessment> = controls
                        .iter()
                        .filter(|c| c.owner.as_deref() == Some(name.as_str()))
                        .collect();
                    OwnerLine {
                        name: name.clone(),
                        controls: owned.len() as u32,
                        readiness: readiness.clone(),
                        late_controls: owned.iter().filter(|c| c.is_late(today)).count() as u32,
                        late_actions: report
                            .late_actions
                            .iter()
                            .filter(|a| a.assignee.as_deref() == Some(name.as_str()))
                            .count() as u32,
                    }
                })
                .collect();
            let source = self
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(BoardReport {
                organisation: self.organisation()?.name,
                today: today.to_owned(),
                source,
                readiness: report.overall.clone(),
                decided: report.soa.decided,
                controls: report.soa.controls,
                excluded: report.soa.excluded,
                excluded_without_justification: report.soa.excluded_without_justification,
                stages: stages_by_theme(&controls),
                readiness_over_time: self.readiness_points(&controls, today)?,
                freshness: self.freshness(&self.evidence_list(None)?, today, window)?,
                gaps_total: open.len() as u32,
                gaps,
                late_total: report.late_total(),
                late_words: report.late_words(),
                late_actions: report.late_actions,
                owners,
                unowned_applicable: report.unowned_applicable,
                missing_documents: report.missing_documents.len() as u32,
                risks: self.board_risks(today)?,
            })
        })
    }

    fn board_risks(&self, today: &str) -> Result<BoardRisks, WorkspaceError> {
        let method = self.risk_method()?.method;
        let open: Vec<crate::risks::Risk> = self
            .risks()?
            .into_iter()
            .filter(|r| r.status != crate::risks::RiskStatus::Closed)
            .collect();
        let rated = |l, i| method.rate(l, i).ok();
        let mut above: Vec<(crate::risks::Rating, &crate::risks::Risk)> = open
            .iter()
            .filter_map(|r| rated(r.likelihood, r.impact).map(|x| (x, r)))
            .filter(|(x, _)| !x.acceptable)
            .collect();
        above.sort_by_key(|(x, r)| {
            (
                std::cmp::Reverse((x.band, u16::from(x.likelihood) * u16::from(x.impact))),
                r.id,
            )
        });
        let now: Vec<(u8, u8)> = open.iter().map(|r| (r.likelihood, r.impact)).collect();
        let residual: Vec<(u8, u8)> = open.iter().map(|r| r.residual_rating()).collect();
        Ok(BoardRisks {
            open: open.len() as u32,
            now: crate::charts::heat_counts(&method, &now),
            residual: crate::charts::heat_counts(&method, &residual),
            above_total: above.len() as u32,
            above: above
                .iter()
                .take(TOP_RISKS)
                .map(|(x, r)| RiskLine {
                    id: r.reference(),
                    title: r.title.clone(),
                    owner: r.owner.clone(),
                    level: x.level.clone(),
                    target_level: r
                        .target_likelihood
                        .zip(r.target_impact)
                        .and_then(|(l, i)| rated(l, i))
                        .map(|t| t.level),
                })
                .collect(),
            findings: self
                .risk_findings(today)?
                .into_iter()
                .map(|f| f.message)
                .collect(),
            method,
        })
    }

    /// Writes the board report as of `today` (evidence expiring within `window` days counted
    /// as expiring) to `dest` as PDF, through a temporary file beside it renamed at the end.
    /// An existing file is kept unless `overwrite`.
    pub fn write_board_report(
        &self,
        dest: &Path,
        today: &str,
        window: u32,
        overwrite: bool,
    ) -> Result<BoardSummary, WorkspaceError> {
        self.reading(|| {
            if dest.is_dir() {
                return Err(WorkspaceError::Invalid {
                    message: format!(
                        "{} is a folder; give the report a file name, e.g. board-report.pdf",
                        dest.display()
                    ),
                });
            }
            if !overwrite && dest.exists() {
                return Err(WorkspaceError::AlreadyExists {
                    path: dest.to_owned(),
                });
            }
            let (bytes, pages) = render(&self.board_report(today, window)?)?;
            let io = |source| WorkspaceError::Io {
                path: dest.to_owned(),
                source,
            };
            let dir = dest
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut tmp = tempfile::Builder::new()
                .prefix(".annexa-report-")
                .suffix(".part")
                .tempfile_in(dir)
                .map_err(io)?;
            tmp.write_all(&bytes).map_err(io)?;
            tmp.as_file().sync_all().map_err(io)?;
            if overwrite {
                tmp.persist(dest).map_err(|e| io(e.error))?;
            } else {
                tmp.persist_noclobber(dest).map_err(|e| {
                    if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                        WorkspaceError::AlreadyExists {
                            path: dest.to_owned(),
                        }
                    } else {
                        io(e.error)
                    }
                })?;
            }
            Ok(BoardSummary {
                path: dest.to_owned(),
                pages,
                bytes: bytes.len() as u64,
            })
        })
    }
}

/// The report as PDF bytes, and how many pages it has.
pub fn render(report: &BoardReport) -> Result<(Vec<u8>, u32), WorkspaceError> {
    let pages = compose::pages(report);
    let count = pages.len() as u32;
    let title = format!("Information security readiness: {}", report.organisation);
    let bytes =
        layout::pdf(&pages, &title, &report.today).map_err(|message| WorkspaceError::Unknown {
            message: format!("could not write the PDF: {message}"),
        })?;
    Ok((bytes, count))
}

//! Assessment rounds (ISO/IEC 27001 8.2): the register frozen on a day and approved by someone,
//! so that an auditor sees when the risks were assessed, and what changed from one round to
//! the next (a risk added or gone, a level that rose or fell).

use serde::{Deserialize, Serialize};

use super::{RiskMethod, store};
use crate::store::{Workspace, WorkspaceError, invalid};

/// A risk as a round froze it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundRisk {
    /// `R-001`.
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub likelihood: u8,
    pub impact: u8,
    pub level: String,
    pub treatment: Option<String>,
    pub status: String,
}

/// An approved assessment round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskRound {
    pub name: String,
    pub approved_by: String,
    pub approved_at: String,
    pub risks: Vec<RoundRisk>,
}

/// One difference between two states of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundChange {
    /// `R-001`.
    pub risk: String,
    pub title: String,
    /// `added`, `removed`, `level` or `rating`.
    pub change: &'static str,
    pub before: String,
    pub after: String,
    /// True when the risk got worse: a higher level (a risk added is not counted).
    pub regression: bool,
}

impl Workspace {
    /// Freezes the register as it is now as an approved round, named `name` (default: the
    /// date). Refused with no risk to freeze.
    pub fn approve_risk_round(
        &mut self,
        name: Option<&str>,
        by: &str,
        actor: &str,
    ) -> Result<RiskRound, WorkspaceError> {
        let today = self.today()?;
        let name = name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map_or_else(|| format!("Risk assessment {today}"), str::to_owned);
        let frozen = self.register_now()?;
        if frozen.is_empty() {
            return Err(invalid(
                "the register has no risk yet: there is no assessment to approve",
            ));
        }
        let json = serde_json::to_string(&frozen)
            .map_err(|e| invalid(format!("the round cannot be written: {e}")))?;
        self.write_register(actor, |tx| store::insert_round(tx, &name, by, &json, actor))?;
        self.risk_rounds()?
            .into_iter()
            .find(|r| r.name.eq_ignore_ascii_case(&name))
            .ok_or_else(|| invalid("the new round is gone"))
    }

    /// The approved rounds, oldest first.
    pub fn risk_rounds(&self) -> Result<Vec<RiskRound>, WorkspaceError> {
        self.reading(|| {
            store::read_rounds(self.connection())?
                .into_iter()
                .map(|(name, approved_by, approved_at, json)| {
                    let risks = serde_json::from_str(&json)
                        .map_err(|e| invalid(format!("the round {name:?} cannot be read: {e}")))?;
                    Ok(RiskRound {
                        name,
                        approved_by,
                        approved_at,
                        risks,
                    })
                })
                .collect()
        })
    }

    /// What changed from the round `from` to the round `to`, or to now.
    pub fn compare_risk_rounds(
        &self,
        from: &str,
        to: Option<&str>,
    ) -> Result<Vec<RoundChange>, WorkspaceError> {
        let rounds = self.risk_rounds()?;
        let find = |name: &str| {
            rounds
                .iter()
                .find(|r| r.name.eq_ignore_ascii_case(name.trim()))
                .map(|r| r.risks.clone())
                .ok_or_else(|| crate::store::WorkspaceError::Unknown {
                    message: format!("there is no round named {:?}", name.trim()),
                })
        };
        let before = find(from)?;
        let after = match to {
            Some(name) => find(name)?,
            None => self.register_now()?,
        };
        let method = self.risk_method()?.method;
        Ok(compare(&before, &after, &method))
    }

    /// The register as a round would freeze it now.
    fn register_now(&self) -> Result<Vec<RoundRisk>, WorkspaceError> {
        self.reading(|| frozen(self.connection()))
    }

    /// Freezes the assessment and the risk register under `name`, in one transaction: what a
    /// comparison of two snapshots says about the controls and about the risks.
    pub fn take_snapshot(
        &mut self,
        name: &str,
        actor: &str,
    ) -> Result<crate::assessment::Snapshot, WorkspaceError> {
        self.write(|tx| {
            let id = crate::assessment::snapshot_in(tx, name, actor, None)?;
            let json = serde_json::to_string(&frozen(tx)?)
                .map_err(|e| invalid(format!("the snapshot cannot be written: {e}")))?;
            store::insert_snapshot_register(tx, id, &json)
        })?;
        self.snapshot_named(name)
    }

    /// The register as the snapshot `name` froze it; `None` for a snapshot taken before
    /// snapshots kept the register.
    pub fn snapshot_register(&self, name: &str) -> Result<Option<Vec<RoundRisk>>, WorkspaceError> {
        let snapshot = self.snapshot_named(name)?;
        self.reading(|| store::read_snapshot_register(self.connection(), snapshot.id))?
            .map(|json| {
                serde_json::from_str(&json).map_err(|e| {
                    invalid(format!(
                        "the register of snapshot {name:?} cannot be read: {e}"
                    ))
                })
            })
            .transpose()
    }

    /// What changed to the risks from the snapshot `from` to the snapshot `to`, or to now:
    /// nothing when either snapshot was taken before snapshots kept the register.
    pub fn compare_snapshot_registers(
        &self,
        from: &str,
        to: Option<&str>,
    ) -> Result<Vec<RoundChange>, WorkspaceError> {
        let Some(before) = self.snapshot_register(from)? else {
            return Ok(Vec::new());
        };
        let after = match to {
            Some(name) => match self.snapshot_register(name)? {
                Some(after) => after,
                None => return Ok(Vec::new()),
            },
            None => self.register_now()?,
        };
        Ok(compare(&before, &after, &self.risk_method()?.method))
    }
}

/// The register as a round or a snapshot freezes it, read on `conn` (a transaction's, when
/// it is frozen with something else).
fn frozen(conn: &rusqlite::Connection) -> Result<Vec<RoundRisk>, WorkspaceError> {
    let method = store::read_method(conn)?.method;
    Ok(store::read_risks(conn, None)?
        .iter()
        .map(|r| RoundRisk {
            id: r.reference(),
            title: r.title.clone(),
            owner: r.owner.clone(),
            likelihood: r.likelihood,
            impact: r.impact,
            level: method
                .rate(r.likelihood, r.impact)
                .map(|x| x.level)
                .unwrap_or_default(),
            treatment: r.treatment.map(|t| t.to_string()),
            status: r.status.to_string(),
        })
        .collect())
}

/// The differences from `before` to `after`, by risk number; a level is compared by its place
/// among the method's levels.
pub fn compare(before: &[RoundRisk], after: &[RoundRisk], method: &RiskMethod) -> Vec<RoundChange> {
    let place = |level: &str| method.bands.iter().position(|b| b.name == level);
    let mut out = Vec::new();
    for a in after {
        match before.iter().find(|b| b.id == a.id) {
            None => out.push(RoundChange {
                risk: a.id.clone(),
                title: a.title.clone(),
                change: "added",
                before: String::new(),
                after: format!("{} ({} × {})", a.level, a.likelihood, a.impact),
                regression: false,
            }),
            Some(b) if b.level != a.level => out.push(RoundChange {
                risk: a.id.clone(),
                title: a.title.clone(),
                change: "level",
                before: format!("{} ({} × {})", b.level, b.likelihood, b.impact),
                after: format!("{} ({} × {})", a.level, a.likelihood, a.impact),
                regression: place(&a.level) > place(&b.level),
            }),
            Some(b) if (b.likelihood, b.impact) != (a.likelihood, a.impact) => {
                out.push(RoundChange {
                    risk: a.id.clone(),
                    title: a.title.clone(),
                    change: "rating",
                    before: format!("{} × {}", b.likelihood, b.impact),
                    after: format!("{} × {}", a.likelihood, a.impact),
                    regression: false,
                });
            }
            Some(_) => {}
        }
    }
    for b in before
        .iter()
        .filter(|b| !after.iter().any(|a| a.id == b.id))
    {
        out.push(RoundChange {
            risk: b.id.clone(),
            title: b.title.clone(),
            change: "removed",
            before: format!("{} ({} × {})", b.level, b.likelihood, b.impact),
            after: String::new(),
            regression: false,
        });
    }
    out
}

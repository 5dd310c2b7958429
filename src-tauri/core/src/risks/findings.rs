//! What an auditor will flag about the risks: criteria not adopted, a risk without an owner,
//! a plan not approved, a residual risk not accepted or accepted until a day gone by, a
//! control chosen by a risk but excluded from the Statement of Applicability.

use super::{Acceptance, AdoptedMethod, Risk, RiskFinding, RiskStatus};
use crate::catalogue::ControlId;
use crate::store::{Workspace, WorkspaceError};

impl Workspace {
    /// What an auditor will flag about the risks on `today`.
    pub fn risk_findings(&self, today: &str) -> Result<Vec<RiskFinding>, WorkspaceError> {
        self.reading(|| {
            let adopted = self.risk_method()?;
            let risks = self.risks()?;
            let excluded: Vec<ControlId> = self
                .controls()?
                .into_iter()
                .filter(|c| c.applicable == Some(false))
                .map(|c| c.id)
                .collect();
            Ok(findings(&adopted, &risks, &excluded, today))
        })
    }
}

/// The findings of [`Workspace::risk_findings`], from what was read.
pub fn findings(
    adopted: &AdoptedMethod,
    risks: &[Risk],
    excluded: &[ControlId],
    today: &str,
) -> Vec<RiskFinding> {
    let mut out = Vec::new();
    if adopted.approved_by.is_none() {
        out.push(RiskFinding {
            risk: None,
            kind: "method_not_approved",
            message: format!(
                "the risk criteria ({}) have not been adopted: `annexa risks method --approve \
                 --by NAME` records who adopted them",
                adopted.method.preset
            ),
        });
    }
    for r in risks.iter().filter(|r| r.status != RiskStatus::Closed) {
        let mut add = |kind: &'static str, message: String| {
            out.push(RiskFinding {
                risk: Some(r.reference()),
                kind,
                message,
            });
        };
        if r.owner.is_none() {
            add("no_owner", format!("{} has no risk owner", r.reference()));
        }
        if super::needs_plan(r, &adopted.method) && !r.plan_approved() {
            add(
                "plan_not_approved",
                match r.treatment {
                    None => format!(
                        "{} is above the acceptable level and has no treatment plan",
                        r.reference()
                    ),
                    Some(_) => format!(
                        "{}'s treatment plan is not approved by its owner",
                        r.reference()
                    ),
                },
            );
        }
        match r.acceptance(today) {
            Acceptance::Holds => {}
            Acceptance::Lapsed => add(
                "acceptance_lapsed",
                format!(
                    "{}'s residual risk was accepted until {}",
                    r.reference(),
                    r.residual
                        .as_ref()
                        .and_then(|d| d.until.clone())
                        .unwrap_or_default()
                ),
            ),
            Acceptance::None => add(
                "residual_not_accepted",
                format!(
                    "{}'s residual risk is not accepted by its owner",
                    r.reference()
                ),
            ),
        }
        for c in r.controls.iter().filter(|c| excluded.contains(c)) {
            add(
                "excluded_control_chosen",
                format!(
                    "{} is chosen to treat {} but is marked not applicable",
                    c.prefixed(),
                    r.reference()
                ),
            );
        }
    }
    out
}

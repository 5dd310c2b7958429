//! The risk owner's two decisions (6.1.3 f): approving a risk's treatment plan and accepting
//! its residual risk, given by the owner or recorded as given on their behalf; and leaving the
//! directory, which hands the register over first.

use super::{DecisionInput, Risk, store};
use crate::store::{Workspace, WorkspaceError, check_date, invalid};

impl Workspace {
    /// The risk owner approves (or, `approve` false, rejects) the treatment plan of a risk.
    pub fn decide_plan(
        &mut self,
        id: i64,
        approve: bool,
        input: &DecisionInput,
        actor: &str,
    ) -> Result<Risk, WorkspaceError> {
        let risk = self.risk(id)?;
        if approve && risk.treatment.is_none() {
            return Err(invalid(format!(
                "{} has no treatment yet: choose one (--treatment) before approving the plan",
                risk.reference()
            )));
        }
        let decision = if approve {
            "plan_approved"
        } else {
            "plan_rejected"
        };
        self.decide(&risk, decision, input, actor)
    }

    /// The risk owner accepts (or, `accept` false, rejects) the residual risk of each of
    /// `ids`. Several at once (a collective sign-off) only within the acceptance criteria; a
    /// residual risk above them is accepted one by one, with the reason in `note`.
    pub fn decide_residual(
        &mut self,
        ids: &[i64],
        accept: bool,
        input: &DecisionInput,
        actor: &str,
    ) -> Result<Vec<Risk>, WorkspaceError> {
        if ids.is_empty() {
            return Err(invalid("name the risks whose residual risk is decided"));
        }
        check_date("acceptance end date", &input.until)?;
        let method = self.risk_method()?.method;
        let risks = ids
            .iter()
            .map(|id| self.risk(*id))
            .collect::<Result<Vec<_>, _>>()?;
        if accept {
            for r in &risks {
                let (l, i) = r.residual_rating();
                let rating = method.rate(l, i).map_err(invalid)?;
                if !rating.acceptable && (risks.len() > 1 || input.note.trim().is_empty()) {
                    return Err(invalid(format!(
                        "{}'s residual risk is {} ({l} × {i}), above what the criteria accept \
                         ({}): accept it on its own, with the reason (--note)",
                        r.reference(),
                        rating.level,
                        method.acceptable
                    )));
                }
            }
        }
        let decision = if accept {
            "residual_accepted"
        } else {
            "residual_rejected"
        };
        self.check_decider(&risks, input)?;
        let today = self.today()?;
        if input.until.as_deref().is_some_and(|u| u < today.as_str()) {
            return Err(invalid(format!(
                "an acceptance until {} would have lapsed already (today is {today})",
                input.until.as_deref().unwrap_or_default()
            )));
        }
        self.write_register(actor, |tx| {
            for r in &risks {
                store::insert_decision(tx, r, decision, input, actor)?;
            }
            Ok(())
        })?;
        ids.iter().map(|id| self.risk(*id)).collect()
    }

    /// The risk owner rejects both the treatment plan and the residual risk of a risk: one
    /// decision, so one transaction.
    pub fn reject_risk(
        &mut self,
        id: i64,
        input: &DecisionInput,
        actor: &str,
    ) -> Result<Risk, WorkspaceError> {
        let risk = self.risk(id)?;
        self.check_decider(std::slice::from_ref(&risk), input)?;
        self.write_register(actor, |tx| {
            store::insert_decision(tx, &risk, "plan_rejected", input, actor)?;
            store::insert_decision(tx, &risk, "residual_rejected", input, actor)
        })?;
        self.risk(id)
    }

    fn decide(
        &mut self,
        risk: &Risk,
        decision: &'static str,
        input: &DecisionInput,
        actor: &str,
    ) -> Result<Risk, WorkspaceError> {
        self.check_decider(std::slice::from_ref(risk), input)?;
        self.write_register(actor, |tx| {
            store::insert_decision(tx, risk, decision, input, actor)
        })?;
        self.risk(risk.id)
    }

    /// A decision is the risk owner's; someone else gives it only on their behalf.
    fn check_decider(&self, risks: &[Risk], input: &DecisionInput) -> Result<(), WorkspaceError> {
        let by = self.person_named(&input.by)?;
        for r in risks {
            let Some(owner) = &r.owner else {
                return Err(invalid(format!(
                    "{} has no owner: give it one (--owner) before deciding on it",
                    r.reference()
                )));
            };
            if !owner.eq_ignore_ascii_case(&by) && !input.on_behalf {
                return Err(invalid(format!(
                    "{}'s owner is {owner}, not {by}: {by} may decide for them only with \
                     --on-behalf, which is recorded",
                    r.reference()
                )));
            }
        }
        Ok(())
    }

    /// Removes a person from the directory, handing the risks and assets they own to
    /// `reassign_to` with the rest of what they answer for (`assessment::remove_person_in`),
    /// all in one transaction. Refused while they own risks or assets and nobody takes them
    /// over, and for anyone whose decisions on risks are on record: those stay signed by them.
    pub fn remove_person(
        &mut self,
        name: &str,
        reassign_to: Option<&str>,
        actor: &str,
    ) -> Result<
        (
            crate::assessment::Person,
            crate::assessment::Responsibilities,
        ),
        WorkspaceError,
    > {
        self.write_register(actor, |tx| {
            let (id, canonical) = crate::store::known_person(tx, name)?;
            let (risks, assets, decisions) = store::held_by(tx, id)?;
            if decisions > 0 {
                return Err(invalid(format!(
                    "{canonical} gave {decisions} of the risk owners' decisions, adoptions of the \
                     risk method or approvals of a round; they stay in the directory so that \
                     those stay theirs"
                )));
            }
            let owned: Vec<String> = risks.iter().chain(&assets).cloned().collect();
            match reassign_to.map(str::trim).filter(|t| !t.is_empty()) {
                None if !owned.is_empty() => {
                    return Err(invalid(format!(
                        "{canonical} owns {}; name who takes it over with --reassign NAME",
                        owned.join(", ")
                    )));
                }
                Some(to) if !owned.is_empty() => {
                    let to_id = crate::store::person_id(tx, actor, to)?;
                    let (_, to_name) = crate::store::known_person(tx, to)?;
                    if to_id != id {
                        store::hand_over(tx, actor, (id, &canonical), (to_id, &to_name))?;
                    }
                }
                _ => {}
            }
            crate::assessment::remove_person_in(tx, name, reassign_to, actor)
        })
    }
}

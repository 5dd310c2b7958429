//! The risk register as it leaves the core (`annexa risks`, `annexa assets`, the report's
//! risk findings): ratings with their levels in words, decisions with who gave them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::vocabulary::Status;
use crate::risks::{
    Acceptance, AdoptedMethod, Asset, AssetKind, DecisionInput, NewAsset, OwnControl,
    OwnControlPatch, Risk, RiskFinding, RiskKind, RiskMethod, RiskPatch, RiskRound, RiskStatus,
    RoundChange, ScaleLevel, Treatment,
};

use super::charts::ChartView;
use super::timestamp;

/// One level of a scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ScaleLevelView {
    /// Its number on the scale, from 1.
    pub value: u8,
    pub name: String,
    pub description: String,
}

/// A risk level: a band of ratings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RiskLevelView {
    pub name: String,
    pub colour: String,
    /// Without a custom matrix, the highest likelihood × impact in the band.
    pub up_to: u32,
    pub acceptable: bool,
}

/// The risk method, as `annexa risks method --format json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RiskMethodView {
    pub preset: String,
    pub likelihood: Vec<ScaleLevelView>,
    pub impact: Vec<ScaleLevelView>,
    pub levels: Vec<RiskLevelView>,
    /// The level of each cell, likelihood rows lowest first, impact columns lowest first.
    pub matrix: Vec<Vec<String>>,
    pub acceptable: String,
    pub review_months: u32,
    pub triggers: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
}

fn scale(levels: &[ScaleLevel]) -> Vec<ScaleLevelView> {
    levels
        .iter()
        .enumerate()
        .map(|(i, l)| ScaleLevelView {
            value: (i + 1) as u8,
            name: l.name.clone(),
            description: l.description.clone(),
        })
        .collect()
}

impl From<&AdoptedMethod> for RiskMethodView {
    fn from(a: &AdoptedMethod) -> Self {
        let m = &a.method;
        let acceptable_band = m.bands.iter().position(|b| b.name == m.acceptable);
        RiskMethodView {
            preset: m.preset.clone(),
            likelihood: scale(&m.likelihood),
            impact: scale(&m.impact),
            levels: m
                .bands
                .iter()
                .enumerate()
                .map(|(i, b)| RiskLevelView {
                    name: b.name.clone(),
                    colour: b.colour.clone(),
                    up_to: b.up_to,
                    acceptable: acceptable_band.is_some_and(|a| i <= a),
                })
                .collect(),
            matrix: m
                .cells()
                .iter()
                .map(|row| row.iter().map(|r| r.level.clone()).collect())
                .collect(),
            acceptable: m.acceptable.clone(),
            review_months: m.review_months,
            triggers: m.triggers.clone(),
            approved_by: a.approved_by.clone(),
            approved_at: a.approved_at.as_deref().map(timestamp),
        }
    }
}

/// An asset, as `annexa assets list --format json` prints each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AssetView {
    pub name: String,
    pub kind: String,
    pub owner: Option<String>,
    pub confidentiality: Option<u8>,
    pub integrity: Option<u8>,
    pub availability: Option<u8>,
    /// How many risks concern it.
    pub risks: u32,
}

impl From<&Asset> for AssetView {
    fn from(a: &Asset) -> Self {
        AssetView {
            name: a.name.clone(),
            kind: a.kind.to_string(),
            owner: a.owner.clone(),
            confidentiality: a.confidentiality,
            integrity: a.integrity,
            availability: a.availability,
            risks: a.risks,
        }
    }
}

/// A risk, as `annexa risks list --format json` prints each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RiskView {
    /// `R-001`.
    pub id: String,
    pub kind: String,
    pub title: String,
    pub scenario: String,
    pub threat: String,
    pub vulnerability: String,
    /// Which of `confidentiality`, `integrity`, `availability` it concerns.
    pub concerns: Vec<String>,
    pub assets: Vec<String>,
    pub owner: Option<String>,
    pub likelihood: u8,
    pub impact: u8,
    pub level: String,
    pub acceptable: bool,
    pub rated_on: String,
    pub treatment: Option<String>,
    pub controls: Vec<String>,
    /// The organisation's own controls chosen to treat it (`ORG-1`).
    pub own_controls: Vec<String>,
    #[ts(type = "number[]")]
    pub actions: Vec<i64>,
    pub target_likelihood: Option<u8>,
    pub target_impact: Option<u8>,
    pub target_level: Option<String>,
    /// The level of the residual risk the owner accepts (the target until the treatment is
    /// done, the rating after it).
    pub residual_level: String,
    pub status: String,
    pub next_review: Option<String>,
    pub plan_approved_by: Option<String>,
    pub plan_approved_at: Option<String>,
    pub accepted_by: Option<String>,
    pub accepted_at: Option<String>,
    pub accepted_until: Option<String>,
    /// Why it was accepted, as the decision gave it (needed above the criteria).
    pub accepted_note: Option<String>,
    /// `holds`, `lapsed` or `none`.
    pub acceptance: String,
    pub updated_at: String,
}

impl RiskView {
    pub fn new(r: &Risk, method: &RiskMethod, today: &str) -> Self {
        let level = |l: u8, i: u8| method.rate(l, i).ok();
        let now = level(r.likelihood, r.impact);
        let (rl, ri) = r.residual_rating();
        let approved = r.plan.as_ref().filter(|_| r.plan_approved());
        let acceptance = r.acceptance(today);
        let accepted = r
            .residual
            .as_ref()
            .filter(|_| acceptance != Acceptance::None);
        RiskView {
            id: r.reference(),
            kind: r.kind.to_string(),
            title: r.title.clone(),
            scenario: r.scenario.clone(),
            threat: r.threat.clone(),
            vulnerability: r.vulnerability.clone(),
            concerns: [
                (r.confidentiality, "confidentiality"),
                (r.integrity, "integrity"),
                (r.availability, "availability"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| (*name).to_owned())
            .collect(),
            assets: r.assets.clone(),
            owner: r.owner.clone(),
            likelihood: r.likelihood,
            impact: r.impact,
            level: now.as_ref().map(|x| x.level.clone()).unwrap_or_default(),
            acceptable: now.as_ref().is_some_and(|x| x.acceptable),
            rated_on: r.rated_on.clone(),
            treatment: r.treatment.map(|t| t.to_string()),
            controls: r.controls.iter().map(|c| c.prefixed()).collect(),
            own_controls: r.own_controls.clone(),
            actions: r.actions.clone(),
            target_likelihood: r.target_likelihood,
            target_impact: r.target_impact,
            target_level: r
                .target_likelihood
                .zip(r.target_impact)
                .and_then(|(l, i)| level(l, i))
                .map(|x| x.level),
            residual_level: level(rl, ri).map(|x| x.level).unwrap_or_default(),
            status: r.status.to_string(),
            next_review: r.next_review.clone(),
            plan_approved_by: approved.map(|d| d.by.clone()),
            plan_approved_at: approved.map(|d| timestamp(&d.at)),
            accepted_by: accepted.map(|d| d.by.clone()),
            accepted_at: accepted.map(|d| timestamp(&d.at)),
            accepted_until: accepted.and_then(|d| d.until.clone()),
            accepted_note: accepted.map(|d| d.note.clone()).filter(|n| !n.is_empty()),
            acceptance: match acceptance {
                Acceptance::Holds => "holds",
                Acceptance::Lapsed => "lapsed",
                Acceptance::None => "none",
            }
            .to_owned(),
            updated_at: timestamp(&r.updated_at),
        }
    }
}

/// Something about the risks an auditor will flag, in `annexa report`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RiskFindingView {
    /// `R-001`, or `null` for a finding about the method.
    pub risk: Option<String>,
    pub kind: String,
    pub message: String,
}

impl From<&RiskFinding> for RiskFindingView {
    fn from(f: &RiskFinding) -> Self {
        RiskFindingView {
            risk: f.risk.clone(),
            kind: f.kind.to_owned(),
            message: f.message.clone(),
        }
    }
}

/// An approved assessment round, as `annexa risks rounds --format json` prints each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RiskRoundView {
    pub name: String,
    pub approved_by: String,
    pub approved_at: String,
    /// How many risks it froze.
    pub risks: u32,
}

impl From<&RiskRound> for RiskRoundView {
    fn from(r: &RiskRound) -> Self {
        RiskRoundView {
            name: r.name.clone(),
            approved_by: r.approved_by.clone(),
            approved_at: timestamp(&r.approved_at),
            risks: r.risks.len() as u32,
        }
    }
}

/// One difference between two rounds (`annexa risks compare`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RoundChangeView {
    pub risk: String,
    pub title: String,
    pub change: String,
    pub before: String,
    pub after: String,
    pub regression: bool,
}

impl From<&RoundChange> for RoundChangeView {
    fn from(c: &RoundChange) -> Self {
        RoundChangeView {
            risk: c.risk.clone(),
            title: c.title.clone(),
            change: c.change.to_owned(),
            before: c.before.clone(),
            after: c.after.clone(),
            regression: c.regression,
        }
    }
}

/// The Risks view's whole register in one reply: the method, the risks, the assets, the two
/// heat maps (now and residual, drawn by the core) and what an auditor would flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RiskRegisterView {
    pub method: RiskMethodView,
    pub risks: Vec<RiskView>,
    pub assets: Vec<AssetView>,
    /// The organisation's own controls, beyond Annex A.
    pub own_controls: Vec<OwnControlView>,
    /// "Risks now" and "Residual risks"; none while the register is empty.
    pub heat_maps: Vec<ChartView>,
    pub findings: Vec<RiskFindingView>,
}

impl RiskRegisterView {
    /// The register of `ws` as it stands today.
    pub fn of(ws: &crate::store::Workspace) -> Result<Self, crate::store::WorkspaceError> {
        let today = ws.today()?;
        let adopted = ws.risk_method()?;
        let risks = ws.risks()?;
        let excluded: Vec<crate::catalogue::ControlId> = ws
            .controls()?
            .into_iter()
            .filter(|c| c.applicable == Some(false))
            .map(|c| c.id)
            .collect();
        let heat_maps = if risks.is_empty() {
            Vec::new()
        } else {
            crate::charts::risk_heat_maps(&adopted.method, &risks)
                .iter()
                .map(ChartView::from)
                .collect()
        };
        Ok(RiskRegisterView {
            method: RiskMethodView::from(&adopted),
            risks: risks
                .iter()
                .map(|r| RiskView::new(r, &adopted.method, &today))
                .collect(),
            assets: ws.assets()?.iter().map(AssetView::from).collect(),
            own_controls: ws
                .own_controls()?
                .iter()
                .map(OwnControlView::from)
                .collect(),
            heat_maps,
            // From the risks read above, not read again.
            findings: crate::risks::findings(&adopted, &risks, &excluded, &today)
                .iter()
                .map(RiskFindingView::from)
                .collect(),
        })
    }
}

/// Which of confidentiality, integrity and availability a risk concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Concern {
    Confidentiality,
    Integrity,
    Availability,
}

/// A new risk, or a change to one, from the window: each field given is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
pub struct RiskInputView {
    #[ts(optional)]
    pub kind: Option<RiskKind>,
    #[ts(optional)]
    pub title: Option<String>,
    #[ts(optional)]
    pub scenario: Option<String>,
    #[ts(optional)]
    pub threat: Option<String>,
    #[ts(optional)]
    pub vulnerability: Option<String>,
    #[ts(optional)]
    pub concerns: Option<Vec<Concern>>,
    #[ts(optional)]
    pub owner: Option<String>,
    #[ts(optional)]
    pub likelihood: Option<u8>,
    #[ts(optional)]
    pub impact: Option<u8>,
    #[ts(optional)]
    pub treatment: Option<Treatment>,
    #[ts(optional)]
    pub target_likelihood: Option<u8>,
    #[ts(optional)]
    pub target_impact: Option<u8>,
    #[ts(optional)]
    pub status: Option<RiskStatus>,
    #[ts(optional)]
    pub next_review: Option<String>,
    #[ts(optional)]
    pub add_assets: Option<Vec<String>>,
    #[ts(optional)]
    pub remove_assets: Option<Vec<String>>,
    #[ts(optional)]
    pub add_controls: Option<Vec<String>>,
    #[ts(optional)]
    pub remove_controls: Option<Vec<String>>,
    #[ts(optional, type = "number[]")]
    pub add_actions: Option<Vec<i64>>,
    #[ts(optional, type = "number[]")]
    pub remove_actions: Option<Vec<i64>>,
}

impl RiskInputView {
    pub fn patch(&self) -> RiskPatch {
        let list = |l: &Option<Vec<String>>| l.clone().unwrap_or_default();
        RiskPatch {
            kind: self.kind,
            title: self.title.clone(),
            scenario: self.scenario.clone(),
            threat: self.threat.clone(),
            vulnerability: self.vulnerability.clone(),
            cia: self.concerns.as_ref().map(|c| {
                c.iter()
                    .map(|x| match x {
                        Concern::Confidentiality => "c",
                        Concern::Integrity => "i",
                        Concern::Availability => "a",
                    })
                    .collect()
            }),
            owner: self.owner.clone(),
            likelihood: self.likelihood,
            impact: self.impact,
            treatment: self.treatment,
            target: self.target_likelihood.zip(self.target_impact),
            status: self.status,
            next_review: self
                .next_review
                .as_ref()
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty()),
            add_assets: list(&self.add_assets),
            remove_assets: list(&self.remove_assets),
            add_controls: list(&self.add_controls),
            remove_controls: list(&self.remove_controls),
            add_actions: self.add_actions.clone().unwrap_or_default(),
            remove_actions: self.remove_actions.clone().unwrap_or_default(),
        }
    }
}

/// Which of the risk owner's decisions the window records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RiskDecision {
    /// Approve the treatment plan.
    ApprovePlan,
    /// Accept the residual risk.
    AcceptResidual,
    /// Reject both the plan and the residual risk.
    Reject,
}

/// A risk owner's decision as entered in the window.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct DecisionInputView {
    pub decision: RiskDecision,
    /// Whose decision it is: the risk owner, or someone acting for them (`on_behalf`).
    pub by: String,
    pub on_behalf: bool,
    /// When an acceptance of the residual risk ends, YYYY-MM-DD.
    #[ts(optional)]
    pub until: Option<String>,
    /// Why, in a sentence (needed to accept a residual risk above the criteria).
    pub note: String,
}

impl DecisionInputView {
    pub fn input(&self) -> DecisionInput {
        DecisionInput {
            by: self.by.clone(),
            on_behalf: self.on_behalf,
            until: self
                .until
                .as_ref()
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty()),
            note: self.note.trim().to_owned(),
        }
    }
}

/// A new asset from the window.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct AssetInputView {
    pub name: String,
    #[ts(optional)]
    pub kind: Option<AssetKind>,
    #[ts(optional)]
    pub owner: Option<String>,
    #[ts(optional)]
    pub confidentiality: Option<u8>,
    #[ts(optional)]
    pub integrity: Option<u8>,
    #[ts(optional)]
    pub availability: Option<u8>,
}

impl From<&AssetInputView> for NewAsset {
    fn from(a: &AssetInputView) -> Self {
        NewAsset {
            name: a.name.clone(),
            kind: a.kind,
            owner: a
                .owner
                .as_ref()
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty()),
            confidentiality: a.confidentiality,
            integrity: a.integrity,
            availability: a.availability,
        }
    }
}

/// A control of the organisation's own, as `annexa own-controls list --format json` prints
/// each: an additional control of the Statement of Applicability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OwnControlView {
    /// As the organisation writes it, e.g. `ORG-1`.
    pub id: String,
    pub title: String,
    pub description: String,
    pub status: Status,
    /// The risks that chose it.
    pub risks: Vec<String>,
    pub updated_at: String,
}

impl From<&OwnControl> for OwnControlView {
    fn from(c: &OwnControl) -> Self {
        OwnControlView {
            id: c.reference.clone(),
            title: c.title.clone(),
            description: c.description.clone(),
            status: c.status,
            risks: c.risks.clone(),
            updated_at: timestamp(&c.updated_at),
        }
    }
}

/// A new control of the organisation's own, or a change to one, from the window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
pub struct OwnControlInputView {
    #[ts(optional)]
    pub title: Option<String>,
    #[ts(optional)]
    pub description: Option<String>,
    #[ts(optional)]
    pub status: Option<Status>,
}

impl OwnControlInputView {
    pub fn patch(&self) -> OwnControlPatch {
        OwnControlPatch {
            title: self.title.clone(),
            description: self.description.clone(),
            status: self.status,
        }
    }
}

impl From<&RoundChange> for super::ChangeView {
    /// A change to the risk register between two snapshots: `risk_added`, `risk_removed`,
    /// `risk_level` or `risk_rating`, by the risk's id.
    fn from(c: &RoundChange) -> Self {
        super::ChangeView {
            id: c.risk.clone(),
            field: format!("risk_{}", c.change),
            before: c.before.clone(),
            after: c.after.clone(),
            regression: c.regression,
        }
    }
}

impl super::ChangeView {
    /// Everything that moved from the snapshot `from` to the snapshot `to` (or to now): the
    /// controls by id, then the risks by number (nothing about the risks when a snapshot was
    /// taken before snapshots kept the register).
    pub fn between(
        ws: &crate::store::Workspace,
        from: &str,
        to: Option<&str>,
    ) -> Result<Vec<super::ChangeView>, crate::store::WorkspaceError> {
        let before = ws.snapshot_controls(from)?;
        let after = match to {
            Some(name) => ws.snapshot_controls(name)?,
            None => ws.controls()?,
        };
        let controls = crate::assessment::compare(&before, &after);
        let risks = ws.compare_snapshot_registers(from, to)?;
        Ok(controls
            .iter()
            .map(super::ChangeView::from)
            .chain(risks.iter().map(super::ChangeView::from))
            .collect())
    }
}

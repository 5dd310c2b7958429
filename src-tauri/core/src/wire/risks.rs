//! The risk register as it leaves the core (`annexa risks`, `annexa assets`, the report's
//! risk findings): ratings with their levels in words, decisions with who gave them.

use serde::Serialize;
use ts_rs::TS;

use crate::risks::{
    Acceptance, AdoptedMethod, Asset, Risk, RiskFinding, RiskMethod, RiskRound, RoundChange,
    ScaleLevel,
};

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

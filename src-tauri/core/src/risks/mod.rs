//! The risk register (ISO/IEC 27001 6.1.2, 6.1.3, 8.2, 8.3): the method a workspace rates risks
//! by, its assets, its risks with the controls and actions that treat them, and the risk
//! owners' two decisions (approving the treatment plan, accepting the residual risk).
//!
//! Its parts: `method` (the scales and levels, pure), `store/` (every query of the domain, so
//! that a second database engine changes that folder only), `decisions` (the owners'
//! approvals and acceptances, and leaving the directory), `findings` (what an auditor will
//! flag), `example` (the example workspace's register), and here the types and the changes
//! to the register. It reads the assessment (controls, actions, people) only through that
//! domain's public functions.

mod decisions;
mod example;
mod findings;
mod method;
mod own_controls;
mod rounds;
mod store;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::catalogue::ControlId;
use crate::store::{Workspace, WorkspaceError, check_date, invalid, unknown};

pub use example::create_example;
pub use findings::findings;
pub use method::{Band, PRESETS, Rating, RiskMethod, SCALE_LEVELS, ScaleLevel};
pub use own_controls::{OwnControl, OwnControlPatch};
pub use rounds::{RiskRound, RoundChange, RoundRisk, compare as compare_rounds};

/// What a risk is about (6.1.1 asks for risks and opportunities of the ISMS itself too).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    Security,
    IsmsRisk,
    IsmsOpportunity,
}

/// The treatment, in the words of ISO/IEC 27005:2022.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    Modify,
    Retain,
    Avoid,
    Share,
}

/// Where a risk's treatment stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    Open,
    Planned,
    InProgress,
    /// Treated and re-rated: the rating is the residual risk.
    Treated,
    Closed,
}

/// An asset's type.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    Information,
    Software,
    Hardware,
    Service,
    People,
    Site,
    Supplier,
}

macro_rules! words {
    ($ty:ident, $what:literal, $($variant:ident = $word:literal),+ $(,)?) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $word),+ }
            }
        }
        impl std::str::FromStr for $ty {
            type Err = WorkspaceError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let s = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
                $ty::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    invalid(format!(
                        concat!("{:?} is not ", $what, "; use one of {}"),
                        s,
                        $ty::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
                    ))
                })
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

words!(
    RiskKind,
    "a kind of risk",
    Security = "security",
    IsmsRisk = "isms_risk",
    IsmsOpportunity = "isms_opportunity"
);
words!(
    Treatment,
    "a treatment",
    Modify = "modify",
    Retain = "retain",
    Avoid = "avoid",
    Share = "share"
);
words!(
    RiskStatus,
    "a risk status",
    Open = "open",
    Planned = "planned",
    InProgress = "in_progress",
    Treated = "treated",
    Closed = "closed"
);
words!(
    AssetKind,
    "an asset type",
    Information = "information",
    Software = "software",
    Hardware = "hardware",
    Service = "service",
    People = "people",
    Site = "site",
    Supplier = "supplier"
);

/// An asset of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub id: i64,
    pub name: String,
    pub kind: AssetKind,
    pub owner: Option<String>,
    /// Confidentiality, integrity and availability, each 1 to 5 when rated.
    pub confidentiality: Option<u8>,
    pub integrity: Option<u8>,
    pub availability: Option<u8>,
    /// How many risks concern it.
    pub risks: u32,
}

/// A new asset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewAsset {
    pub name: String,
    pub kind: Option<AssetKind>,
    pub owner: Option<String>,
    pub confidentiality: Option<u8>,
    pub integrity: Option<u8>,
    pub availability: Option<u8>,
}

/// One of the risk owner's decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// `plan_approved`, `plan_rejected`, `residual_accepted` or `residual_rejected`.
    pub decision: String,
    /// Whose decision it is (the risk owner, or the person acting for them).
    pub by: String,
    /// True when `by` acted for the owner.
    pub on_behalf: bool,
    /// Who entered it (the history's actor).
    pub entered_by: String,
    pub likelihood: u8,
    pub impact: u8,
    /// The version of the plan it was about.
    pub plan_version: i64,
    pub until: Option<String>,
    pub note: String,
    pub at: String,
}

/// A risk of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub id: i64,
    pub kind: RiskKind,
    pub title: String,
    pub scenario: String,
    pub threat: String,
    pub vulnerability: String,
    pub confidentiality: bool,
    pub integrity: bool,
    pub availability: bool,
    pub assets: Vec<String>,
    pub owner: Option<String>,
    pub likelihood: u8,
    pub impact: u8,
    pub rated_on: String,
    pub treatment: Option<Treatment>,
    pub controls: Vec<ControlId>,
    /// The organisation's own controls chosen to treat it, by id as written (`ORG-1`).
    pub own_controls: Vec<String>,
    pub actions: Vec<i64>,
    pub target_likelihood: Option<u8>,
    pub target_impact: Option<u8>,
    pub status: RiskStatus,
    pub next_review: Option<String>,
    /// Counts the changes to the plan; an approval holds for the version it approved.
    pub plan_version: i64,
    /// The latest decision on the treatment plan, and on the residual risk.
    pub plan: Option<Decision>,
    pub residual: Option<Decision>,
    pub created_at: String,
    pub updated_at: String,
}

/// `R-001` for risk 1.
pub fn risk_ref(id: i64) -> String {
    format!("R-{id:03}")
}

/// A risk's number from how people write it: `R-001`, `r-1`, `R1` or `1`.
pub fn risk_number(input: &str) -> Result<i64, WorkspaceError> {
    crate::store::risk_number(input)
        .ok_or_else(|| invalid(format!("{:?} is not a risk; write it R-001", input.trim())))
}

impl Risk {
    pub fn reference(&self) -> String {
        risk_ref(self.id)
    }

    /// The rating the residual risk is judged on: the current one once the risk is treated
    /// or retained (or needs no treatment), else the target the plan aims for (when it has one).
    pub fn residual_rating(&self) -> (u8, u8) {
        let treated = matches!(self.status, RiskStatus::Treated | RiskStatus::Closed)
            || matches!(self.treatment, None | Some(Treatment::Retain));
        match (self.target_likelihood, self.target_impact) {
            (Some(l), Some(i)) if !treated => (l, i),
            _ => (self.likelihood, self.impact),
        }
    }

    /// True while the owner's approval of the plan holds: the latest decision on it approves
    /// it, and the plan has not changed since.
    pub fn plan_approved(&self) -> bool {
        self.plan
            .as_ref()
            .is_some_and(|d| d.decision == "plan_approved" && d.plan_version == self.plan_version)
    }

    /// The acceptance of the residual risk as it holds on `today`: accepted for the rating it
    /// has now, and not past its end date.
    pub fn acceptance(&self, today: &str) -> Acceptance {
        let Some(d) = self
            .residual
            .as_ref()
            .filter(|d| d.decision == "residual_accepted")
        else {
            return Acceptance::None;
        };
        if (d.likelihood, d.impact) != self.residual_rating() {
            return Acceptance::None;
        }
        match &d.until {
            Some(until) if until.as_str() < today => Acceptance::Lapsed,
            _ => Acceptance::Holds,
        }
    }
}

/// Whether a residual risk is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acceptance {
    Holds,
    /// Accepted until a day that has passed.
    Lapsed,
    /// Never accepted, rejected, or accepted for a rating it no longer has.
    None,
}

/// A change to a risk, or a new one: each `Some` field is set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RiskPatch {
    pub kind: Option<RiskKind>,
    pub title: Option<String>,
    pub scenario: Option<String>,
    pub threat: Option<String>,
    pub vulnerability: Option<String>,
    /// Which of confidentiality, integrity and availability it concerns (`c`, `i`, `a`).
    pub cia: Option<String>,
    pub owner: Option<String>,
    pub likelihood: Option<u8>,
    pub impact: Option<u8>,
    pub treatment: Option<Treatment>,
    pub target: Option<(u8, u8)>,
    pub status: Option<RiskStatus>,
    pub next_review: Option<String>,
    pub add_assets: Vec<String>,
    pub remove_assets: Vec<String>,
    pub add_controls: Vec<String>,
    pub remove_controls: Vec<String>,
    pub add_actions: Vec<i64>,
    pub remove_actions: Vec<i64>,
}

/// A risk owner's decision as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionInput {
    /// Whose decision it is.
    pub by: String,
    /// Acting for the risk owner: allowed, and recorded.
    pub on_behalf: bool,
    pub until: Option<String>,
    pub note: String,
}

/// Something about the risks an auditor will flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskFinding {
    /// `R-001`, or `None` for a finding about the method.
    pub risk: Option<String>,
    /// `no_owner`, `plan_not_approved`, `residual_not_accepted`, `acceptance_lapsed`,
    /// `method_not_approved` or `excluded_control_chosen`.
    pub kind: &'static str,
    pub message: String,
}

/// The method as the workspace keeps it, with who adopted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptedMethod {
    pub method: RiskMethod,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
}

/// Parses `c`, `ci`, `cia`, `integrity`, `confidentiality,availability`… into the three flags.
fn cia_flags(text: &str) -> Result<(bool, bool, bool), WorkspaceError> {
    let mut flags = (false, false, false);
    for part in text
        .trim()
        .to_ascii_lowercase()
        .split([',', ' '])
        .filter(|p| !p.is_empty())
    {
        let letters: Vec<String> = match part {
            "confidentiality" | "integrity" | "availability" => vec![part[..1].to_owned()],
            p if p.chars().all(|c| matches!(c, 'c' | 'i' | 'a')) => {
                p.chars().map(String::from).collect()
            }
            other => {
                return Err(invalid(format!(
                    "{other:?} is none of confidentiality (c), integrity (i) or availability (a)"
                )));
            }
        };
        for l in letters {
            match l.as_str() {
                "c" => flags.0 = true,
                "i" => flags.1 = true,
                _ => flags.2 = true,
            }
        }
    }
    Ok(flags)
}

fn one_line(what: &str, text: &str) -> Result<String, WorkspaceError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(invalid(format!("a risk's {what} must not be empty")));
    }
    if t.chars().count() > 300 || t.chars().any(char::is_control) {
        return Err(invalid(format!(
            "a risk's {what} is one line of at most 300 characters"
        )));
    }
    Ok(t.to_owned())
}

/// Whether a risk needs a treatment plan its owner approves: it is open, not retained, and
/// either has a treatment chosen or is above the acceptable level.
pub fn needs_plan(r: &Risk, method: &RiskMethod) -> bool {
    let acceptable = method
        .rate(r.likelihood, r.impact)
        .is_ok_and(|x| x.acceptable);
    r.status != RiskStatus::Closed
        && !matches!(r.treatment, Some(Treatment::Retain))
        && (r.treatment.is_some() || !acceptable)
}

/// Keeps the three required documents that stand for the register
/// (`assessment::FOLLOW_FROM_RISKS`) true to it, inside the change's transaction: the
/// assessment results once a round is approved, the treatment plan once every risk that needs
/// one has it approved, the treatment results once a treated risk is re-rated.
fn keep_documents(tx: &rusqlite::Transaction<'_>, actor: &str) -> Result<(), WorkspaceError> {
    let method = store::read_method(tx)?.method;
    let risks = store::read_risks(tx, None)?;
    let rounds = store::read_rounds(tx)?.len();
    let plan = !risks.is_empty()
        && risks
            .iter()
            .filter(|r| needs_plan(r, &method))
            .all(Risk::plan_approved);
    let results = risks.iter().any(|r| r.status == RiskStatus::Treated);
    for (id, present) in [
        ("risk-assessment-results", rounds > 0),
        ("risk-treatment-plan", plan),
        ("risk-treatment-results", results),
    ] {
        crate::assessment::set_document_in(tx, id, present, actor)?;
    }
    Ok(())
}

impl Workspace {
    /// Every change to the register: one transaction, which also keeps the register's
    /// required documents true to it.
    fn write_register<T>(
        &mut self,
        actor: &str,
        change: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, WorkspaceError>,
    ) -> Result<T, WorkspaceError> {
        self.write(|tx| {
            let value = change(tx)?;
            keep_documents(tx, actor)?;
            Ok(value)
        })
    }

    /// The risk method, with who adopted it; the `5x5` preset, not adopted, until one is set.
    pub fn risk_method(&self) -> Result<AdoptedMethod, WorkspaceError> {
        self.reading(|| store::read_method(self.connection()))
    }

    /// Sets the method (a preset, or one given whole), re-rating every risk on it: each risk
    /// whose level changes gets a history row. Refused when a risk's rating would fall off
    /// the new scales; a changed method must be adopted again.
    pub fn set_risk_method(
        &mut self,
        method: &RiskMethod,
        actor: &str,
    ) -> Result<AdoptedMethod, WorkspaceError> {
        self.change_risk_method(Some(method), None, actor)
    }

    /// Records that `by` adopted the method as the organisation's criteria (6.1.2 a).
    pub fn approve_risk_method(
        &mut self,
        by: &str,
        actor: &str,
    ) -> Result<AdoptedMethod, WorkspaceError> {
        self.change_risk_method(None, Some(by), actor)
    }

    /// Sets the method and, or, records who adopted it: one transaction either way.
    pub fn change_risk_method(
        &mut self,
        method: Option<&RiskMethod>,
        approved_by: Option<&str>,
        actor: &str,
    ) -> Result<AdoptedMethod, WorkspaceError> {
        if let Some(problem) = method.and_then(RiskMethod::problem) {
            return Err(invalid(format!("the risk method is not usable: {problem}")));
        }
        self.write_register(actor, |tx| {
            if let Some(m) = method {
                store::write_method(tx, m, actor)?;
            }
            if let Some(by) = approved_by {
                store::approve_method(tx, by, actor)?;
            }
            Ok(())
        })?;
        self.risk_method()
    }

    /// Adds an asset.
    pub fn add_asset(&mut self, new: &NewAsset, actor: &str) -> Result<Asset, WorkspaceError> {
        let name = new.name.trim();
        if name.is_empty() {
            return Err(invalid("an asset needs a name"));
        }
        for (what, value) in [
            ("confidentiality", new.confidentiality),
            ("integrity", new.integrity),
            ("availability", new.availability),
        ] {
            if value.is_some_and(|v| !(1..=5).contains(&v)) {
                return Err(invalid(format!(
                    "an asset's {what} is rated 1 to 5, not {}",
                    value.unwrap_or_default()
                )));
            }
        }
        let id = self.write_register(actor, |tx| store::insert_asset(tx, new, actor))?;
        self.assets()?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| unknown("the new asset is gone"))
    }

    /// The assets, by name.
    pub fn assets(&self) -> Result<Vec<Asset>, WorkspaceError> {
        self.reading(|| store::read_assets(self.connection()))
    }

    /// Adds a risk; its owner must be a person of the directory, its controls Annex A
    /// controls, its assets and actions ones that exist.
    pub fn add_risk(&mut self, patch: &RiskPatch, actor: &str) -> Result<Risk, WorkspaceError> {
        let title = one_line("title", patch.title.as_deref().unwrap_or(""))?;
        let (Some(likelihood), Some(impact)) = (patch.likelihood, patch.impact) else {
            return Err(invalid(
                "a new risk needs its likelihood and its impact (--likelihood N --impact N)",
            ));
        };
        let patch = RiskPatch {
            title: Some(title),
            likelihood: Some(likelihood),
            impact: Some(impact),
            ..patch.clone()
        };
        let checked = self.checked(&patch)?;
        let today = self.today()?;
        let id =
            self.write_register(actor, |tx| store::insert_risk(tx, &checked, &today, actor))?;
        self.risk(id)
    }

    /// Changes a risk, recording each changed field; a changed plan needs approving again.
    pub fn update_risk(
        &mut self,
        id: i64,
        patch: &RiskPatch,
        actor: &str,
    ) -> Result<Risk, WorkspaceError> {
        let before = self.risk(id)?;
        let patch = RiskPatch {
            title: patch
                .title
                .as_deref()
                .map(|t| one_line("title", t))
                .transpose()?,
            ..patch.clone()
        };
        let checked = self.checked(&patch)?;
        let own = checked.remove_own.iter().map(|o| o.reference.clone());
        for c in checked
            .remove_controls
            .iter()
            .map(|c| c.prefixed())
            .chain(own)
        {
            let has = before.controls.iter().any(|x| x.prefixed() == c)
                || before.own_controls.contains(&c);
            if !has {
                return Err(invalid(format!(
                    "{c} does not treat {}: nothing to remove",
                    before.reference()
                )));
            }
        }
        for a in &patch.remove_actions {
            if !before.actions.contains(a) {
                return Err(invalid(format!(
                    "action {a} does not carry out {}'s treatment: nothing to remove",
                    before.reference()
                )));
            }
        }
        for a in &patch.remove_assets {
            if !before
                .assets
                .iter()
                .any(|x| x.eq_ignore_ascii_case(a.trim()))
            {
                return Err(invalid(format!(
                    "{} does not concern the asset {:?}: nothing to remove",
                    before.reference(),
                    a.trim()
                )));
            }
        }
        let today = self.today()?;
        self.write_register(actor, |tx| {
            store::update_risk(tx, &before, &checked, &today, actor)
        })?;
        self.risk(id)
    }

    /// Re-rates a risk (after its treatment, or on review): the rating and its date change,
    /// and a treated risk's rating is its residual risk from then on.
    pub fn rerate_risk(
        &mut self,
        id: i64,
        likelihood: u8,
        impact: u8,
        treated: bool,
        actor: &str,
    ) -> Result<Risk, WorkspaceError> {
        let patch = RiskPatch {
            likelihood: Some(likelihood),
            impact: Some(impact),
            status: treated.then_some(RiskStatus::Treated),
            ..RiskPatch::default()
        };
        self.update_risk(id, &patch, actor)
    }

    /// The name of a person of the directory, as the directory writes it.
    fn person_named(&self, name: &str) -> Result<String, WorkspaceError> {
        crate::store::known_person(self.connection(), name).map(|(_, name)| name)
    }

    /// Checks a patch against the method and the workspace, resolving its names and ids.
    fn checked(&self, patch: &RiskPatch) -> Result<Checked, WorkspaceError> {
        let method = self.risk_method()?.method;
        if let Some(l) = patch.likelihood {
            method.rate(l, patch.impact.unwrap_or(1)).map_err(invalid)?;
        }
        if let Some(i) = patch.impact {
            method
                .rate(patch.likelihood.unwrap_or(1), i)
                .map_err(invalid)?;
        }
        if let Some((l, i)) = patch.target {
            method
                .rate(l, i)
                .map_err(|e| invalid(format!("the target rating: {e}")))?;
        }
        check_date("next review date", &patch.next_review)?;
        let owner = patch
            .owner
            .as_deref()
            .map(|o| self.person_named(o))
            .transpose()?;
        let assets = self.assets()?;
        let asset = |name: &String| {
            assets
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(name.trim()))
                .map(|a| a.id)
                .ok_or_else(|| {
                    unknown(format!(
                        "no asset named {:?} (add it with `annexa assets add`)",
                        name.trim()
                    ))
                })
        };
        let add_assets = patch
            .add_assets
            .iter()
            .map(asset)
            .collect::<Result<_, _>>()?;
        let remove_assets = patch
            .remove_assets
            .iter()
            .map(asset)
            .collect::<Result<_, _>>()?;
        let (add_controls, add_own) = self.split_controls(&patch.add_controls)?;
        let (remove_controls, remove_own) = self.split_controls(&patch.remove_controls)?;
        let actions = self.actions()?;
        for a in patch.add_actions.iter().chain(&patch.remove_actions) {
            if !actions.iter().any(|x| x.id == *a) {
                return Err(unknown(format!("there is no action number {a}")));
            }
        }
        Ok(Checked {
            patch: patch.clone(),
            cia: patch.cia.as_deref().map(cia_flags).transpose()?,
            owner,
            add_assets,
            remove_assets,
            add_controls,
            remove_controls,
            add_own,
            remove_own,
        })
    }

    /// One risk by its number.
    pub fn risk(&self, id: i64) -> Result<Risk, WorkspaceError> {
        self.reading(|| {
            store::read_risks(self.connection(), Some(id))?
                .into_iter()
                .next()
                .ok_or_else(|| unknown(format!("there is no risk {}", risk_ref(id))))
        })
    }

    /// The register, by number.
    pub fn risks(&self) -> Result<Vec<Risk>, WorkspaceError> {
        self.reading(|| store::read_risks(self.connection(), None))
    }

    /// The risks that chose each control: the reason "risk assessment" for the SoA.
    pub fn risks_by_control(&self) -> Result<BTreeMap<ControlId, Vec<String>>, WorkspaceError> {
        let mut out: BTreeMap<ControlId, Vec<String>> = BTreeMap::new();
        for r in self.risks()? {
            for c in &r.controls {
                out.entry(*c).or_default().push(r.reference());
            }
        }
        Ok(out)
    }
}

/// A patch whose names and ids were resolved against the workspace.
#[derive(Debug, Clone)]
struct Checked {
    patch: RiskPatch,
    cia: Option<(bool, bool, bool)>,
    /// The owner's name as the directory writes it.
    owner: Option<String>,
    add_assets: Vec<i64>,
    remove_assets: Vec<i64>,
    add_controls: Vec<ControlId>,
    remove_controls: Vec<ControlId>,
    /// The organisation's own controls to link and unlink.
    add_own: Vec<OwnControl>,
    remove_own: Vec<OwnControl>,
}

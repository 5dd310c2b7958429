//! The files that describe an audit pack: `pack.json` (what the pack says about the
//! organisation, as data) and `manifest.json` (every file with its size and SHA-256).
//!
//! They are a file format that other people's tools may read, so they are declared here with
//! their serde shape spelled out, and versioned by [`PACK_FORMAT_VERSION`]. The window reads
//! `pack.json` back in auditor mode, so these types are also generated into `bindings.ts`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::vocabulary::{EvidenceKind, EvidenceStatus, Reason, Status, Theme};

/// The value of `format` in `manifest.json` and `pack.json`.
pub const PACK_FORMAT: &str = "annexa-audit-pack";

/// The version of the pack layout this Annexa writes and the newest it can read.
pub const PACK_FORMAT_VERSION: u32 = 1;

/// `manifest.json`: who made the pack, when, from what, and every other file in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub tool: String,
    pub tool_version: String,
    pub catalogue_version: String,
    pub organisation: String,
    /// When the state in the pack was last changed (or the time given at export), UTC.
    pub created: String,
    pub snapshot: Option<String>,
    /// Every file in the pack except `manifest.json`, `manifest.sha256` and, in a signed
    /// pack, `manifest.json.minisig` and `signer.pub`, in zip order.
    pub files: Vec<ManifestFile>,
}

/// One file of the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// `pack.json`: the pack's content as data, the source of `index.html` and of auditor mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PackData {
    pub format: String,
    pub format_version: u32,
    pub created: String,
    pub tool_version: String,
    pub catalogue_version: String,
    pub organisation: String,
    pub scope: String,
    pub target_date: Option<String>,
    /// The snapshot whose control assessment the pack shows, if not the current state.
    pub snapshot: Option<String>,
    pub selection: PackSelection,
    pub readiness: PackReadiness,
    pub controls: Vec<PackControl>,
    pub clauses: Vec<PackClause>,
    pub evidence: Vec<PackEvidence>,
    /// The risk register and its treatment plan (empty in a pack of a snapshot, and in packs
    /// made before Annexa kept risks).
    #[serde(default)]
    pub risks: Vec<PackRisk>,
    /// The method the risks are rated by, with who adopted it.
    #[serde(default)]
    pub risk_method: Option<PackRiskMethod>,
    /// The organisation's own controls beyond Annex A: the SoA's additional controls (empty in
    /// a pack of a snapshot, and in packs made before Annexa kept them).
    #[serde(default)]
    pub own_controls: Vec<PackOwnControl>,
    /// The state of the workspace's whole history when the pack was made (absent in packs
    /// made before the history was chained).
    #[serde(default)]
    pub history: Option<PackHistory>,
    /// Who signs the pack's manifest, when it is signed (absent otherwise, so an unsigned
    /// pack's pack.json is as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<PackSigner>,
}

/// A risk as the pack states it: its rating, its treatment and the owner's decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackRisk {
    /// `R-001`.
    pub id: String,
    pub kind: String,
    pub title: String,
    pub scenario: String,
    pub assets: Vec<String>,
    pub owner: Option<String>,
    pub likelihood: u8,
    pub impact: u8,
    pub level: String,
    pub rated_on: String,
    pub treatment: Option<String>,
    /// Annex A controls chosen to treat it (`A.8.13`).
    pub controls: Vec<String>,
    /// The organisation's own controls chosen to treat it.
    #[serde(default)]
    pub own_controls: Vec<String>,
    #[ts(type = "number[]")]
    pub actions: Vec<i64>,
    pub target_level: Option<String>,
    pub residual_level: String,
    pub status: String,
    /// Who approved the current treatment plan, and when.
    pub plan_approved_by: Option<String>,
    pub plan_approved_at: Option<String>,
    /// Who accepted the residual risk, when, and until when.
    pub accepted_by: Option<String>,
    pub accepted_at: Option<String>,
    pub accepted_until: Option<String>,
    /// Why it was accepted, as the owner gave it.
    #[serde(default)]
    pub accepted_note: Option<String>,
}

/// The risk method as the pack states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackRiskMethod {
    pub preset: String,
    /// The highest acceptable level.
    pub acceptable: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
}

/// The key a pack is signed with, as its front page names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackSigner {
    /// The name the key's owner gave it.
    pub name: String,
    /// The key ID minisign prints (16 hex digits).
    pub key_id: String,
}

/// What the pack says about the workspace's history and its hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackHistory {
    /// Changes recorded in the whole workspace (history.csv may hold a selection of them).
    #[ts(type = "number")]
    pub changes: u64,
    pub chain_intact: bool,
    /// Changes whose hash does not match their content and predecessor.
    #[ts(type = "number")]
    pub broken: u64,
    /// The newest change's hash: a fingerprint of the whole history.
    pub head: Option<String>,
}

/// What part of the workspace went into the pack.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackSelection {
    /// Only these themes; empty means all four.
    pub themes: Vec<Theme>,
    /// Only these controls (as `A.5.1`); empty means all.
    pub controls: Vec<String>,
    /// Only evidence whose status is approved.
    pub approved_only: bool,
}

/// Readiness of the controls in the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackReadiness {
    pub controls: u32,
    pub applicable: u32,
    pub excluded: u32,
    pub undecided: u32,
    pub implemented: u32,
    pub partially_implemented: u32,
    /// Implemented counts 1, partially 0.5, over the applicable and undecided controls
    /// (undecided ones count as not ready); 0–100.
    pub percent: u32,
}

/// One Annex A control as the pack states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackControl {
    /// `A.5.1`.
    pub id: String,
    pub title: String,
    pub theme: Theme,
    pub applicable: Option<bool>,
    /// The reasons recorded, with "risk assessment" added where a risk chose the control.
    pub reasons: Vec<Reason>,
    /// The risks whose treatment chose it (`R-001`); empty in a pack of a snapshot, which
    /// freezes the assessment only.
    #[serde(default)]
    pub risks: Vec<String>,
    pub justification: String,
    pub status: Status,
    pub owner: Option<String>,
    pub updated_at: Option<String>,
    /// Ids of the pack's evidence that proves it.
    #[ts(type = "number[]")]
    pub evidence: Vec<i64>,
}

/// A control of the organisation's own as the pack states it: an additional row of the
/// Statement of Applicability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackOwnControl {
    /// As the organisation writes it, e.g. `ORG-1`.
    pub id: String,
    pub title: String,
    pub description: String,
    pub status: Status,
    /// The risks whose treatment chose it.
    pub risks: Vec<String>,
    pub updated_at: String,
}

/// One clause (4 to 10) as the pack states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackClause {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub owner: Option<String>,
    pub notes: String,
    pub documents: Vec<PackDocument>,
    #[ts(type = "number[]")]
    pub evidence: Vec<i64>,
}

/// A mandatory document that a clause asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackDocument {
    pub id: String,
    pub title: String,
    pub present: bool,
}

/// One piece of evidence in the pack (its current version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackEvidence {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: EvidenceKind,
    pub title: String,
    pub description: String,
    /// The status on the pack's creation date (approved evidence past its date is expired).
    pub status: EvidenceStatus,
    pub issued_on: Option<String>,
    pub valid_until: Option<String>,
    pub expires_on: Option<String>,
    pub provided_by: Option<String>,
    pub version: u32,
    /// Where the file is inside the pack, e.g. `evidence/A.5.1/Access policy.pdf`.
    pub file: Option<String>,
    /// The name the file had when it was attached.
    pub file_name: Option<String>,
    pub sha256: Option<String>,
    #[ts(type = "number | null")]
    pub size: Option<u64>,
    pub url: Option<String>,
    pub body: String,
    /// Controls (`A.5.1`) and clauses (`6.1.2`) in the pack that it proves.
    pub targets: Vec<String>,
}

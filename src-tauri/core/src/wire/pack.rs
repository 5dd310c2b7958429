//! Audit packs as the window asks for them and hears back: options, what was written, what
//! verification found.

use super::*;

/// Options of an audit pack export, as the window sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackOptionsView {
    pub themes: Vec<Theme>,
    /// Control ids, `5.1` or `A.5.1`.
    pub controls: Vec<String>,
    pub approved_only: bool,
    pub snapshot: Option<String>,
    pub created: Option<String>,
    pub overwrite: bool,
}

impl PackOptionsView {
    pub fn into_options(self) -> Result<crate::pack::PackOptions, WorkspaceError> {
        let controls = self
            .controls
            .iter()
            .map(|c| crate::store::control_id(c))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(crate::pack::PackOptions {
            themes: self.themes,
            controls,
            approved_only: self.approved_only,
            snapshot: self.snapshot.filter(|s| !s.trim().is_empty()),
            created: self.created.filter(|s| !s.trim().is_empty()),
            overwrite: self.overwrite,
            signer: None,
        })
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackSummaryView {
    pub path: String,
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub evidence_files: u64,
    #[ts(type = "number")]
    pub content_bytes: u64,
    #[ts(type = "number")]
    pub pack_bytes: u64,
    pub created: String,
    pub fingerprint: String,
}

impl From<&crate::pack::PackSummary> for PackSummaryView {
    fn from(s: &crate::pack::PackSummary) -> Self {
        PackSummaryView {
            path: s.path.display().to_string(),
            files: s.files,
            evidence_files: s.evidence_files,
            content_bytes: s.content_bytes,
            pack_bytes: s.pack_bytes,
            created: timestamp(&s.created),
            fingerprint: s.fingerprint.clone(),
        }
    }
}

/// One file of a pack that does not match its manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackProblemView {
    pub file: String,
    pub kind: crate::pack::PackProblemKind,
    pub detail: String,
}

/// The result of verifying an audit pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackVerificationView {
    pub ok: bool,
    pub path: String,
    pub organisation: String,
    pub created: String,
    pub tool_version: String,
    pub fingerprint: String,
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    pub problems: Vec<PackProblemView>,
    /// The manifest's signature, when the pack has one (or was expected to).
    pub signature: Option<PackSignatureView>,
}

/// A pack's signature: which key made it, what it says, and how far it checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackSignatureView {
    /// The key ID minisign prints (16 hex digits), empty when the pack has no signature.
    pub key_id: String,
    /// The signed statement: whose pack, as of when, signed by whom.
    pub statement: String,
    /// `trusted` (by the key the receiver trusts), `pack_key` (only by the key the pack
    /// carries) or `failed`.
    pub check: SignatureCheckView,
    /// Why it failed, in words; empty otherwise.
    pub detail: String,
}

/// How far a pack's signature checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignatureCheckView {
    Trusted,
    PackKey,
    Failed,
}

impl From<&crate::pack::PackSignature> for PackSignatureView {
    fn from(s: &crate::pack::PackSignature) -> Self {
        use crate::pack::SignatureCheck as C;
        let (check, detail) = match &s.check {
            C::Trusted => (SignatureCheckView::Trusted, String::new()),
            C::ByTheKeyInThePack => (SignatureCheckView::PackKey, String::new()),
            C::Failed(why) => (SignatureCheckView::Failed, why.clone()),
        };
        PackSignatureView {
            key_id: s.key_id.clone(),
            statement: s.statement.clone(),
            check,
            detail,
        }
    }
}

impl From<&crate::pack::PackVerification> for PackVerificationView {
    fn from(v: &crate::pack::PackVerification) -> Self {
        PackVerificationView {
            ok: v.ok(),
            path: v.path.display().to_string(),
            organisation: v.organisation.clone(),
            created: timestamp(&v.created),
            tool_version: v.tool_version.clone(),
            fingerprint: v.fingerprint.clone(),
            files: v.files,
            bytes: v.bytes,
            problems: v
                .problems
                .iter()
                .map(|p| PackProblemView {
                    file: p.file.clone(),
                    kind: p.kind,
                    detail: p.detail.clone(),
                })
                .collect(),
            signature: v.signature.as_ref().map(PackSignatureView::from),
        }
    }
}

impl PackVerificationView {
    /// Compares the fingerprint the sender gave apart from the pack (as typed or pasted:
    /// spaces around it and the case of its letters do not matter) with the pack's; a
    /// different one fails the verification as a changed manifest. Empty expects nothing.
    pub fn expect(&mut self, expected: &str) {
        let expected = expected.trim().to_ascii_lowercase();
        if expected.is_empty() || expected == self.fingerprint {
            return;
        }
        self.ok = false;
        self.problems.push(PackProblemView {
            file: "manifest.json".into(),
            kind: crate::pack::PackProblemKind::Changed,
            detail: format!(
                "the fingerprint is {} but {expected} was expected",
                self.fingerprint
            ),
        });
    }
}

/// An audit pack opened in auditor mode: its verification and, when it can be trusted,
/// its content.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PackContentsView {
    pub verification: PackVerificationView,
    pub data: Option<crate::pack::PackData>,
}

#[cfg(test)]
mod expect_tests {
    use super::*;

    fn view(fingerprint: &str) -> PackVerificationView {
        PackVerificationView {
            ok: true,
            path: "p.zip".into(),
            organisation: "O".into(),
            created: String::new(),
            tool_version: String::new(),
            fingerprint: fingerprint.into(),
            files: 1,
            bytes: 1,
            problems: vec![],
            signature: None,
        }
    }

    /// The fingerprint as an auditor pastes it (spaces, capitals) matches; another one, or
    /// one digit off, fails the pack as a changed manifest; none expects nothing.
    #[test]
    fn an_expected_fingerprint_is_compared_as_pasted() {
        let fp = "0a1b".repeat(16);
        let mut v = view(&fp);
        v.expect(&format!("  {} \n", fp.to_uppercase()));
        assert!(v.ok && v.problems.is_empty());
        v.expect("");
        assert!(v.ok && v.problems.is_empty());
        let off = format!("1{}", &fp[1..]);
        v.expect(&off);
        assert!(!v.ok);
        assert_eq!(v.problems.len(), 1);
        assert_eq!(v.problems[0].file, "manifest.json");
        assert_eq!(
            v.problems[0].detail,
            format!("the fingerprint is {fp} but {off} was expected")
        );
    }
}

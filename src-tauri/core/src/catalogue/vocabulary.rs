//! The closed vocabularies of the catalogue: themes, the five ISO/IEC 27002:2022 attributes
//! and the parties that usually answer for a control.
//!
//! They are enums rather than strings so that a typo in `controls/*.toml` fails at load time
//! (and in the catalogue test) instead of silently creating a new attribute value, and so that
//! the generated TypeScript sees them as string unions.

use std::fmt;
use std::str::FromStr;

/// The value that was not one of a vocabulary's words, and the vocabulary's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} {value:?}; expected one of: {expected}")]
pub struct UnknownWord {
    pub vocabulary: &'static str,
    pub value: String,
    pub expected: String,
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident ($label:literal) { $($variant:ident = $text:literal / $display:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize, ts_rs::TS,
        )]
        pub enum $name {
            $( #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every word of the vocabulary, in the standard's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word as written in the data files, the CLI and the JSON output.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The word as a person reads it.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $display),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;

            /// Accepts the data word or the label, in any case, with `_`, `-` or spaces.
            fn from_str(input: &str) -> Result<Self, Self::Err> {
                let wanted = fold(input);
                Self::ALL
                    .iter()
                    .copied()
                    .find(|w| fold(w.as_str()) == wanted || fold(w.label()) == wanted)
                    .ok_or_else(|| UnknownWord {
                        vocabulary: $label,
                        value: input.to_owned(),
                        expected: Self::ALL
                            .iter()
                            .map(|w| w.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
            }
        }
    };
}

/// Lower-cases and drops separators so that `Governance_and_Ecosystem`,
/// `governance and ecosystem` and `governance-and-ecosystem` are the same word.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '#'))
        .flat_map(char::to_lowercase)
        .collect()
}

vocabulary! {
    /// The four themes that Annex A of ISO/IEC 27001:2022 groups its controls into.
    Theme ("theme") {
        Organizational = "Organizational" / "Organizational",
        People = "People" / "People",
        Physical = "Physical" / "Physical",
        Technological = "Technological" / "Technological",
    }
}

impl Theme {
    /// The clause of Annex A that holds the theme's controls (5, 6, 7 or 8).
    pub fn clause(self) -> u8 {
        match self {
            Theme::Organizational => 5,
            Theme::People => 6,
            Theme::Physical => 7,
            Theme::Technological => 8,
        }
    }

    /// The theme of an Annex A clause number, if it is one.
    pub fn of_clause(clause: u8) -> Option<Theme> {
        Theme::ALL.iter().copied().find(|t| t.clause() == clause)
    }
}

vocabulary! {
    /// ISO/IEC 27002:2022 attribute "control type": when the control acts.
    ControlType ("control type") {
        Preventive = "Preventive" / "Preventive",
        Detective = "Detective" / "Detective",
        Corrective = "Corrective" / "Corrective",
    }
}

vocabulary! {
    /// ISO/IEC 27002:2022 attribute "information security properties".
    SecurityProperty ("information security property") {
        Confidentiality = "Confidentiality" / "Confidentiality",
        Integrity = "Integrity" / "Integrity",
        Availability = "Availability" / "Availability",
    }
}

vocabulary! {
    /// ISO/IEC 27002:2022 attribute "cybersecurity concepts" (the NIST CSF functions).
    CybersecurityConcept ("cybersecurity concept") {
        Identify = "Identify" / "Identify",
        Protect = "Protect" / "Protect",
        Detect = "Detect" / "Detect",
        Respond = "Respond" / "Respond",
        Recover = "Recover" / "Recover",
    }
}

vocabulary! {
    /// ISO/IEC 27002:2022 attribute "operational capabilities".
    OperationalCapability ("operational capability") {
        Governance = "Governance" / "Governance",
        AssetManagement = "Asset_management" / "Asset management",
        InformationProtection = "Information_protection" / "Information protection",
        HumanResourceSecurity = "Human_resource_security" / "Human resource security",
        PhysicalSecurity = "Physical_security" / "Physical security",
        SystemAndNetworkSecurity = "System_and_network_security" / "System and network security",
        ApplicationSecurity = "Application_security" / "Application security",
        SecureConfiguration = "Secure_configuration" / "Secure configuration",
        IdentityAndAccessManagement = "Identity_and_access_management" / "Identity and access management",
        ThreatAndVulnerabilityManagement = "Threat_and_vulnerability_management" / "Threat and vulnerability management",
        Continuity = "Continuity" / "Continuity",
        SupplierRelationshipsSecurity = "Supplier_relationships_security" / "Supplier relationships security",
        LegalAndCompliance = "Legal_and_compliance" / "Legal and compliance",
        InformationSecurityEventManagement = "Information_security_event_management" / "Information security event management",
        InformationSecurityAssurance = "Information_security_assurance" / "Information security assurance",
    }
}

vocabulary! {
    /// ISO/IEC 27002:2022 attribute "security domains".
    SecurityDomain ("security domain") {
        GovernanceAndEcosystem = "Governance_and_Ecosystem" / "Governance and Ecosystem",
        Protection = "Protection" / "Protection",
        Defence = "Defence" / "Defence",
        Resilience = "Resilience" / "Resilience",
    }
}

vocabulary! {
    /// The parts of an organisation that usually answer for a control. Security is shared:
    /// this seeds the owners' view, it does not assign anyone.
    Party ("responsible party") {
        Management = "management" / "Management",
        It = "it" / "IT",
        Security = "security" / "Security function",
        Hr = "hr" / "HR",
        Facilities = "facilities" / "Facilities",
        LegalCompliance = "legal_compliance" / "Legal and compliance",
        AllStaff = "all_staff" / "All staff",
        Suppliers = "suppliers" / "Suppliers",
    }
}

vocabulary! {
    /// How far a control or clause is implemented.
    Status ("implementation status") {
        NotAssessed = "not_assessed" / "Not assessed",
        NotImplemented = "not_implemented" / "Not implemented",
        Planned = "planned" / "Planned",
        PartiallyImplemented = "partially_implemented" / "Partially implemented",
        Implemented = "implemented" / "Implemented",
    }
}

impl Status {
    /// What the status contributes to readiness: implemented counts fully, partially
    /// implemented counts half, anything else nothing. Used everywhere readiness is shown.
    pub fn readiness_weight(self) -> f64 {
        match self {
            Status::Implemented => 1.0,
            Status::PartiallyImplemented => 0.5,
            _ => 0.0,
        }
    }

    /// An order in which a higher rank is further along, to tell progress from regression.
    pub fn rank(self) -> u8 {
        match self {
            Status::NotAssessed => 0,
            Status::NotImplemented => 1,
            Status::Planned => 2,
            Status::PartiallyImplemented => 3,
            Status::Implemented => 4,
        }
    }
}

vocabulary! {
    /// Why a control is included in the Statement of Applicability.
    Reason ("reason for inclusion") {
        RiskAssessment = "risk_assessment" / "Risk assessment",
        LegalRegulatory = "legal_regulatory" / "Legal or regulatory",
        Contractual = "contractual" / "Contractual",
        BusinessRequirement = "business_requirement" / "Business requirement",
        BestPractice = "best_practice" / "Best practice",
    }
}

vocabulary! {
    /// How urgent closing a control's gap is.
    Priority ("priority") {
        Low = "low" / "Low",
        Medium = "medium" / "Medium",
        High = "high" / "High",
        Critical = "critical" / "Critical",
    }
}

vocabulary! {
    /// Where an action of the risk treatment plan stands.
    ActionStatus ("action status") {
        Open = "open" / "Open",
        InProgress = "in_progress" / "In progress",
        Done = "done" / "Done",
        Cancelled = "cancelled" / "Cancelled",
    }
}

impl ActionStatus {
    /// True while the action still has work to do (and so can be late).
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// The labels of the maturity scale 0 to 5.
pub const MATURITY_LABELS: [&str; 6] = [
    "Non-existent",
    "Initial",
    "Repeatable",
    "Defined",
    "Managed",
    "Optimised",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn check<T: FromStr<Err = UnknownWord> + PartialEq + fmt::Debug>(input: &str, expected: T) {
        assert_eq!(input.parse::<T>(), Ok(expected), "parsing {input:?}");
    }

    #[test]
    fn words_parse_in_any_spelling() {
        check(
            "Governance_and_Ecosystem",
            SecurityDomain::GovernanceAndEcosystem,
        );
        check(
            "governance and ecosystem",
            SecurityDomain::GovernanceAndEcosystem,
        );
        check("#Defence", SecurityDomain::Defence);
        check("technological", Theme::Technological);
        check("Legal and compliance", Party::LegalCompliance);
        check("IT", Party::It);
    }

    #[test]
    fn unknown_word_names_the_vocabulary_and_choices() {
        let err = "Tecnological".parse::<Theme>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown theme \"Tecnological\"; expected one of: Organizational, People, \
             Physical, Technological"
        );
    }

    #[test]
    fn serde_uses_the_data_word() {
        let json = serde_json::to_string(&OperationalCapability::AssetManagement).unwrap();
        assert_eq!(json, "\"Asset_management\"");
        let back: Party = serde_json::from_str("\"all_staff\"").unwrap();
        assert_eq!(back, Party::AllStaff);
    }

    #[test]
    fn themes_map_to_annex_clauses() {
        for theme in Theme::ALL {
            assert_eq!(Theme::of_clause(theme.clause()), Some(*theme));
        }
        assert_eq!(Theme::of_clause(9), None);
    }
}

vocabulary! {
    /// What a piece of evidence is: a stored file, a link to where the proof lives, or a note.
    EvidenceKind ("evidence kind") {
        File = "file" / "File",
        Link = "link" / "Link",
        Note = "note" / "Note",
    }
}

vocabulary! {
    /// Where a piece of evidence stands in its review.
    EvidenceStatus ("evidence status") {
        Draft = "draft" / "Draft",
        Submitted = "submitted" / "Submitted",
        Approved = "approved" / "Approved",
        Rejected = "rejected" / "Rejected",
        Expired = "expired" / "Expired",
    }
}

vocabulary! {
    /// How often a piece of evidence must be renewed when it has no fixed end date.
    ReviewInterval ("review interval") {
        Monthly = "monthly" / "Monthly",
        Quarterly = "quarterly" / "Quarterly",
        Yearly = "yearly" / "Yearly",
    }
}

impl ReviewInterval {
    /// The SQLite date modifier that adds one interval.
    pub fn sqlite_modifier(self) -> &'static str {
        match self {
            ReviewInterval::Monthly => "+1 month",
            ReviewInterval::Quarterly => "+3 months",
            ReviewInterval::Yearly => "+1 year",
        }
    }
}

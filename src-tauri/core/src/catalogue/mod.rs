//! The bundled ISO/IEC 27001:2022 catalogue, loaded from `controls/*.toml` compiled into the
//! program, and checked as it loads.
//!
//! Everything a user reads all day comes from here, and a certification auditor will hold it
//! against the standard, so the loader refuses a catalogue that is incomplete or inconsistent
//! rather than showing a partial one. The same checks run in the test suite, so a bad data
//! change never reaches a build.

mod checks;
pub mod vocabulary;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::Deserialize;

use vocabulary::{
    ControlType, CybersecurityConcept, OperationalCapability, Party, SecurityDomain,
    SecurityProperty, Theme,
};

/// The catalogue's data files, as compiled into the program: (file name, contents).
pub const BUNDLED_SOURCES: Sources = Sources {
    catalogue: include_str!("../../../../controls/catalogue.toml"),
    annex_a: [
        (
            "annex-a/5-organizational.toml",
            include_str!("../../../../controls/annex-a/5-organizational.toml"),
        ),
        (
            "annex-a/6-people.toml",
            include_str!("../../../../controls/annex-a/6-people.toml"),
        ),
        (
            "annex-a/7-physical.toml",
            include_str!("../../../../controls/annex-a/7-physical.toml"),
        ),
        (
            "annex-a/8-technological.toml",
            include_str!("../../../../controls/annex-a/8-technological.toml"),
        ),
    ],
    clauses: include_str!("../../../../controls/clauses.toml"),
    documents: include_str!("../../../../controls/documents.toml"),
    control_documents: include_str!("../../../../controls/control-documents.toml"),
    mapping_2013: include_str!("../../../../controls/mapping-2013.toml"),
};

/// How many Annex A controls each theme has in ISO/IEC 27001:2022.
pub const THEME_COUNTS: [(Theme, usize); 4] = [
    (Theme::Organizational, 37),
    (Theme::People, 8),
    (Theme::Physical, 14),
    (Theme::Technological, 34),
];

/// How many controls Annex A of ISO/IEC 27001:2013 had.
pub const CONTROLS_2013: usize = 114;

/// How many controls ISO/IEC 27001:2022 added with no 2013 ancestor.
pub const NEW_IN_2022: usize = 11;

/// Every clause and subclause of ISO/IEC 27001:2022 clauses 4 to 10.
pub const CLAUSE_IDS: &[&str] = &[
    "4", "4.1", "4.2", "4.3", "4.4", "5", "5.1", "5.2", "5.3", "6", "6.1", "6.1.1", "6.1.2",
    "6.1.3", "6.2", "6.3", "7", "7.1", "7.2", "7.3", "7.4", "7.5", "7.5.1", "7.5.2", "7.5.3", "8",
    "8.1", "8.2", "8.3", "9", "9.1", "9.2", "9.2.1", "9.2.2", "9.3", "9.3.1", "9.3.2", "9.3.3",
    "10", "10.1", "10.2",
];

/// The text of every catalogue file, so that tests can load a changed copy.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    pub catalogue: &'a str,
    pub annex_a: [(&'a str, &'a str); 4],
    pub clauses: &'a str,
    pub documents: &'a str,
    pub control_documents: &'a str,
    pub mapping_2013: &'a str,
}

/// Why the catalogue could not be loaded. Both mean a defect in `controls/`, never user input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("catalogue file {file} cannot be read: {message}")]
    Parse { file: String, message: String },
    #[error("the catalogue is inconsistent:\n  {}", .problems.join("\n  "))]
    Invalid { problems: Vec<String> },
}

/// An Annex A control id such as `5.1` or `8.34`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ControlId {
    pub clause: u8,
    pub number: u8,
}

/// An input that is not a well-formed control id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not an Annex A control id (expected e.g. 5.1 or A.8.34)")]
pub struct BadControlId {
    pub input: String,
}

impl ControlId {
    /// The id as users expect to read it in reports: `A.5.1`.
    pub fn prefixed(self) -> String {
        format!("A.{self}")
    }

    /// The theme that the id's clause belongs to.
    pub fn theme(self) -> Option<Theme> {
        Theme::of_clause(self.clause)
    }
}

impl fmt::Display for ControlId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.clause, self.number)
    }
}

impl FromStr for ControlId {
    type Err = BadControlId;

    /// Accepts `A.5.1`, `5.1`, `a.5.1` and `A 5.1`, with surrounding spaces.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let bad = || BadControlId {
            input: input.to_owned(),
        };
        let s = input.trim();
        let s = s
            .strip_prefix(['A', 'a'])
            .and_then(|rest| rest.strip_prefix(['.', ' ']))
            .map_or(s, str::trim_start);
        let (clause, number) = s.split_once('.').ok_or_else(bad)?;
        let digits =
            |p: &str| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(clause) || !digits(number) {
            return Err(bad());
        }
        Ok(ControlId {
            clause: clause.parse().map_err(|_| bad())?,
            number: number.parse().map_err(|_| bad())?,
        })
    }
}

/// The five ISO/IEC 27002:2022 attributes of a control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attributes {
    pub control_type: Vec<ControlType>,
    pub information_security_properties: Vec<SecurityProperty>,
    pub cybersecurity_concepts: Vec<CybersecurityConcept>,
    pub operational_capabilities: Vec<OperationalCapability>,
    pub security_domains: Vec<SecurityDomain>,
}

/// One Annex A control with its attributes and Annexa's guidance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    pub id: ControlId,
    pub theme: Theme,
    /// The ISO/IEC 27001:2022 Annex A title.
    pub title: String,
    /// Other names the control goes by (such as the shorter ISO/IEC 27002 table form), which
    /// search and imports accept as well as the title.
    pub aliases: Vec<String>,
    pub attributes: Attributes,
    pub summary: String,
    pub guidance: String,
    pub typical_evidence: Vec<String>,
    pub responsible: Vec<Party>,
    /// True for the 11 controls with no ISO/IEC 27001:2013 ancestor.
    pub new_in_2022: bool,
    /// The 2013 controls that this one replaces, e.g. `A.12.4.1`.
    pub ids_2013: Vec<String>,
}

/// A clause or subclause of the ISMS requirements (clauses 4 to 10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// What ISO/IEC 27001:2022/Amd 1:2024 adds here, in Annexa's words.
    pub amendment_2024: Option<String>,
    /// Ids of the required documents that this clause asks for.
    pub documents: Vec<String>,
}

/// A piece of documented information that the standard requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredDocument {
    pub id: String,
    pub title: String,
    pub clause: String,
    pub description: String,
}

/// A document that becomes required once an Annex A control is selected: the control itself
/// asks for it to be documented. Kept apart from the clauses' required documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlDocument {
    pub id: String,
    pub title: String,
    pub control: ControlId,
    pub description: String,
}

/// One control of ISO/IEC 27001:2013 Annex A and where it went in 2022.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control2013 {
    pub id: String,
    pub title: String,
    pub ids_2022: Vec<ControlId>,
}

/// The whole catalogue: controls, clauses, required documents and the 2013 mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    /// E.g. `iso27001-2022@1`.
    pub version: String,
    pub title: String,
    pub controls: Vec<Control>,
    pub clauses: Vec<Clause>,
    pub documents: Vec<RequiredDocument>,
    /// The documents that selected Annex A controls ask for, in control order.
    pub control_documents: Vec<ControlDocument>,
    pub mapping_2013: Vec<Control2013>,
}

impl Catalogue {
    /// The catalogue compiled into this program, loaded once.
    pub fn bundled() -> Result<&'static Catalogue, CatalogueError> {
        static BUNDLED: OnceLock<Result<Catalogue, CatalogueError>> = OnceLock::new();
        BUNDLED
            .get_or_init(|| Catalogue::load(&BUNDLED_SOURCES))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses and checks a catalogue. Every problem found is reported, not just the first.
    pub fn load(sources: &Sources<'_>) -> Result<Catalogue, CatalogueError> {
        let header: raw::Header = parse("catalogue.toml", sources.catalogue)?;
        let mut problems = Vec::new();
        let mut controls = Vec::new();
        for (file, text) in sources.annex_a {
            let theme_file: raw::ThemeFile = parse(file, text)?;
            for raw in theme_file.control {
                match raw.into_control(theme_file.theme) {
                    Ok(control) => controls.push(control),
                    Err(problem) => problems.push(format!("{file}: {problem}")),
                }
            }
        }
        let clauses: raw::ClauseFile = parse("clauses.toml", sources.clauses)?;
        let documents: raw::DocumentFile = parse("documents.toml", sources.documents)?;
        let control_documents: raw::ControlDocumentFile =
            parse("control-documents.toml", sources.control_documents)?;
        let mapping: raw::MappingFile = parse("mapping-2013.toml", sources.mapping_2013)?;

        let mut catalogue = Catalogue {
            version: format!("{}@{}", header.id, header.revision),
            title: header.title,
            controls,
            clauses: clauses
                .clause
                .into_iter()
                .map(|c| Clause {
                    id: c.id,
                    title: c.title,
                    summary: c.summary,
                    amendment_2024: c.amendment_2024,
                    documents: Vec::new(),
                })
                .collect(),
            documents: documents
                .document
                .into_iter()
                .map(|d| RequiredDocument {
                    id: d.id,
                    title: d.title,
                    clause: d.clause,
                    description: d.description,
                })
                .collect(),
            control_documents: Vec::new(),
            mapping_2013: Vec::new(),
        };
        for d in control_documents.control_document {
            match d.control.parse::<ControlId>() {
                Ok(control) => catalogue.control_documents.push(ControlDocument {
                    id: d.id,
                    title: d.title,
                    control,
                    description: d.description,
                }),
                Err(e) => problems.push(format!("control-documents.toml: {}: {e}", d.id)),
            }
        }
        catalogue.control_documents.sort_by_key(|d| d.control);
        for old in mapping.control_2013 {
            let mut ids_2022 = Vec::new();
            for target in &old.ids_2022 {
                match target.parse::<ControlId>() {
                    Ok(id) => ids_2022.push(id),
                    Err(e) => problems.push(format!("mapping-2013.toml: {}: {e}", old.id)),
                }
            }
            catalogue.mapping_2013.push(Control2013 {
                id: old.id,
                title: old.title,
                ids_2022,
            });
        }
        let mut new_ids = BTreeSet::new();
        for id in &mapping.new_in_2022 {
            match id.parse::<ControlId>() {
                Ok(id) => {
                    if !new_ids.insert(id) {
                        problems.push(format!("mapping-2013.toml: {id} is listed twice as new"));
                    }
                }
                Err(e) => problems.push(format!("mapping-2013.toml: new_in_2022: {e}")),
            }
        }
        catalogue.link(&new_ids, &mut problems);
        catalogue.check(&new_ids, &mut problems);
        if problems.is_empty() {
            Ok(catalogue)
        } else {
            Err(CatalogueError::Invalid { problems })
        }
    }

    /// The control with this id, if the catalogue has it.
    pub fn control(&self, id: ControlId) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// Looks up a control from user input such as `A.5.1`, naming the problem if it fails.
    pub fn find_control(&self, input: &str) -> Result<&Control, LookupError> {
        let id = input.parse::<ControlId>().map_err(LookupError::Malformed)?;
        self.control(id)
            .ok_or_else(|| LookupError::Unknown(id.prefixed()))
    }

    /// The control whose title or alias this is, ignoring case and spacing: how a spreadsheet
    /// that names controls by title finds them.
    pub fn find_by_title(&self, input: &str) -> Option<&Control> {
        let wanted = normalise_title(input);
        if wanted.is_empty() {
            return None;
        }
        self.controls.iter().find(|c| {
            std::iter::once(&c.title)
                .chain(&c.aliases)
                .any(|t| normalise_title(t) == wanted)
        })
    }

    /// The documents that this control asks for once it is selected.
    pub fn documents_of(&self, id: ControlId) -> impl Iterator<Item = &ControlDocument> {
        self.control_documents
            .iter()
            .filter(move |d| d.control == id)
    }

    /// The controls of one theme, in id order.
    pub fn controls_of(&self, theme: Theme) -> impl Iterator<Item = &Control> {
        self.controls.iter().filter(move |c| c.theme == theme)
    }

    /// Fills in what one file knows about another: new flags, 2013 ancestors, clause documents.
    fn link(&mut self, new_ids: &BTreeSet<ControlId>, problems: &mut Vec<String>) {
        self.controls.sort_by_key(|c| c.id);
        let mut ancestors: BTreeMap<ControlId, Vec<String>> = BTreeMap::new();
        for old in &self.mapping_2013 {
            for id in &old.ids_2022 {
                ancestors.entry(*id).or_default().push(old.id.clone());
            }
        }
        for control in &mut self.controls {
            control.new_in_2022 = new_ids.contains(&control.id);
            control.ids_2013 = ancestors.remove(&control.id).unwrap_or_default();
        }
        for (id, olds) in ancestors {
            problems.push(format!(
                "mapping-2013.toml: {} maps to {id}, which is not a 2022 control",
                olds.join(", ")
            ));
        }
        for document in &self.documents {
            match self.clauses.iter_mut().find(|c| c.id == document.clause) {
                Some(clause) => clause.documents.push(document.id.clone()),
                None => problems.push(format!(
                    "documents.toml: {} names clause {}, which does not exist",
                    document.id, document.clause
                )),
            }
        }
    }
}

/// A title compared for lookup: lower case, single spaces, no surrounding punctuation.
fn normalise_title(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_ascii_punctuation() && c != ')')
        .to_lowercase()
}

/// A control id from user input that does not name a control of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error(transparent)]
    Malformed(BadControlId),
    #[error("{0} is not a control of ISO/IEC 27001:2022 Annex A (it has A.5.1 to A.8.34)")]
    Unknown(String),
}

fn parse<'de, T: Deserialize<'de>>(file: &str, text: &'de str) -> Result<T, CatalogueError> {
    toml::from_str(text).map_err(|e| CatalogueError::Parse {
        file: file.to_owned(),
        message: e.to_string(),
    })
}

/// The shapes of the TOML files. Kept private: the rest of the program sees only the checked
/// domain types above.
mod raw {
    use super::*;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Header {
        pub id: String,
        pub revision: u32,
        pub title: String,
        #[allow(dead_code)]
        pub amendments: Vec<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ThemeFile {
        pub theme: Theme,
        pub control: Vec<RawControl>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawControl {
        pub id: String,
        pub title: String,
        #[serde(default)]
        pub aliases: Vec<String>,
        pub control_type: Vec<ControlType>,
        pub information_security_properties: Vec<SecurityProperty>,
        pub cybersecurity_concepts: Vec<CybersecurityConcept>,
        pub operational_capabilities: Vec<OperationalCapability>,
        pub security_domains: Vec<SecurityDomain>,
        pub summary: String,
        pub guidance: String,
        pub typical_evidence: Vec<String>,
        pub responsible: Vec<Party>,
    }

    impl RawControl {
        pub fn into_control(self, theme: Theme) -> Result<Control, String> {
            let id: ControlId = self.id.parse().map_err(|e: BadControlId| e.to_string())?;
            if id.theme() != Some(theme) {
                return Err(format!("control {id} is not in theme {theme}"));
            }
            let mut empty = Vec::new();
            for (field, value) in [
                ("title", &self.title),
                ("summary", &self.summary),
                ("guidance", &self.guidance),
            ] {
                if value.trim().is_empty() {
                    empty.push(field);
                }
            }
            let lists = [
                ("control_type", self.control_type.is_empty()),
                (
                    "information_security_properties",
                    self.information_security_properties.is_empty(),
                ),
                (
                    "cybersecurity_concepts",
                    self.cybersecurity_concepts.is_empty(),
                ),
                (
                    "operational_capabilities",
                    self.operational_capabilities.is_empty(),
                ),
                ("security_domains", self.security_domains.is_empty()),
                ("responsible", self.responsible.is_empty()),
            ];
            empty.extend(lists.iter().filter(|(_, e)| *e).map(|(f, _)| *f));
            if !empty.is_empty() {
                return Err(format!(
                    "control {id} has empty fields: {}",
                    empty.join(", ")
                ));
            }
            if self.typical_evidence.len() < 3
                || self.typical_evidence.iter().any(|e| e.trim().is_empty())
            {
                return Err(format!(
                    "control {id} needs at least three non-empty typical_evidence items"
                ));
            }
            Ok(Control {
                id,
                theme,
                title: self.title,
                aliases: self.aliases,
                attributes: Attributes {
                    control_type: self.control_type,
                    information_security_properties: self.information_security_properties,
                    cybersecurity_concepts: self.cybersecurity_concepts,
                    operational_capabilities: self.operational_capabilities,
                    security_domains: self.security_domains,
                },
                summary: self.summary.trim().to_owned(),
                guidance: self.guidance.trim().to_owned(),
                typical_evidence: self.typical_evidence,
                responsible: self.responsible,
                new_in_2022: false,
                ids_2013: Vec::new(),
            })
        }
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ClauseFile {
        pub clause: Vec<RawClause>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawClause {
        pub id: String,
        pub title: String,
        pub summary: String,
        pub amendment_2024: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct DocumentFile {
        pub document: Vec<RawDocument>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ControlDocumentFile {
        pub control_document: Vec<RawControlDocument>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawControlDocument {
        pub id: String,
        pub title: String,
        pub control: String,
        pub description: String,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawDocument {
        pub id: String,
        pub title: String,
        pub clause: String,
        pub description: String,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct MappingFile {
        pub new_in_2022: Vec<String>,
        pub control_2013: Vec<RawControl2013>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawControl2013 {
        pub id: String,
        pub title: String,
        pub ids_2022: Vec<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> &'static Catalogue {
        match Catalogue::bundled() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    /// Loads the bundled catalogue with one file's text changed by `edit`, and returns the
    /// error text, which must exist.
    fn broken(file: &str, edit: impl Fn(&str) -> String) -> String {
        let mut sources = BUNDLED_SOURCES;
        let target: &mut &str = match file {
            "clauses" => &mut sources.clauses,
            "documents" => &mut sources.documents,
            "control-documents" => &mut sources.control_documents,
            "mapping" => &mut sources.mapping_2013,
            _ => {
                let slot = sources
                    .annex_a
                    .iter_mut()
                    .find(|(name, _)| name.contains(file))
                    .expect("file");
                &mut slot.1
            }
        };
        let owned = edit(target);
        *target = &owned;
        match Catalogue::load(&sources) {
            Ok(_) => panic!("the edit of {file} was not caught"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn bundled_catalogue_has_the_standard_counts() {
        let c = bundled();
        assert_eq!(c.version, "iso27001-2022@2");
        assert_eq!(c.controls.len(), 93);
        for (theme, n) in THEME_COUNTS {
            assert_eq!(c.controls_of(theme).count(), n, "{theme}");
        }
        assert_eq!(c.clauses.len(), CLAUSE_IDS.len());
        assert_eq!(c.mapping_2013.len(), 114);
        assert_eq!(c.controls.iter().filter(|c| c.new_in_2022).count(), 11);
        let ids: Vec<String> = c.controls.iter().map(|c| c.id.to_string()).collect();
        assert_eq!(ids.first().map(String::as_str), Some("5.1"));
        assert_eq!(ids.last().map(String::as_str), Some("8.34"));
    }

    #[test]
    fn guidance_is_specific_to_each_control() {
        let c = bundled();
        let mut seen = BTreeMap::new();
        for control in &c.controls {
            for text in [&control.summary, &control.guidance] {
                if let Some(other) = seen.insert(text.as_str(), control.id) {
                    panic!("{} and {other} share the same text: {text}", control.id);
                }
            }
            assert!(
                control.guidance.len() >= 300,
                "{}: guidance too thin",
                control.id
            );
            assert!(control.typical_evidence.len() >= 3, "{}", control.id);
        }
    }

    #[test]
    fn titles_are_the_annex_a_wording_and_the_short_forms_still_find_them() {
        let c = bundled();
        let id = |s: &str| s.parse::<ControlId>().expect("id");
        let supply = c.control(id("5.21")).expect("5.21");
        assert_eq!(
            supply.title,
            "Managing information security in the information and communication technology (ICT) supply chain"
        );
        let pii = c.control(id("5.34")).expect("5.34");
        assert_eq!(
            pii.title,
            "Privacy and protection of personal identifiable information (PII)"
        );
        for (name, wanted) in [
            (
                "Managing information security in the ICT supply chain",
                "5.21",
            ),
            ("  privacy AND protection of   pii ", "5.34"),
            (
                "Privacy and protection of personal identifiable information (PII)",
                "5.34",
            ),
            ("Segregation of duties.", "5.3"),
        ] {
            let found = c.find_by_title(name).map(|c| c.id.to_string());
            assert_eq!(found.as_deref(), Some(wanted), "{name:?}");
        }
        assert!(c.find_by_title("Privacy").is_none());
        assert!(c.find_by_title("").is_none());
    }

    #[test]
    fn an_alias_that_is_another_controls_title_is_caught() {
        let err = broken("5-organizational", |t| {
            t.replacen(
                "aliases = [\"Privacy and protection of PII\"]",
                "aliases = [\"Privacy and protection of PII\", \"Segregation of duties\"]",
                1,
            )
        });
        assert!(
            err.contains("\"Segregation of duties\" is used by controls 5.3 and 5.34"),
            "{err}"
        );
    }

    #[test]
    fn whitelist_and_blacklist_are_refused_wherever_they_appear() {
        let err = broken("8-technological", |t| {
            t.replacen(
                "guidance = \"\"\"\n",
                "guidance = \"\"\"\nKeep a Whitelist. ",
                1,
            )
        });
        assert!(
            err.contains("control 8.1 says \"whitelist\": write \"allowlist\""),
            "{err}"
        );
        let err = broken("clauses", |t| {
            t.replacen("summary = \"", "summary = \"A blacklist of parties. ", 1)
        });
        assert!(
            err.contains("clause 4 says \"blacklist\": write \"denylist\""),
            "{err}"
        );
        for text in CONTROL_PROSE_FILES {
            assert!(!text.to_lowercase().contains("whitelist"));
        }
    }

    const CONTROL_PROSE_FILES: [&str; 3] = [
        BUNDLED_SOURCES.clauses,
        BUNDLED_SOURCES.documents,
        BUNDLED_SOURCES.control_documents,
    ];

    #[test]
    fn a_sentence_written_under_two_controls_is_caught() {
        let c = bundled();
        let from = c.control("5.1".parse().expect("id")).expect("5.1");
        let sentence = from.guidance.split(". ").nth(1).expect("a second sentence");
        let err = broken("6-people", |t| {
            t.replacen(
                "guidance = \"\"\"\n",
                &format!("guidance = \"\"\"\n{sentence}. "),
                1,
            )
        });
        assert!(err.contains("controls 5.1 and 6.1 both say"), "{err}");
        assert!(err.contains(&sentence.to_lowercase()[..40]), "{err}");
        // The same sentence twice under one control is that control's business, not a copy.
        let mut sources = BUNDLED_SOURCES;
        let doubled = sources.annex_a[0].1.replacen(
            "guidance = \"\"\"\n",
            &format!("guidance = \"\"\"\n{sentence}. "),
            1,
        );
        sources.annex_a[0].1 = &doubled;
        assert!(Catalogue::load(&sources).is_ok());
    }

    #[test]
    fn documents_required_by_a_selected_control_are_kept_apart_from_the_clauses() {
        let c = bundled();
        let controls: Vec<String> = c
            .control_documents
            .iter()
            .map(|d| d.control.to_string())
            .collect();
        for id in ["5.1", "5.9", "5.10", "5.31", "5.37", "6.6", "8.27"] {
            assert!(controls.iter().any(|c| c == id), "{id} asks for a document");
        }
        let ids: Vec<&str> = c
            .documents_of("5.9".parse().expect("id"))
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(ids, ["asset-inventory"]);
        assert!(c.documents.iter().all(|d| d.id != "asset-inventory"));
        let err = broken("control-documents", |t| {
            t.replacen("control = \"5.9\"", "control = \"5.99\"", 1)
        });
        assert!(
            err.contains("asset-inventory names control 5.99, which does not exist"),
            "{err}"
        );
        let err = broken("control-documents", |t| {
            t.replacen("id = \"asset-inventory\"", "id = \"isms-scope\"", 1)
        });
        assert!(err.contains("isms-scope appears twice"), "{err}");
    }

    #[test]
    fn the_2022_additions_are_flagged_new() {
        let c = bundled();
        let new: Vec<String> = c
            .controls
            .iter()
            .filter(|c| c.new_in_2022)
            .map(|c| c.id.to_string())
            .collect();
        assert_eq!(
            new,
            [
                "5.7", "5.23", "5.30", "7.4", "8.9", "8.10", "8.11", "8.12", "8.16", "8.23", "8.28"
            ]
        );
    }

    #[test]
    fn every_required_document_belongs_to_a_clause() {
        let c = bundled();
        let soa = c
            .documents
            .iter()
            .filter(|d| d.clause.starts_with("6.1.3"))
            .count();
        assert!(
            soa >= 1,
            "the Statement of Applicability is required by 6.1.3"
        );
        for d in &c.documents {
            assert!(
                c.clauses
                    .iter()
                    .any(|cl| cl.id == d.clause && cl.documents.contains(&d.id))
            );
        }
    }

    #[test]
    fn control_ids_parse_with_or_without_prefix() {
        let check = |input: &str, expected: Option<(u8, u8)>| {
            let got = input
                .parse::<ControlId>()
                .ok()
                .map(|id| (id.clause, id.number));
            assert_eq!(got, expected, "{input:?}");
        };
        check("5.1", Some((5, 1)));
        check("A.8.34", Some((8, 34)));
        check(" a.6.3 ", Some((6, 3)));
        check("A 5.1", Some((5, 1)));
        check("a  8.2", Some((8, 2)));
        check("A5.1", None);
        check("A.", None);
        check("A. 5.1", Some((5, 1)));
        check("5", None);
        check("5.", None);
        check("5.1.2", None);
        check("x.1", None);
        assert_eq!(
            "A.5.1".parse::<ControlId>().map(|id| id.prefixed()),
            Ok("A.5.1".to_owned())
        );
    }

    #[test]
    fn lookups_name_the_bad_id() {
        let c = bundled();
        assert_eq!(
            c.find_control("a.8.13").map(|c| c.id.to_string()),
            Ok("8.13".to_owned())
        );
        let unknown = c.find_control("A.8.35").unwrap_err().to_string();
        assert!(unknown.contains("A.8.35"), "{unknown}");
        let malformed = c.find_control("eight").unwrap_err().to_string();
        assert!(malformed.contains("\"eight\""), "{malformed}");
    }

    #[test]
    fn a_duplicate_control_is_caught() {
        let err = broken("6-people", |t| {
            t.replacen("id = \"6.2\"", "id = \"6.1\"", 1)
        });
        assert!(err.contains("control 6.1 appears twice"), "{err}");
        assert!(err.contains("missing: [6.2]"), "{err}");
    }

    #[test]
    fn a_missing_control_is_caught() {
        let err = broken("7-physical", |t| {
            let start = t.rfind("[[control]]").expect("a control");
            t[..start].to_owned()
        });
        assert!(err.contains("missing: [7.14]"), "{err}");
    }

    #[test]
    fn a_control_in_the_wrong_theme_is_caught() {
        let err = broken("6-people", |t| {
            t.replacen("id = \"6.8\"", "id = \"7.15\"", 1)
        });
        assert!(err.contains("7.15 is not in theme People"), "{err}");
    }

    #[test]
    fn an_unknown_attribute_value_is_caught() {
        let err = broken("8-technological", |t| {
            t.replacen("\"Preventive\"", "\"Preventative\"", 1)
        });
        assert!(err.contains("Preventative"), "{err}");
    }

    #[test]
    fn a_missing_field_is_caught() {
        let err = broken("6-people", |t| {
            let at = t.find("\nsummary").expect("a summary");
            let end = at + 1 + t[at + 1..].find('\n').expect("line end");
            format!("{}{}", &t[..at], &t[end..])
        });
        assert!(err.contains("summary"), "{err}");
    }

    #[test]
    fn an_empty_field_is_caught() {
        let err = broken("6-people", |t| {
            let at = t.find("typical_evidence = [").expect("evidence");
            let end = at + t[at..].find(']').expect("end");
            format!("{}typical_evidence = [\"only one\"{}", &t[..at], &t[end..])
        });
        assert!(err.contains("at least three"), "{err}");
    }

    #[test]
    fn a_mapping_to_a_control_that_does_not_exist_is_caught() {
        let err = broken("mapping", |t| {
            let at = t.find("ids_2022 = [").expect("ids");
            let end = at + t[at..].find(']').expect("end");
            format!("{}ids_2022 = [\"8.99\"{}", &t[..at], &t[end..])
        });
        assert!(err.contains("8.99, which is not a 2022 control"), "{err}");
    }

    #[test]
    fn a_missing_clause_is_caught() {
        let err = broken("clauses", |t| {
            t.replacen("id = \"9.3.2\"", "id = \"9.3.4\"", 1)
        });
        assert!(err.contains("clause 9.3.2 is missing"), "{err}");
        assert!(err.contains("9.3.4 is not a clause"), "{err}");
    }

    #[test]
    fn a_document_for_an_unknown_clause_is_caught() {
        let err = broken("documents", |t| {
            t.replacen("clause = \"4.3\"", "clause = \"4.9\"", 1)
        });
        assert!(err.contains("names clause 4.9"), "{err}");
    }
}

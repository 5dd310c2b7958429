//! The catalogue as the window and `annexa catalogue --format json` see it.

use super::*;

/// The five ISO/IEC 27002:2022 attributes of a control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AttributesView {
    pub control_type: Vec<ControlType>,
    pub information_security_properties: Vec<SecurityProperty>,
    pub cybersecurity_concepts: Vec<CybersecurityConcept>,
    pub operational_capabilities: Vec<OperationalCapability>,
    pub security_domains: Vec<SecurityDomain>,
}

/// An Annex A control as the window and `annexa catalogue --format json` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ControlView {
    /// `A.5.1` … `A.8.34`.
    pub id: String,
    pub theme: Theme,
    /// The ISO/IEC 27001:2022 Annex A title.
    pub title: String,
    /// Other names it goes by, such as the ISO/IEC 27002 table's shorter title.
    pub aliases: Vec<String>,
    pub attributes: AttributesView,
    pub summary: String,
    pub guidance: String,
    pub typical_evidence: Vec<String>,
    pub responsible: Vec<Party>,
    pub new_in_2022: bool,
    /// The ISO/IEC 27001:2013 controls this one replaces, e.g. `A.12.4.1`.
    pub ids_2013: Vec<String>,
    /// The documents this control asks for once it is selected.
    pub documents: Vec<ControlDocumentView>,
}

/// A document that an Annex A control asks for once it is selected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ControlDocumentView {
    pub id: String,
    pub title: String,
    pub description: String,
}

/// A required piece of documented information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DocumentView {
    pub id: String,
    pub title: String,
    pub clause: String,
    pub description: String,
}

/// A clause or subclause of clauses 4 to 10.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ClauseView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub amendment_2024: Option<String>,
    pub documents: Vec<DocumentView>,
}

/// One ISO/IEC 27001:2013 control and its 2022 successors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Mapping2013View {
    pub id_2013: String,
    pub title_2013: String,
    pub ids_2022: Vec<String>,
}

/// The whole bundled catalogue, as the window loads it once at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CatalogueView {
    /// E.g. `iso27001-2022@1`.
    pub version: String,
    pub title: String,
    pub controls: Vec<ControlView>,
    pub clauses: Vec<ClauseView>,
    pub mapping_2013: Vec<Mapping2013View>,
}

impl ControlView {
    pub fn new(c: &Control, catalogue: &Catalogue) -> Self {
        ControlView {
            id: c.id.prefixed(),
            theme: c.theme,
            title: c.title.clone(),
            aliases: c.aliases.clone(),
            attributes: AttributesView {
                control_type: c.attributes.control_type.clone(),
                information_security_properties: c
                    .attributes
                    .information_security_properties
                    .clone(),
                cybersecurity_concepts: c.attributes.cybersecurity_concepts.clone(),
                operational_capabilities: c.attributes.operational_capabilities.clone(),
                security_domains: c.attributes.security_domains.clone(),
            },
            summary: c.summary.clone(),
            guidance: c.guidance.clone(),
            typical_evidence: c.typical_evidence.clone(),
            responsible: c.responsible.clone(),
            new_in_2022: c.new_in_2022,
            ids_2013: c.ids_2013.clone(),
            documents: catalogue
                .documents_of(c.id)
                .map(|d| ControlDocumentView {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    description: d.description.clone(),
                })
                .collect(),
        }
    }
}

impl From<&RequiredDocument> for DocumentView {
    fn from(d: &RequiredDocument) -> Self {
        DocumentView {
            id: d.id.clone(),
            title: d.title.clone(),
            clause: d.clause.clone(),
            description: d.description.clone(),
        }
    }
}

impl ClauseView {
    pub fn new(clause: &Clause, catalogue: &Catalogue) -> Self {
        ClauseView {
            id: clause.id.clone(),
            title: clause.title.clone(),
            summary: clause.summary.clone(),
            amendment_2024: clause.amendment_2024.clone(),
            documents: catalogue
                .documents
                .iter()
                .filter(|d| clause.documents.contains(&d.id))
                .map(DocumentView::from)
                .collect(),
        }
    }
}

impl From<&Control2013> for Mapping2013View {
    fn from(m: &Control2013) -> Self {
        Mapping2013View {
            id_2013: m.id.clone(),
            title_2013: m.title.clone(),
            ids_2022: m.ids_2022.iter().map(|c| c.prefixed()).collect(),
        }
    }
}

impl From<&Catalogue> for CatalogueView {
    fn from(c: &Catalogue) -> Self {
        CatalogueView {
            version: c.version.clone(),
            title: c.title.clone(),
            controls: c.controls.iter().map(|x| ControlView::new(x, c)).collect(),
            clauses: c.clauses.iter().map(|cl| ClauseView::new(cl, c)).collect(),
            mapping_2013: c.mapping_2013.iter().map(Mapping2013View::from).collect(),
        }
    }
}

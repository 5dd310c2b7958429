//! The CSV columns of each kind of output: JSON field names, `a.b` for field `b` of the object
//! (or of each object of the list) in field `a`. `docs/cli-json.md` lists the same, and the
//! contract test (`tests/contract.rs`) holds the two together.

/// An Annex A control of the catalogue (`annexa catalogue`).
pub const CONTROL: &[&str] = &[
    "id",
    "theme",
    "title",
    "aliases",
    "attributes.control_type",
    "attributes.information_security_properties",
    "attributes.cybersecurity_concepts",
    "attributes.operational_capabilities",
    "attributes.security_domains",
    "summary",
    "guidance",
    "typical_evidence",
    "responsible",
    "new_in_2022",
    "ids_2013",
    "documents.id",
];

/// A clause of the catalogue (`annexa catalogue --clauses`).
pub const CLAUSE: &[&str] = &["id", "title", "summary", "amendment_2024", "documents.id"];

/// A 2013 control and its 2022 successors (`annexa catalogue --mapping 2013`).
pub const MAPPING: &[&str] = &["id_2013", "title_2013", "ids_2022"];

/// The workspace (`annexa info`).
pub const WORKSPACE: &[&str] = &[
    "path",
    "organisation",
    "scope",
    "target_date",
    "created_at",
    "catalogue_version",
    "schema_version",
    "history.intact",
    "history.rows",
    "history.broken_count",
    "history.head",
];

/// A control's assessment (`annexa controls`, `annexa set`, `annexa people department`).
pub const CONTROL_STATE: &[&str] = &[
    "id",
    "title",
    "theme",
    "applicable",
    "justification",
    "reasons",
    "risks",
    "status",
    "maturity",
    "owner",
    "contributors",
    "target_date",
    "priority",
    "current_state",
    "gap",
    "updated_at",
    "evidence_count",
];

/// A person of the directory (`annexa people list`).
pub const PERSON: &[&str] = &["name", "role", "department", "email"];

/// What a person answers for (`annexa people show`).
pub const PERSON_WORK: &[&str] = &[
    "person.name",
    "person.role",
    "person.department",
    "person.email",
    "owns.id",
    "contributes_to.id",
    "clauses",
    "actions.id",
    "evidence.id",
    "late_controls",
    "late_actions",
];

/// An action of the treatment plan (`annexa actions`).
pub const ACTION: &[&str] = &[
    "id",
    "title",
    "controls",
    "assignee",
    "due_date",
    "status",
    "late",
    "created_at",
];

/// A change in the history (`annexa history`).
pub const HISTORY: &[&str] = &["at", "actor", "subject", "field", "old_value", "new_value"];

/// The history's hash chain (`annexa history --verify`).
pub const HISTORY_CHECK: &[&str] = &[
    "intact",
    "rows",
    "broken",
    "broken_count",
    "head",
    "message",
];

/// A snapshot (`annexa snapshot list`).
pub const SNAPSHOT: &[&str] = &["name", "taken_at", "actor"];

/// A difference between two assessments (`annexa snapshot compare`).
pub const CHANGE: &[&str] = &["id", "field", "before", "after", "regression"];

/// A clause's assessment (`annexa clauses list`, `annexa clauses set`).
pub const CLAUSE_STATE: &[&str] = &[
    "id",
    "title",
    "status",
    "owner",
    "notes",
    "documents.id",
    "documents.present",
];

/// An evidence item (`annexa evidence list`, `show`, `add`, `set`, …).
pub const EVIDENCE: &[&str] = &[
    "id",
    "title",
    "kind",
    "description",
    "status",
    "recorded_status",
    "controls",
    "clauses",
    "issued_on",
    "valid_until",
    "review_interval",
    "expires_on",
    "expired",
    "provided_by",
    "version",
    "file_name",
    "media_type",
    "size",
    "sha256",
    "url",
    "body",
    "created_at",
    "updated_at",
];

/// The evidence store's check (`annexa evidence verify`).
pub const STORE_CHECK: &[&str] = &[
    "ok",
    "contents",
    "bytes",
    "problems.sha256",
    "problems.message",
];

/// The report (`annexa report`).
pub const REPORT: &[&str] = &[
    "today",
    "readiness.applicable",
    "readiness.undecided",
    "readiness.implemented",
    "readiness.partially_implemented",
    "readiness.score",
    "soa_controls",
    "soa_decided",
    "soa_excluded",
    "soa_excluded_without_justification",
    "late_controls",
    "unowned_applicable_controls",
    "late_actions.id",
    "late_actions_total",
    "late_total",
    "late_words",
    "missing_documents",
    "expiring_evidence.id",
    "expiring_evidence_total",
    "expiry_window_days",
];

/// A finding of the pack's pre-flight check (`annexa export --check-only`).
pub const FINDING: &[&str] = &["kind", "subject", "message"];

/// A written board report (`annexa report --pdf`).
pub const BOARD_REPORT: &[&str] = &["path", "pages", "bytes"];

/// What compacting did (`annexa compact`).
pub const COMPACT: &[&str] = &["path", "before", "after"];

/// What an export wrote (`annexa export`).
pub const PACK: &[&str] = &[
    "path",
    "files",
    "evidence_files",
    "content_bytes",
    "pack_bytes",
    "created",
    "fingerprint",
];

/// A pack's verification (`annexa verify`).
pub const VERIFICATION: &[&str] = &[
    "ok",
    "path",
    "organisation",
    "created",
    "tool_version",
    "fingerprint",
    "files",
    "bytes",
    "problems.file",
    "problems.kind",
    "problems.detail",
    "signature.key_id",
    "signature.statement",
    "signature.check",
    "signature.detail",
];

/// A risk of the register (`annexa risks list`).
pub const RISK: &[&str] = &[
    "id",
    "kind",
    "title",
    "owner",
    "likelihood",
    "impact",
    "level",
    "treatment",
    "controls",
    "own_controls",
    "actions",
    "target_likelihood",
    "target_impact",
    "target_level",
    "residual_level",
    "status",
    "next_review",
    "plan_approved_by",
    "accepted_by",
    "accepted_until",
    "acceptance",
];

/// The risk method (`annexa risks method`).
pub const RISK_METHOD: &[&str] = &[
    "preset",
    "likelihood.name",
    "impact.name",
    "levels.name",
    "acceptable",
    "review_months",
    "approved_by",
    "approved_at",
];

/// An asset (`annexa assets list`).
pub const ASSET: &[&str] = &[
    "name",
    "kind",
    "owner",
    "confidentiality",
    "integrity",
    "availability",
    "risks",
];

/// A control of the organisation's own (`annexa own-controls list`).
pub const OWN_CONTROL: &[&str] = &["id", "title", "status", "risks", "description"];

/// An approved assessment round (`annexa risks rounds`).
pub const RISK_ROUND: &[&str] = &["name", "approved_by", "approved_at", "risks"];

/// A change between two rounds (`annexa risks compare`).
pub const ROUND_CHANGE: &[&str] = &["risk", "title", "change", "before", "after", "regression"];

// Generated from the Rust wire types in src-tauri/core/src/wire.rs. Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p annexa-core bindings` after changing them.

export type ErrorKind = "invalid_input" | "not_found" | "not_a_workspace" | "busy" | "io" | "internal" | "cancelled" | "integrity" | "no_workspace";

export type ErrorPayload = { kind: ErrorKind, message: string, };

export type Theme = "Organizational" | "People" | "Physical" | "Technological";

export type ControlType = "Preventive" | "Detective" | "Corrective";

export type SecurityProperty = "Confidentiality" | "Integrity" | "Availability";

export type CybersecurityConcept = "Identify" | "Protect" | "Detect" | "Respond" | "Recover";

export type OperationalCapability = "Governance" | "Asset_management" | "Information_protection" | "Human_resource_security" | "Physical_security" | "System_and_network_security" | "Application_security" | "Secure_configuration" | "Identity_and_access_management" | "Threat_and_vulnerability_management" | "Continuity" | "Supplier_relationships_security" | "Legal_and_compliance" | "Information_security_event_management" | "Information_security_assurance";

export type SecurityDomain = "Governance_and_Ecosystem" | "Protection" | "Defence" | "Resilience";

export type Party = "management" | "it" | "security" | "hr" | "facilities" | "legal_compliance" | "all_staff" | "suppliers";

export type AttributesView = { control_type: Array<ControlType>, information_security_properties: Array<SecurityProperty>, cybersecurity_concepts: Array<CybersecurityConcept>, operational_capabilities: Array<OperationalCapability>, security_domains: Array<SecurityDomain>, };

export type ControlView = { 
/**
 * `A.5.1` … `A.8.34`.
 */
id: string, theme: Theme, 
/**
 * The ISO/IEC 27001:2022 Annex A title.
 */
title: string, 
/**
 * Other names it goes by, such as the ISO/IEC 27002 table's shorter title.
 */
aliases: Array<string>, attributes: AttributesView, summary: string, guidance: string, typical_evidence: Array<string>, responsible: Array<Party>, new_in_2022: boolean, 
/**
 * The ISO/IEC 27001:2013 controls this one replaces, e.g. `A.12.4.1`.
 */
ids_2013: Array<string>, 
/**
 * The documents this control asks for once it is selected.
 */
documents: Array<ControlDocumentView>, };

export type ControlDocumentView = { id: string, title: string, description: string, };

export type DocumentView = { id: string, title: string, clause: string, description: string, };

export type ClauseView = { id: string, title: string, summary: string, amendment_2024: string | null, documents: Array<DocumentView>, };

export type Mapping2013View = { id_2013: string, title_2013: string, ids_2022: Array<string>, };

export type CatalogueView = { 
/**
 * E.g. `iso27001-2022@1`.
 */
version: string, title: string, controls: Array<ControlView>, clauses: Array<ClauseView>, mapping_2013: Array<Mapping2013View>, };

export type WorkspaceSummary = { path: string, organisation: string, scope: string, target_date: string | null, created_at: string, catalogue_version: string, schema_version: number, 
/**
 * Whether the history's hash chain is intact; the window warns when it is not.
 */
history: HistoryCheckView, };

export type HistoryCheckView = { intact: boolean, rows: number, 
/**
 * Ids of the first rows whose hash does not match (at most 20).
 */
broken: number[], broken_count: number, 
/**
 * The newest row's hash, a fingerprint of the whole history.
 */
head: string | null, 
/**
 * The result in one sentence.
 */
message: string, };

export type CompactView = { path: string, 
/**
 * The file's size before and after, in bytes.
 */
before: number, after: number, };

export type RecentWorkspaceView = { path: string, organisation: string | null, last_change: string | null, 
/**
 * Readiness 0 to 1, undecided controls counting as not ready.
 */
score: number | null, decided: number | null, controls: number | null, problem: string | null, };

export type Status = "not_assessed" | "not_implemented" | "planned" | "partially_implemented" | "implemented";

export type Reason = "risk_assessment" | "legal_regulatory" | "contractual" | "business_requirement" | "best_practice";

export type Priority = "low" | "medium" | "high" | "critical";

export type ActionStatus = "open" | "in_progress" | "done" | "cancelled";

export type ControlStateView = { id: string, title: string, theme: Theme, 
/**
 * `true` applicable, `false` excluded, `null` not decided yet.
 */
applicable: boolean | null, justification: string, 
/**
 * The reasons recorded, with "risk assessment" whenever a risk chose the control.
 */
reasons: Array<Reason>, 
/**
 * The risks whose treatment chose it (`R-001`).
 */
risks: Array<string>, status: Status, maturity: number | null, owner: string | null, contributors: Array<string>, target_date: string | null, priority: Priority | null, current_state: string, gap: string, updated_at: string | null, evidence_count: number, };

export type PersonView = { name: string, role: string, department: Party | null, email: string, };

export type PersonWorkView = { person: PersonView, owns: Array<ControlStateView>, contributes_to: Array<ControlStateView>, 
/**
 * Clauses (`6.1.2`) they own.
 */
clauses: Array<string>, actions: Array<ActionView>, evidence: Array<EvidenceView>, 
/**
 * Their late work: applicable controls past their target date, open actions past due.
 */
late_controls: Array<string>, late_actions: number[], };

export type ActionView = { id: number, title: string, controls: Array<string>, assignee: string | null, due_date: string | null, status: ActionStatus, late: boolean, created_at: string, };

export type HistoryView = { at: string, actor: string, 
/**
 * What changed, typed: `control:A.5.1`, `clause:5.1`, `action:3`, `evidence:3`,
 * `person:Ana Silva`, `snapshot:Baseline`, `document:risk-treatment-plan`.
 */
subject: string, field: string, old_value: string | null, new_value: string | null, };

export type ReadinessView = { label: string, applicable: number, undecided: number, implemented: number, partially_implemented: number, score: number, };

export type ReportView = { today: string, readiness: ReadinessView, by_theme: Array<ReadinessView>, by_owner: Array<ReadinessView>, soa_controls: number, soa_decided: number, soa_excluded: number, soa_excluded_without_justification: number, late_controls: Array<string>, unowned_applicable_controls: Array<string>, late_actions: Array<ActionView>, 
/**
 * How many actions are late in all (`late_actions` may hold only the first ones).
 */
late_actions_total: number, 
/**
 * Late controls and actions together, and the sentence that says what they are
 * (`late: 3 controls past the target date, 1 action past the due date`): the same
 * words in the window, the board report and `annexa report`.
 */
late_total: number, late_words: string, missing_documents: Array<string>, 
/**
 * Evidence already expired or expiring within `expiry_window_days`, soonest first.
 */
expiring_evidence: Array<EvidenceView>, 
/**
 * How much evidence has expired or expires soon in all.
 */
expiring_evidence_total: number, expiry_window_days: number, 
/**
 * What an auditor will flag about the risks (the method, owners, plans, acceptances).
 */
risk_findings: Array<RiskFindingView>, 
/**
 * How many risk findings there are in all (`risk_findings` may hold only the first ones).
 */
risk_findings_total: number, };

export type ChartView = { title: string, svg: string, summary: string, };

export type BoardReportView = { path: string, pages: number, bytes: number, };

export type DashboardChartsView = { status_by_theme: ChartView, readiness_over_time: ChartView, evidence_freshness: ChartView, };

export type SnapshotView = { name: string, taken_at: string, actor: string, };

export type ChangeView = { id: string, field: string, before: string, after: string, regression: boolean, };

export type ControlEdit = { "field": "applicable", "value": boolean | null } | { "field": "justification", "value": string } | { "field": "reasons", "value": Array<Reason> } | { "field": "status", "value": Status } | { "field": "maturity", "value": number | null } | { "field": "owner", "value": string | null } | { "field": "contributors", "value": Array<string> } | { "field": "target_date", "value": string | null } | { "field": "priority", "value": Priority | null } | { "field": "current_state", "value": string } | { "field": "gap", "value": string };

export type PersonInputView = { name: string, role: string, department: Party | null, email: string, };

export type ActionInputView = { title?: string, controls?: Array<string>, assignee?: string, due_date?: string, status?: ActionStatus, };

export type NewWorkspaceView = { path: string, organisation: string, scope: string, target_date: string | null, };

export type PathPurpose = "open_workspace" | "create_workspace" | "evidence_files" | "evidence_file" | "evidence_folder" | "export_file" | "write_pack" | "write_report" | "open_pack";

export type PathRequestView = { purpose: PathPurpose, typed: string | null, suggested: string | null, folder: string | null, };

export type Preferences = { 
/**
 * The name recorded in the history; empty means the operating system user.
 */
user_name: string, 
/**
 * Workspace files, most recently opened first.
 */
recent: Array<string>, };

export type ClauseStateView = { id: string, title: string, status: Status, owner: string | null, notes: string, documents: Array<DocumentStateView>, };

export type DocumentStateView = { id: string, title: string, present: boolean, 
/**
 * For a document the risk register keeps (not set by hand), what makes it present.
 */
kept_by_risks: string | null, };

export type ClauseInputView = { status?: Status, 
/**
 * A person's name; an empty string clears the owner.
 */
owner?: string, notes?: string, };

export type EvidenceKind = "file" | "link" | "note";

export type EvidenceStatus = "draft" | "submitted" | "approved" | "rejected" | "expired";

export type ReviewInterval = "monthly" | "quarterly" | "yearly";

export type EvidenceVersionView = { version: number, sha256: string | null, size: number | null, file_name: string | null, media_type: string | null, url: string | null, body: string, added_at: string, added_by: string, };

export type EvidenceView = { id: number, title: string, kind: EvidenceKind, description: string, sha256: string | null, size: number | null, file_name: string | null, media_type: string | null, url: string | null, body: string, 
/**
 * Annex A controls it proves, as `5.1`.
 */
controls: Array<string>, 
/**
 * Clauses it proves, as `6.1.2`.
 */
clauses: Array<string>, issued_on: string | null, valid_until: string | null, review_interval: ReviewInterval | null, expires_on: string | null, expired: boolean, status: EvidenceStatus, recorded_status: EvidenceStatus, provided_by: string | null, version: number, versions: Array<EvidenceVersionView>, created_at: string, updated_at: string, };

export type EvidencePageView = { total: number, items: Array<EvidenceView>, };

export type EvidenceInputView = { title: string, description: string, issued_on: string, valid_until: string, review_interval: ReviewInterval | null, provided_by: string, status: EvidenceStatus | null, controls: Array<string>, clauses: Array<string>, };

export type ScaleLevelView = { 
/**
 * Its number on the scale, from 1.
 */
value: number, name: string, description: string, };

export type RiskLevelView = { name: string, colour: string, 
/**
 * Without a custom matrix, the highest likelihood × impact in the band.
 */
up_to: number, acceptable: boolean, };

export type RiskMethodView = { preset: string, likelihood: Array<ScaleLevelView>, impact: Array<ScaleLevelView>, levels: Array<RiskLevelView>, 
/**
 * The level of each cell, likelihood rows lowest first, impact columns lowest first.
 */
matrix: Array<Array<string>>, acceptable: string, review_months: number, triggers: string, approved_by: string | null, approved_at: string | null, };

export type AssetView = { name: string, kind: string, owner: string | null, confidentiality: number | null, integrity: number | null, availability: number | null, 
/**
 * How many risks concern it.
 */
risks: number, };

export type RiskView = { 
/**
 * `R-001`.
 */
id: string, kind: string, title: string, scenario: string, threat: string, vulnerability: string, 
/**
 * Which of `confidentiality`, `integrity`, `availability` it concerns.
 */
concerns: Array<string>, assets: Array<string>, owner: string | null, likelihood: number, impact: number, level: string, acceptable: boolean, rated_on: string, treatment: string | null, controls: Array<string>, 
/**
 * The organisation's own controls chosen to treat it (`ORG-1`).
 */
own_controls: Array<string>, actions: number[], target_likelihood: number | null, target_impact: number | null, target_level: string | null, 
/**
 * The level of the residual risk the owner accepts (the target until the treatment is
 * done, the rating after it).
 */
residual_level: string, status: string, next_review: string | null, plan_approved_by: string | null, plan_approved_at: string | null, accepted_by: string | null, accepted_at: string | null, accepted_until: string | null, 
/**
 * Why it was accepted, as the decision gave it (needed above the criteria).
 */
accepted_note: string | null, 
/**
 * `holds`, `lapsed` or `none`.
 */
acceptance: string, updated_at: string, };

export type RiskFindingView = { 
/**
 * `R-001`, or `null` for a finding about the method.
 */
risk: string | null, kind: string, message: string, };

export type RiskRoundView = { name: string, approved_by: string, approved_at: string, 
/**
 * How many risks it froze.
 */
risks: number, };

export type RoundChangeView = { risk: string, title: string, change: string, before: string, after: string, regression: boolean, };

export type RiskRegisterView = { method: RiskMethodView, risks: Array<RiskView>, assets: Array<AssetView>, 
/**
 * The organisation's own controls, beyond Annex A.
 */
own_controls: Array<OwnControlView>, 
/**
 * "Risks now" and "Residual risks"; none while the register is empty.
 */
heat_maps: Array<ChartView>, findings: Array<RiskFindingView>, };

export type RiskKind = "security" | "isms_risk" | "isms_opportunity";

export type Treatment = "modify" | "retain" | "avoid" | "share";

export type RiskStatus = "open" | "planned" | "in_progress" | "treated" | "closed";

export type AssetKind = "information" | "software" | "hardware" | "service" | "people" | "site" | "supplier";

export type Concern = "confidentiality" | "integrity" | "availability";

export type RiskInputView = { kind?: RiskKind, title?: string, scenario?: string, threat?: string, vulnerability?: string, concerns?: Array<Concern>, owner?: string, likelihood?: number, impact?: number, treatment?: Treatment, target_likelihood?: number, target_impact?: number, status?: RiskStatus, next_review?: string, add_assets?: Array<string>, remove_assets?: Array<string>, add_controls?: Array<string>, remove_controls?: Array<string>, add_actions?: number[], remove_actions?: number[], };

export type RiskDecision = "approve_plan" | "accept_residual" | "reject";

export type DecisionInputView = { decision: RiskDecision, 
/**
 * Whose decision it is: the risk owner, or someone acting for them (`on_behalf`).
 */
by: string, on_behalf: boolean, 
/**
 * When an acceptance of the residual risk ends, YYYY-MM-DD.
 */
until?: string, 
/**
 * Why, in a sentence (needed to accept a residual risk above the criteria).
 */
note: string, };

export type AssetInputView = { name: string, kind?: AssetKind, owner?: string, confidentiality?: number, integrity?: number, availability?: number, };

export type OwnControlView = { 
/**
 * As the organisation writes it, e.g. `ORG-1`.
 */
id: string, title: string, description: string, status: Status, 
/**
 * The risks that chose it.
 */
risks: Array<string>, updated_at: string, };

export type OwnControlInputView = { title?: string, description?: string, status?: Status, };

export type ImportView = { added: Array<EvidenceView>, skipped: Array<SkippedFileView>, 
/**
 * What the folder holds that was not imported (hidden files, named pipes, devices).
 */
left_out: Array<LeftOutView>, };

export type SkippedFileView = { path: string, evidence: number, };

export type LeftOutView = { path: string, reason: string, };

export type ProgressView = { files_done: number, files_total: number, bytes_done: number, bytes_total: number, current: string, };

export type VerifyView = { ok: boolean, contents: number, bytes: number, problems: Array<IntegrityProblemView>, };

export type IntegrityProblemView = { sha256: string, expected_size: number, actual_sha256: string, actual_size: number, used_by: Array<string>, message: string, };

export type FindingKind = "undecided" | "no_owner" | "no_evidence" | "no_justification" | "expired_evidence" | "missing_document" | "history_broken" | "risk_register";

export type Finding = { kind: FindingKind, 
/**
 * What it is about, typed: `control:A.5.1`, `evidence:12`, `document:risk-treatment-plan`,
 * `history:chain`, `risk:R-001`, `method:risks`.
 */
subject: string, message: string, };

export type PackOptionsView = { themes: Array<Theme>, 
/**
 * Control ids, `5.1` or `A.5.1`.
 */
controls: Array<string>, approved_only: boolean, snapshot: string | null, created: string | null, overwrite: boolean, };

export type PackSummaryView = { path: string, files: number, evidence_files: number, content_bytes: number, pack_bytes: number, created: string, fingerprint: string, };

export type PackProblemKind = "added" | "missing" | "changed";

export type PackProblemView = { file: string, kind: PackProblemKind, detail: string, };

export type PackVerificationView = { ok: boolean, path: string, organisation: string, created: string, tool_version: string, fingerprint: string, files: number, bytes: number, problems: Array<PackProblemView>, 
/**
 * The manifest's signature, when the pack has one (or was expected to).
 */
signature: PackSignatureView | null, };

export type PackSignatureView = { 
/**
 * The key ID minisign prints (16 hex digits), empty when the pack has no signature.
 */
key_id: string, 
/**
 * The signed statement: whose pack, as of when, signed by whom.
 */
statement: string, 
/**
 * `trusted` (by the key the receiver trusts), `pack_key` (only by the key the pack
 * carries) or `failed`.
 */
check: SignatureCheckView, 
/**
 * Why it failed, in words; empty otherwise.
 */
detail: string, };

export type SignatureCheckView = "trusted" | "pack_key" | "failed";

export type PackSigner = { 
/**
 * The name the key's owner gave it.
 */
name: string, 
/**
 * The key ID minisign prints (16 hex digits).
 */
key_id: string, };

export type PackSelection = { 
/**
 * Only these themes; empty means all four.
 */
themes: Array<Theme>, 
/**
 * Only these controls (as `A.5.1`); empty means all.
 */
controls: Array<string>, 
/**
 * Only evidence whose status is approved.
 */
approved_only: boolean, };

export type PackReadiness = { controls: number, applicable: number, excluded: number, undecided: number, implemented: number, partially_implemented: number, 
/**
 * Implemented counts 1, partially 0.5, over the applicable and undecided controls
 * (undecided ones count as not ready); 0–100.
 */
percent: number, };

export type PackControl = { 
/**
 * `A.5.1`.
 */
id: string, title: string, theme: Theme, applicable: boolean | null, 
/**
 * The reasons recorded, with "risk assessment" added where a risk chose the control.
 */
reasons: Array<Reason>, 
/**
 * The risks whose treatment chose it (`R-001`); empty in a pack of a snapshot, which
 * freezes the assessment only.
 */
risks: Array<string>, justification: string, status: Status, owner: string | null, updated_at: string | null, 
/**
 * Ids of the pack's evidence that proves it.
 */
evidence: number[], };

export type PackRisk = { 
/**
 * `R-001`.
 */
id: string, kind: string, title: string, scenario: string, assets: Array<string>, owner: string | null, likelihood: number, impact: number, level: string, rated_on: string, treatment: string | null, 
/**
 * Annex A controls chosen to treat it (`A.8.13`).
 */
controls: Array<string>, 
/**
 * The organisation's own controls chosen to treat it.
 */
own_controls: Array<string>, actions: number[], target_level: string | null, residual_level: string, status: string, 
/**
 * Who approved the current treatment plan, and when.
 */
plan_approved_by: string | null, plan_approved_at: string | null, 
/**
 * Who accepted the residual risk, when, and until when.
 */
accepted_by: string | null, accepted_at: string | null, accepted_until: string | null, 
/**
 * Why it was accepted, as the owner gave it.
 */
accepted_note: string | null, };

export type PackRiskMethod = { preset: string, 
/**
 * The highest acceptable level.
 */
acceptable: string, approved_by: string | null, approved_at: string | null, };

export type PackOwnControl = { 
/**
 * As the organisation writes it, e.g. `ORG-1`.
 */
id: string, title: string, description: string, status: Status, 
/**
 * The risks whose treatment chose it.
 */
risks: Array<string>, updated_at: string, };

export type PackDocument = { id: string, title: string, present: boolean, };

export type PackClause = { id: string, title: string, status: Status, owner: string | null, notes: string, documents: Array<PackDocument>, evidence: number[], };

export type PackEvidence = { id: number, kind: EvidenceKind, title: string, description: string, 
/**
 * The status on the pack's creation date (approved evidence past its date is expired).
 */
status: EvidenceStatus, issued_on: string | null, valid_until: string | null, expires_on: string | null, provided_by: string | null, version: number, 
/**
 * Where the file is inside the pack, e.g. `evidence/A.5.1/Access policy.pdf`.
 */
file: string | null, 
/**
 * The name the file had when it was attached.
 */
file_name: string | null, sha256: string | null, size: number | null, url: string | null, body: string, 
/**
 * Controls (`A.5.1`) and clauses (`6.1.2`) in the pack that it proves.
 */
targets: Array<string>, };

export type PackHistory = { 
/**
 * Changes recorded in the whole workspace (history.csv may hold a selection of them).
 */
changes: number, chain_intact: boolean, 
/**
 * Changes whose hash does not match their content and predecessor.
 */
broken: number, 
/**
 * The newest change's hash: a fingerprint of the whole history.
 */
head: string | null, };

export type PackData = { format: string, format_version: number, created: string, tool_version: string, catalogue_version: string, organisation: string, scope: string, target_date: string | null, 
/**
 * The snapshot whose control assessment the pack shows, if not the current state.
 */
snapshot: string | null, selection: PackSelection, readiness: PackReadiness, controls: Array<PackControl>, clauses: Array<PackClause>, evidence: Array<PackEvidence>, 
/**
 * The risk register and its treatment plan (empty in a pack of a snapshot, and in packs
 * made before Annexa kept risks).
 */
risks: Array<PackRisk>, 
/**
 * The method the risks are rated by, with who adopted it.
 */
risk_method: PackRiskMethod | null, 
/**
 * The organisation's own controls beyond Annex A: the SoA's additional controls (empty in
 * a pack of a snapshot, and in packs made before Annexa kept them).
 */
own_controls: Array<PackOwnControl>, 
/**
 * The state of the workspace's whole history when the pack was made (absent in packs
 * made before the history was chained).
 */
history: PackHistory | null, 
/**
 * Who signs the pack's manifest, when it is signed (absent otherwise, so an unsigned
 * pack's pack.json is as before).
 */
signer?: PackSigner | null, };

export type PackContentsView = { verification: PackVerificationView, data: PackData | null, };

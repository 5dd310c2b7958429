CREATE INDEX evidence_target_by_target ON evidence_target (target_kind, target_id);

CREATE INDEX evidence_version_by_content ON evidence_version (content_id);

CREATE INDEX history_by_entity ON history (entity, entity_id, id);

CREATE INDEX risk_decision_by_risk ON risk_decision (risk_id, decision, id);

CREATE INDEX risk_own_control_by_control ON risk_own_control (own_control_id);

CREATE TABLE action (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    assignee_id INTEGER REFERENCES person (id) ON DELETE RESTRICT,
    due_date    TEXT CHECK (due_date IS NULL OR date(due_date) = due_date),
    status      TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE action_control (
    action_id  INTEGER NOT NULL REFERENCES action (id) ON DELETE CASCADE,
    control_id TEXT NOT NULL,
    PRIMARY KEY (action_id, control_id)
) STRICT;

CREATE TABLE asset (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    kind            TEXT NOT NULL DEFAULT 'information'
                    CHECK (kind IN ('information', 'software', 'hardware', 'service', 'people',
                                    'site', 'supplier')),
    owner_id        INTEGER REFERENCES person (id) ON DELETE RESTRICT,
    confidentiality INTEGER CHECK (confidentiality BETWEEN 1 AND 5),
    integrity       INTEGER CHECK (integrity BETWEEN 1 AND 5),
    availability    INTEGER CHECK (availability BETWEEN 1 AND 5),
    created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE clause_state (
    clause_id  TEXT PRIMARY KEY,
    status     TEXT NOT NULL DEFAULT 'not_assessed'
               CHECK (status IN ('not_assessed', 'not_implemented', 'planned',
                                 'partially_implemented', 'implemented')),
    owner_id   INTEGER REFERENCES person (id) ON DELETE RESTRICT,
    notes      TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE content (
    id        INTEGER PRIMARY KEY,
    sha256    TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size      INTEGER NOT NULL CHECK (size >= 0),
    stored_at TEXT NOT NULL
) STRICT;

CREATE TABLE content_chunk (
    content_id INTEGER NOT NULL REFERENCES content (id) ON DELETE CASCADE
                   DEFERRABLE INITIALLY DEFERRED,
    seq        INTEGER NOT NULL CHECK (seq >= 0),
    data       BLOB NOT NULL,
    PRIMARY KEY (content_id, seq)
) STRICT;

CREATE TABLE control_contributor (
    control_id TEXT NOT NULL REFERENCES control_state (control_id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
    PRIMARY KEY (control_id, person_id)
) STRICT;

CREATE TABLE control_state (
    control_id    TEXT PRIMARY KEY,
    applicable    INTEGER CHECK (applicable IN (0, 1)),
    justification TEXT NOT NULL DEFAULT '',
    reasons       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'not_assessed'
                  CHECK (status IN ('not_assessed', 'not_implemented', 'planned',
                                    'partially_implemented', 'implemented')),
    maturity      INTEGER CHECK (maturity BETWEEN 0 AND 5),
    owner_id      INTEGER REFERENCES person (id) ON DELETE RESTRICT,
    target_date   TEXT CHECK (target_date IS NULL OR date(target_date) = target_date),
    priority      TEXT CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    current_state TEXT NOT NULL DEFAULT '',
    gap           TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    -- An excluded control must say why (Statement of Applicability).
    CHECK (applicable IS NOT 0 OR length(trim(justification)) > 0)
) STRICT;

CREATE TABLE document_state (
    document_id TEXT PRIMARY KEY,
    present     INTEGER NOT NULL CHECK (present IN (0, 1)),
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE evidence (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('file', 'link', 'note')),
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description     TEXT NOT NULL DEFAULT '',
    issued_on       TEXT CHECK (issued_on IS NULL OR date(issued_on) = issued_on),
    valid_until     TEXT CHECK (valid_until IS NULL OR date(valid_until) = valid_until),
    review_interval TEXT CHECK (review_interval IN ('monthly', 'quarterly', 'yearly')),
    provided_by     INTEGER REFERENCES person (id) ON DELETE RESTRICT,
    status          TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'expired')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE evidence_target (
    evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('control', 'clause')),
    target_id   TEXT NOT NULL,
    PRIMARY KEY (evidence_id, target_kind, target_id)
) STRICT;

CREATE TABLE evidence_version (
    evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL CHECK (version >= 1),
    content_id  INTEGER REFERENCES content (id) ON DELETE RESTRICT,
    file_name   TEXT,
    media_type  TEXT,
    url         TEXT,
    body        TEXT NOT NULL DEFAULT '',
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    PRIMARY KEY (evidence_id, version),
    -- A file version has content and a name; a link has a URL; a note has neither.
    CHECK ((content_id IS NULL) = (file_name IS NULL))
) STRICT;

CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
, hash TEXT CHECK (hash IS NULL OR length(hash) = 64)) STRICT;

CREATE TABLE own_control (
    id          INTEGER PRIMARY KEY,
    -- As the organisation writes it (ORG-1, HR.7); never an Annex A id.
    ref         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(ref)) > 0),
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'not_assessed'
                CHECK (status IN ('not_assessed', 'not_implemented', 'planned',
                                  'partially_implemented', 'implemented')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE person (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL DEFAULT '',
    department TEXT CHECK (department IN ('management', 'it', 'security', 'hr', 'facilities',
                                          'legal_compliance', 'all_staff', 'suppliers')),
    email      TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE risk (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL DEFAULT 'security'
                      CHECK (kind IN ('security', 'isms_risk', 'isms_opportunity')),
    title             TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(title)) > 0),
    scenario          TEXT NOT NULL DEFAULT '',
    threat            TEXT NOT NULL DEFAULT '',
    vulnerability     TEXT NOT NULL DEFAULT '',
    confidentiality   INTEGER NOT NULL DEFAULT 0 CHECK (confidentiality IN (0, 1)),
    integrity         INTEGER NOT NULL DEFAULT 0 CHECK (integrity IN (0, 1)),
    availability      INTEGER NOT NULL DEFAULT 0 CHECK (availability IN (0, 1)),
    owner_id          INTEGER REFERENCES person (id) ON DELETE RESTRICT,
    likelihood        INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 6),
    impact            INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 6),
    -- The day of the current rating; after the treatment it is the residual risk's.
    rated_on          TEXT NOT NULL CHECK (date(rated_on) = rated_on),
    treatment         TEXT CHECK (treatment IN ('modify', 'retain', 'avoid', 'share')),
    target_likelihood INTEGER CHECK (target_likelihood BETWEEN 1 AND 6),
    target_impact     INTEGER CHECK (target_impact BETWEEN 1 AND 6),
    status            TEXT NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'planned', 'in_progress', 'treated', 'closed')),
    next_review       TEXT CHECK (next_review IS NULL OR date(next_review) = next_review),
    -- Counts the changes to the plan (treatment, controls, actions, target): an approval
    -- holds for the version it approved.
    plan_version      INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK ((target_likelihood IS NULL) = (target_impact IS NULL))
) STRICT;

CREATE TABLE risk_action (
    risk_id   INTEGER NOT NULL REFERENCES risk (id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL REFERENCES action (id) ON DELETE RESTRICT,
    PRIMARY KEY (risk_id, action_id)
) STRICT;

CREATE TABLE risk_asset (
    risk_id  INTEGER NOT NULL REFERENCES risk (id) ON DELETE CASCADE,
    asset_id INTEGER NOT NULL REFERENCES asset (id) ON DELETE RESTRICT,
    PRIMARY KEY (risk_id, asset_id)
) STRICT;

CREATE TABLE risk_control (
    risk_id    INTEGER NOT NULL REFERENCES risk (id) ON DELETE CASCADE,
    control_id TEXT NOT NULL,
    PRIMARY KEY (risk_id, control_id)
) STRICT;

CREATE TABLE risk_decision (
    id            INTEGER PRIMARY KEY,
    risk_id       INTEGER NOT NULL REFERENCES risk (id) ON DELETE CASCADE,
    decision      TEXT NOT NULL
                  CHECK (decision IN ('plan_approved', 'plan_rejected', 'residual_accepted',
                                      'residual_rejected')),
    decided_by_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
    -- True when someone decided for the owner (a recorded delegation).
    on_behalf     INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1)),
    entered_by    TEXT NOT NULL,
    -- The rating and the plan the decision was about: an acceptance holds while the rating
    -- is unchanged, an approval while the plan is.
    likelihood    INTEGER NOT NULL,
    impact        INTEGER NOT NULL,
    plan_version  INTEGER NOT NULL,
    until         TEXT CHECK (until IS NULL OR date(until) = until),
    note          TEXT NOT NULL DEFAULT '',
    decided_at    TEXT NOT NULL
) STRICT;

CREATE TABLE risk_method (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    method         TEXT NOT NULL CHECK (json_valid(method)),
    approved_by_id INTEGER REFERENCES person (id) ON DELETE RESTRICT,
    approved_at    TEXT,
    updated_at     TEXT NOT NULL,
    CHECK ((approved_by_id IS NULL) = (approved_at IS NULL))
) STRICT;

CREATE TABLE risk_own_control (
    risk_id        INTEGER NOT NULL REFERENCES risk (id) ON DELETE CASCADE,
    own_control_id INTEGER NOT NULL REFERENCES own_control (id) ON DELETE RESTRICT,
    PRIMARY KEY (risk_id, own_control_id)
) STRICT;

CREATE TABLE risk_round (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    approved_by_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
    register       TEXT NOT NULL CHECK (json_valid(register)),
    approved_at    TEXT NOT NULL
) STRICT;

CREATE TABLE snapshot (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    taken_at TEXT NOT NULL,
    actor    TEXT NOT NULL,
    data     TEXT NOT NULL CHECK (json_valid(data))
) STRICT;

CREATE TABLE snapshot_register (
    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot (id) ON DELETE CASCADE,
    register    TEXT NOT NULL CHECK (json_valid(register))
) STRICT;

CREATE TABLE workspace (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    organisation      TEXT NOT NULL CHECK (length(trim(organisation)) > 0),
    scope             TEXT NOT NULL DEFAULT '',
    target_date       TEXT CHECK (target_date IS NULL OR date(target_date) = target_date),
    created_at        TEXT NOT NULL,
    catalogue_version TEXT NOT NULL
) STRICT;

CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;

CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;

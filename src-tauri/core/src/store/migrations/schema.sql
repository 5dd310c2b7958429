CREATE INDEX evidence_target_by_target ON evidence_target (target_kind, target_id);

CREATE INDEX evidence_version_by_content ON evidence_version (content_id);

CREATE INDEX history_by_entity ON history (entity, entity_id, id);

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

CREATE TABLE person (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL DEFAULT '',
    department TEXT CHECK (department IN ('management', 'it', 'security', 'hr', 'facilities',
                                          'legal_compliance', 'all_staff', 'suppliers')),
    email      TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE snapshot (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    taken_at TEXT NOT NULL,
    actor    TEXT NOT NULL,
    data     TEXT NOT NULL CHECK (json_valid(data))
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

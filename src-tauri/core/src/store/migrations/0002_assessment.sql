-- The gap assessment: people, the state of every Annex A control and clause, actions,
-- an append-only history and named snapshots.

-- The directory of people who own or contribute to controls and actions.
CREATE TABLE person (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL DEFAULT '',
    department TEXT CHECK (department IN ('management', 'it', 'security', 'hr', 'facilities',
                                          'legal_compliance', 'all_staff', 'suppliers')),
    email      TEXT NOT NULL DEFAULT ''
) STRICT;

-- One row per Annex A control that has been touched; an absent row means "not assessed".
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

CREATE TABLE control_contributor (
    control_id TEXT NOT NULL REFERENCES control_state (control_id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
    PRIMARY KEY (control_id, person_id)
) STRICT;

-- Clauses 4 to 10.
CREATE TABLE clause_state (
    clause_id  TEXT PRIMARY KEY,
    status     TEXT NOT NULL DEFAULT 'not_assessed'
               CHECK (status IN ('not_assessed', 'not_implemented', 'planned',
                                 'partially_implemented', 'implemented')),
    owner_id   INTEGER REFERENCES person (id) ON DELETE RESTRICT,
    notes      TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
) STRICT;

-- Which of the mandatory documents exist.
CREATE TABLE document_state (
    document_id TEXT PRIMARY KEY,
    present     INTEGER NOT NULL CHECK (present IN (0, 1)),
    updated_at  TEXT NOT NULL
) STRICT;

-- The risk treatment plan.
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

-- Every change, never rewritten: the triggers below refuse UPDATE and DELETE.
CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
) STRICT;

CREATE INDEX history_by_entity ON history (entity, entity_id, id);

CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;

CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;

-- A frozen copy of the assessment under a name, as JSON written by the core.
CREATE TABLE snapshot (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    taken_at TEXT NOT NULL,
    actor    TEXT NOT NULL,
    data     TEXT NOT NULL CHECK (json_valid(data))
) STRICT;

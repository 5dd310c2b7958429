-- The risk assessment and treatment (ISO/IEC 27001 6.1.2, 6.1.3, 8.2, 8.3): the method the
-- organisation rates risks by, its assets, its risks with the controls and actions that treat
-- them, and the risk owners' decisions.

-- The method: one document (JSON, see risks/method.rs), adopted by someone on a date.
CREATE TABLE risk_method (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    method         TEXT NOT NULL CHECK (json_valid(method)),
    approved_by_id INTEGER REFERENCES person (id) ON DELETE RESTRICT,
    approved_at    TEXT,
    updated_at     TEXT NOT NULL,
    CHECK ((approved_by_id IS NULL) = (approved_at IS NULL))
) STRICT;

-- What the risks are about, kept light.
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

-- A risk's number never changes and is never reused: R-001 is risk 1.
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

CREATE TABLE risk_asset (
    risk_id  INTEGER NOT NULL REFERENCES risk (id) ON DELETE CASCADE,
    asset_id INTEGER NOT NULL REFERENCES asset (id) ON DELETE RESTRICT,
    PRIMARY KEY (risk_id, asset_id)
) STRICT;

-- The Annex A controls chosen to treat a risk (`5.1` for A.5.1).
CREATE TABLE risk_control (
    risk_id    INTEGER NOT NULL REFERENCES risk (id) ON DELETE CASCADE,
    control_id TEXT NOT NULL,
    PRIMARY KEY (risk_id, control_id)
) STRICT;

-- The actions of the plan that carry a treatment out.
CREATE TABLE risk_action (
    risk_id   INTEGER NOT NULL REFERENCES risk (id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL REFERENCES action (id) ON DELETE RESTRICT,
    PRIMARY KEY (risk_id, action_id)
) STRICT;

-- The risk owner's decisions (6.1.3 f), never rewritten: the latest of each kind holds.
-- Who decided (the owner) and who entered it (the history's actor) are kept apart.
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

CREATE INDEX risk_decision_by_risk ON risk_decision (risk_id, decision, id);

-- Assessment rounds (8.2): the register frozen on a day and approved, so that an auditor sees
-- when risks were assessed and what changed between rounds. Never rewritten.
CREATE TABLE risk_round (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    approved_by_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
    register       TEXT NOT NULL CHECK (json_valid(register)),
    approved_at    TEXT NOT NULL
) STRICT;

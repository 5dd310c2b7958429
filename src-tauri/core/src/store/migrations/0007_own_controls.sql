-- Controls of the organisation's own, beyond Annex A (ISO/IEC 27001 6.1.3 c and d): a risk
-- treatment chooses them as it chooses Annex A controls, and they join the Statement of
-- Applicability as additional controls.
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

-- The organisation's own controls chosen to treat a risk.
CREATE TABLE risk_own_control (
    risk_id        INTEGER NOT NULL REFERENCES risk (id) ON DELETE CASCADE,
    own_control_id INTEGER NOT NULL REFERENCES own_control (id) ON DELETE RESTRICT,
    PRIMARY KEY (risk_id, own_control_id)
) STRICT;
CREATE INDEX risk_own_control_by_control ON risk_own_control (own_control_id);

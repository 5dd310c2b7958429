-- The organisation that a workspace file belongs to. Exactly one row.
CREATE TABLE workspace (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    organisation      TEXT NOT NULL CHECK (length(trim(organisation)) > 0),
    scope             TEXT NOT NULL DEFAULT '',
    target_date       TEXT CHECK (target_date IS NULL OR date(target_date) = target_date),
    created_at        TEXT NOT NULL,
    catalogue_version TEXT NOT NULL
) STRICT;

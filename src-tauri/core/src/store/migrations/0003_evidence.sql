-- The evidence locker: files, links and notes that prove controls and clauses, with versions.

-- File content, stored once per distinct SHA-256 however many evidence versions use it.
CREATE TABLE content (
    id        INTEGER PRIMARY KEY,
    sha256    TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size      INTEGER NOT NULL CHECK (size >= 0),
    stored_at TEXT NOT NULL
) STRICT;

-- The bytes of a content, in order. Chunks keep every row far below SQLite's blob limit and
-- let a file of any size be streamed in and out with bounded memory. The foreign key is
-- deferred because the chunks are written before the content row: the hash that names the
-- content is known only once the last byte has been read.
CREATE TABLE content_chunk (
    content_id INTEGER NOT NULL REFERENCES content (id) ON DELETE CASCADE
                   DEFERRABLE INITIALLY DEFERRED,
    seq        INTEGER NOT NULL CHECK (seq >= 0),
    data       BLOB NOT NULL,
    PRIMARY KEY (content_id, seq)
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

-- Every version of a piece of evidence; the highest number is the current one. Earlier
-- versions are kept so that what an auditor saw last year can still be shown.
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

CREATE INDEX evidence_version_by_content ON evidence_version (content_id);

-- What each piece of evidence proves: Annex A controls and clauses 4 to 10. The kind keeps
-- control 5.1 and clause 5.1 apart.
CREATE TABLE evidence_target (
    evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('control', 'clause')),
    target_id   TEXT NOT NULL,
    PRIMARY KEY (evidence_id, target_kind, target_id)
) STRICT;

CREATE INDEX evidence_target_by_target ON evidence_target (target_kind, target_id);

-- The history becomes tamper-evident: every row carries the SHA-256 of its own content chained
-- to the row before it (see history.rs for the exact bytes hashed). The append-only trigger
-- is dropped here so that the core can chain the rows written before this migration, and
-- re-created by the next migration.
DROP TRIGGER history_is_append_only_update;
ALTER TABLE history ADD COLUMN hash TEXT CHECK (hash IS NULL OR length(hash) = 64);

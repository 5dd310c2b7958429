-- A snapshot freezes the risk register with the assessment: each risk's rating and level as
-- they stood (the same form an approved round keeps), so that comparing two snapshots shows a
-- risk whose level rose. Snapshots taken before this have none.
CREATE TABLE snapshot_register (
    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot (id) ON DELETE CASCADE,
    register    TEXT NOT NULL CHECK (json_valid(register))
) STRICT;

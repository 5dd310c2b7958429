//! The history's hash chain: every recorded change carries a SHA-256 that covers its own
//! content and the hash of the change before it, so a row edited, inserted or removed in the
//! middle with a plain SQLite tool shows as a break.
//!
//! What the chain proves, and what it does not: it makes edits visible to anyone who re-checks
//! it (`annexa history --verify`, the window, the audit pack's `history.csv`). Someone with the
//! file who recomputes every later hash, or who removes the newest rows, leaves a chain that is
//! intact; that is what the pack's fingerprint, sent apart from the pack, guards against.
//!
//! The bytes hashed for a row, so that anyone can re-check `history.csv` with their own tool:
//! the previous row's hash as 64 lower-case hex digits (nothing for the first row), then for
//! each of id, at, actor, entity, entity_id, field, old_value and new_value its UTF-8 length as
//! 8 bytes little-endian followed by the bytes (the id written in decimal, an absent value as
//! the empty string, so that the CSV's cells are all one needs).

use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::{NOW, Workspace, WorkspaceError, db, hex_digest};

/// One entry of the history: who changed what, from which value to which, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// A history subject in the typed form `kind:id`, a control's id written `A.5.1`.
pub fn reference(entity: &str, id: &str) -> String {
    match (entity, id.parse::<crate::catalogue::ControlId>()) {
        ("control", Ok(c)) => format!("control:{}", c.prefixed()),
        _ => format!("{entity}:{id}"),
    }
}

impl HistoryEntry {
    /// What the entry is about, typed: `control:A.5.1`, `clause:5.1`, `evidence:3`.
    pub fn subject(&self) -> String {
        reference(&self.entity, &self.entity_id)
    }

    /// The entry as one row of a table (CLI listing, the audit pack's history.csv): when, who,
    /// what, which, field, before, after.
    pub fn cells(&self) -> Vec<String> {
        vec![
            self.at.clone(),
            self.actor.clone(),
            self.entity.clone(),
            self.entity_id.clone(),
            self.field.clone(),
            self.old_value.clone().unwrap_or_default(),
            self.new_value.clone().unwrap_or_default(),
        ]
    }
}

/// Records one change in the history (nothing when the value did not change), in the
/// transaction of the change itself.
pub(crate) fn record(
    tx: &Transaction<'_>,
    actor: &str,
    entity: &str,
    entity_id: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(), WorkspaceError> {
    if old == new {
        return Ok(());
    }
    append(tx, actor, entity, entity_id, field, old, new)
}

/// What a history listing is about: one control, clause, action, evidence item, person or
/// snapshot. Typed on the command line as `control:A.5.1`, `clause:5.1`, `action:3`,
/// `evidence:3`, `person:Ana Silva`, `snapshot:Baseline`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistorySubject {
    /// The entity as the history records it: control, clause, action, evidence, person or
    /// snapshot.
    pub entity: &'static str,
    /// The id as the history records it (`5.1` for control A.5.1).
    pub id: String,
}

impl HistorySubject {
    /// The kinds of subjects, as written before the colon.
    pub const KINDS: &'static [&'static str] = &[
        "control",
        "clause",
        "action",
        "evidence",
        "person",
        "snapshot",
        "document",
        "risk",
        "asset",
        "round",
        "method",
        "owncontrol",
    ];

    /// Reads the typed form `kind:id`; `None` when `input` has no known kind before a colon.
    pub fn typed(input: &str) -> Result<Option<HistorySubject>, WorkspaceError> {
        let Some((kind, id)) = input.split_once(':') else {
            return Ok(None);
        };
        let kind = kind.trim().to_ascii_lowercase();
        let Some(entity) = Self::KINDS.iter().find(|k| **k == kind) else {
            return Ok(None);
        };
        let id = id.trim();
        let id = match *entity {
            "control" => super::control_id(id)?.to_string(),
            "action" | "evidence" => id
                .trim_start_matches('#')
                .parse::<i64>()
                .map_err(|_| {
                    super::invalid(format!("{entity}:{id} needs a number, e.g. {entity}:3"))
                })?
                .to_string(),
            // R-001, r-1, R1 or 1: the history writes R-001.
            "risk" => {
                let n = super::risk_number(id).ok_or_else(|| {
                    super::invalid(format!("risk:{id} needs a risk's number, e.g. risk:R-001"))
                })?;
                format!("R-{n:03}")
            }
            _ if id.is_empty() => {
                return Err(super::invalid(format!("name the {entity} after {entity}:")));
            }
            _ => id.to_owned(),
        };
        Ok(Some(HistorySubject { entity, id }))
    }

    /// The typed form every output writes: `control:A.5.1`, `clause:5.1`, `action:3`.
    pub fn reference(&self) -> String {
        reference(self.entity, &self.id)
    }

    /// How people write it: `control A.5.1`, `clause 5.1`, `action 3`.
    pub fn describe(&self) -> String {
        match self.entity {
            "control" => format!("control A.{}", self.id),
            other => format!("{other} {}", self.id),
        }
    }
}

impl Workspace {
    /// The history of one subject, newest last.
    pub fn history_of(
        &self,
        subject: &HistorySubject,
    ) -> Result<Vec<HistoryEntry>, WorkspaceError> {
        self.reading(|| {
            // People and snapshots are named ignoring case (ASCII, as their names are compared
            // everywhere else); the rest exactly. SQLite picks the rows, not a scan in Rust.
            let same = if matches!(
                subject.entity,
                "person" | "snapshot" | "asset" | "round" | "owncontrol"
            ) {
                "entity_id = ?2 COLLATE NOCASE"
            } else {
                // Exact, so that the index on (entity, entity_id) finds the rows.
                "entity_id = ?2"
            };
            let conn = self.connection();
            let mut stmt = conn
                .prepare_cached(&format!(
                "SELECT id, at, actor, entity, entity_id, field, old_value, new_value FROM history
                 WHERE entity = ?1 AND {same} ORDER BY id"
            ))
                .map_err(db)?;
            let rows = stmt
                .query_map(params![subject.entity, subject.id], row_entry)
                .map_err(db)?;
            rows.collect::<Result<_, _>>().map_err(db)
        })
    }

    /// The history, newest last; for one entity (e.g. a control id) when given.
    pub fn history(&self, entity_id: Option<&str>) -> Result<Vec<HistoryEntry>, WorkspaceError> {
        self.reading(|| {
            // A control id in any spelling (A.5.1, 5.1) matches how history stores it; anything
            // else (a person's name, an action number) is matched as written.
            let filter = entity_id.map(|input| match super::control_id(input) {
                Ok(id) => id.to_string(),
                Err(_) => input.trim().to_owned(),
            });
            let conn = self.connection();
            let mut stmt = conn
            .prepare(
                "SELECT id, at, actor, entity, entity_id, field, old_value, new_value FROM history
                 WHERE ?1 IS NULL OR entity_id = ?1 ORDER BY id",
            )
            .map_err(db)?;
            let rows = stmt.query_map([filter], row_entry).map_err(db)?;
            rows.collect::<Result<_, _>>().map_err(db)
        })
    }
}

/// A history row read as `id, at, actor, entity, entity_id, field, old_value, new_value`.
fn row_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<HistoryEntry> {
    Ok(HistoryEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        entity: r.get(3)?,
        entity_id: r.get(4)?,
        field: r.get(5)?,
        old_value: r.get(6)?,
        new_value: r.get(7)?,
    })
}

/// The result of re-checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryCheck {
    /// Rows checked.
    pub rows: u64,
    /// Ids of the rows whose recorded hash does not match their content and predecessor
    /// (at most [`MAX_LISTED`]; `broken_count` has them all).
    pub broken: Vec<i64>,
    pub broken_count: u64,
    /// The newest row's hash: a short fingerprint of the whole history.
    pub head: Option<String>,
    /// What SQLite finds wrong in the history's indexes (rows missing from one, or entries
    /// that point at no row), at most [`MAX_LISTED`]: a listing by subject reads through the
    /// index, so one rebuilt short of rows hides changes that the chain, read in id order,
    /// still holds.
    pub index_damage: Vec<String>,
}

impl HistoryCheck {
    pub fn intact(&self) -> bool {
        self.broken_count == 0 && self.index_damage.is_empty()
    }

    /// One sentence for people: intact, or where it breaks.
    pub fn describe(&self) -> String {
        if self.intact() {
            format!(
                "the history's hash chain is intact ({} recorded changes)",
                self.rows
            )
        } else if self.broken_count == 0 {
            format!(
                "the history's index is damaged ({}{}): a listing of one control's, clause's \
                 or person's changes would leave some out; it was rebuilt outside Annexa",
                self.index_damage.join("; "),
                if self.index_damage.len() >= MAX_LISTED {
                    "; …"
                } else {
                    ""
                }
            )
        } else {
            let ids: Vec<String> = self.broken.iter().map(|i| format!("#{i}")).collect();
            format!(
                "the history's hash chain is broken at {} of {} recorded changes ({}{}): \
                 they were edited, inserted or removed outside Annexa",
                self.broken_count,
                self.rows,
                ids.join(", "),
                if self.broken_count > self.broken.len() as u64 {
                    ", …"
                } else {
                    ""
                }
            )
        }
    }
}

/// How many broken rows a check lists by id.
pub const MAX_LISTED: usize = 20;

/// The hash of `row` chained to `previous` (see the module's documentation for the bytes).
pub fn row_hash(previous: &str, row: &HistoryEntry) -> String {
    let mut h = Sha256::new();
    h.update(previous.as_bytes());
    let id = row.id.to_string();
    for value in [
        id.as_str(),
        row.at.as_str(),
        row.actor.as_str(),
        row.entity.as_str(),
        row.entity_id.as_str(),
        row.field.as_str(),
        row.old_value.as_deref().unwrap_or(""),
        row.new_value.as_deref().unwrap_or(""),
    ] {
        h.update((value.len() as u64).to_le_bytes());
        h.update(value.as_bytes());
    }
    hex_digest(&h.finalize())
}

/// Appends one change to the history, chained to the newest row.
fn append(
    tx: &Transaction<'_>,
    actor: &str,
    entity: &str,
    entity_id: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(), WorkspaceError> {
    let last: Option<(i64, Option<String>)> = tx
        .query_row(
            "SELECT id, hash FROM history ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(db)?;
    let (last_id, previous) = last.unwrap_or((0, None));
    let at: String = tx
        .query_row(&format!("SELECT {NOW}"), [], |r| r.get(0))
        .map_err(db)?;
    let row = HistoryEntry {
        id: last_id + 1,
        at,
        actor: actor.to_owned(),
        entity: entity.to_owned(),
        entity_id: entity_id.to_owned(),
        field: field.to_owned(),
        old_value: old.map(str::to_owned),
        new_value: new.map(str::to_owned),
    };
    let hash = row_hash(previous.as_deref().unwrap_or(""), &row);
    tx.execute(
        "INSERT INTO history (id, at, actor, entity, entity_id, field, old_value, new_value, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            row.id,
            row.at,
            row.actor,
            row.entity,
            row.entity_id,
            row.field,
            row.old_value,
            row.new_value,
            hash
        ],
    )
    .map_err(db)?;
    Ok(())
}

/// Every row with its recorded hash, oldest first.
pub(crate) fn rows_with_hashes(
    conn: &rusqlite::Connection,
) -> Result<Vec<(HistoryEntry, Option<String>)>, WorkspaceError> {
    let mut stmt = conn
        .prepare(
            "SELECT id, at, actor, entity, entity_id, field, old_value, new_value, hash
             FROM history ORDER BY id",
        )
        .map_err(db)?;
    let rows = stmt
        .query_map([], |r| Ok((row_entry(r)?, r.get(8)?)))
        .map_err(db)?;
    rows.collect::<Result<_, _>>().map_err(db)
}

/// Whether each row's recorded hash matches, in the order given.
pub fn check_rows(rows: &[(HistoryEntry, Option<String>)]) -> Vec<bool> {
    let mut previous = String::new();
    rows.iter()
        .map(|(row, recorded)| {
            let ok = recorded.as_deref() == Some(row_hash(&previous, row).as_str());
            previous = recorded.clone().unwrap_or_default();
            ok
        })
        .collect()
}

/// Re-checks the whole chain, and that the history's indexes hold every row and nothing else.
pub(crate) fn check(conn: &rusqlite::Connection) -> Result<HistoryCheck, WorkspaceError> {
    let index_damage = index_damage(conn)?;
    let rows = rows_with_hashes(conn)?;
    let ok = check_rows(&rows);
    let broken_ids: Vec<i64> = rows
        .iter()
        .zip(&ok)
        .filter(|(_, ok)| !**ok)
        .map(|((r, _), _)| r.id)
        .collect();
    Ok(HistoryCheck {
        rows: rows.len() as u64,
        broken_count: broken_ids.len() as u64,
        broken: broken_ids.into_iter().take(MAX_LISTED).collect(),
        head: rows.last().and_then(|(_, h)| h.clone()),
        index_damage,
    })
}

/// SQLite's own comparison of the history table with its indexes (`PRAGMA integrity_check`
/// limited to the one table): every row must be in every index, and every index entry must
/// point at a row. On 100,000 changes it costs about as much as reading the chain
/// (docs/benchmarks.md).
fn index_damage(conn: &rusqlite::Connection) -> Result<Vec<String>, WorkspaceError> {
    let mut stmt = conn
        .prepare("PRAGMA integrity_check(history)")
        .map_err(db)?;
    let found: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .map_err(db)?
        .collect::<Result<_, _>>()
        .map_err(db)?;
    Ok(if found.len() == 1 && found[0] == "ok" {
        Vec::new()
    } else {
        found.into_iter().take(MAX_LISTED).collect()
    })
}

/// Chains the rows written before the chain existed (run by migration 4, inside its
/// transaction, while the history may still be updated).
pub(crate) fn chain_existing(tx: &Transaction<'_>) -> Result<(), WorkspaceError> {
    let rows = rows_with_hashes(tx)?;
    let mut previous = String::new();
    let mut stmt = tx
        .prepare("UPDATE history SET hash = ?1 WHERE id = ?2")
        .map_err(db)?;
    for (row, _) in &rows {
        let hash = row_hash(&previous, row);
        stmt.execute(params![hash, row.id]).map_err(db)?;
        previous = hash;
    }
    Ok(())
}

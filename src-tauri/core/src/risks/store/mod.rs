//! Every query of the risk register, in one folder: the rest of the domain works on the types
//! of `risks/mod.rs`, so a second database engine changes these files and nothing else. Each
//! writing function runs inside the caller's transaction and records its history rows there.
//! This file: the method, the assets and what a person holds; `register.rs`: the risks and
//! the owners' decisions.

mod own;
mod register;

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{AdoptedMethod, Asset, NewAsset, RiskMethod, risk_ref};
use crate::store::history::record;
use crate::store::{NOW, WorkspaceError, db, invalid, known_person};

pub(in crate::risks) use own::{insert_own_control, read_own_controls, update_own_control};
pub(in crate::risks) use register::{insert_decision, insert_risk, read_risks, update_risk};

/// The method until one is set: the `5x5` preset, not adopted.
const DEFAULT_PRESET: &str = "5x5";

pub(super) fn read_method(conn: &Connection) -> Result<AdoptedMethod, WorkspaceError> {
    let row = conn
        .query_row(
            "SELECT m.method, p.name, m.approved_at
             FROM risk_method m LEFT JOIN person p ON p.id = m.approved_by_id",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            },
        )
        .optional()
        .map_err(db)?;
    let Some((json, approved_by, approved_at)) = row else {
        return Ok(AdoptedMethod {
            method: RiskMethod::preset(DEFAULT_PRESET).expect("the default preset exists"),
            approved_by: None,
            approved_at: None,
        });
    };
    let method: RiskMethod = serde_json::from_str(&json)
        .map_err(|e| invalid(format!("the workspace's risk method cannot be read: {e}")))?;
    Ok(AdoptedMethod {
        method,
        approved_by,
        approved_at,
    })
}

/// A risk's number, its rating and its target.
type Rated = (i64, u8, u8, Option<u8>, Option<u8>);

/// Every risk's rating and target, for re-rating them on another method.
fn ratings(tx: &Transaction<'_>) -> Result<Vec<Rated>, WorkspaceError> {
    let mut stmt = tx
        .prepare(
            "SELECT id, likelihood, impact, target_likelihood, target_impact FROM risk ORDER BY id",
        )
        .map_err(db)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .map_err(db)?;
    rows.collect::<Result<_, _>>().map_err(db)
}

pub(super) fn write_method(
    tx: &Transaction<'_>,
    method: &RiskMethod,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let before = read_method(tx)?;
    let rated = ratings(tx)?;
    // Every rating must stay on the new scales: a risk is never left unrated.
    let mut off = Vec::new();
    for (id, l, i, tl, ti) in &rated {
        if method.rate(*l, *i).is_err() {
            off.push(format!("{} is rated {l} × {i}", risk_ref(*id)));
        }
        if let (Some(tl), Some(ti)) = (tl, ti)
            && method.rate(*tl, *ti).is_err()
        {
            off.push(format!("{} aims at {tl} × {ti}", risk_ref(*id)));
        }
    }
    if !off.is_empty() {
        return Err(invalid(format!(
            "the new method's scales ({} likelihoods, {} impacts) would leave risks unrated: {}; \
             re-rate them first",
            method.likelihood.len(),
            method.impact.len(),
            off.join(", ")
        )));
    }
    let json = serde_json::to_string(method)
        .map_err(|e| invalid(format!("the risk method cannot be written: {e}")))?;
    tx.execute(
        &format!(
            "INSERT INTO risk_method (id, method, approved_by_id, approved_at, updated_at)
             VALUES (1, ?1, NULL, NULL, {NOW})
             ON CONFLICT (id) DO UPDATE SET method = excluded.method, approved_by_id = NULL,
                 approved_at = NULL, updated_at = excluded.updated_at"
        ),
        [&json],
    )
    .map_err(db)?;
    let old_json = serde_json::to_string(&before.method).unwrap_or_default();
    if old_json != json {
        record(
            tx,
            actor,
            "method",
            "risks",
            "preset",
            Some(&before.method.preset),
            Some(&method.preset),
        )?;
    }
    if let Some(by) = &before.approved_by {
        record(tx, actor, "method", "risks", "approved_by", Some(by), None)?;
    }
    // Re-rating: the level each risk now has, where it changed.
    for (id, l, i, _, _) in &rated {
        let old = before.method.rate(*l, *i).map(|r| r.level).ok();
        let new = method.rate(*l, *i).map(|r| r.level).ok();
        record(
            tx,
            actor,
            "risk",
            &risk_ref(*id),
            "level",
            old.as_deref(),
            new.as_deref(),
        )?;
    }
    Ok(())
}

pub(super) fn approve_method(
    tx: &Transaction<'_>,
    by: &str,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let (person, name) = known_person(tx, by)?;
    let current = read_method(tx)?;
    let json = serde_json::to_string(&current.method)
        .map_err(|e| invalid(format!("the risk method cannot be written: {e}")))?;
    tx.execute(
        &format!(
            "INSERT INTO risk_method (id, method, approved_by_id, approved_at, updated_at)
             VALUES (1, ?1, ?2, {NOW}, {NOW})
             ON CONFLICT (id) DO UPDATE SET approved_by_id = excluded.approved_by_id,
                 approved_at = excluded.approved_at"
        ),
        params![json, person],
    )
    .map_err(db)?;
    record(
        tx,
        actor,
        "method",
        "risks",
        "approved_by",
        current.approved_by.as_deref(),
        Some(&name),
    )
}

pub(super) fn insert_asset(
    tx: &Transaction<'_>,
    new: &NewAsset,
    actor: &str,
) -> Result<i64, WorkspaceError> {
    let name = new.name.trim();
    let taken: bool = tx
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM asset WHERE name = ?1)",
            [name],
            |r| r.get(0),
        )
        .map_err(db)?;
    if taken {
        return Err(invalid(format!("there is already an asset named {name:?}")));
    }
    let owner = new
        .owner
        .as_deref()
        .map(|o| known_person(tx, o))
        .transpose()?
        .map(|(id, _)| id);
    tx.execute(
        &format!(
            "INSERT INTO asset (name, kind, owner_id, confidentiality, integrity, availability,
                                created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, {NOW})"
        ),
        params![
            name,
            new.kind.unwrap_or(super::AssetKind::Information).as_str(),
            owner,
            new.confidentiality,
            new.integrity,
            new.availability
        ],
    )
    .map_err(db)?;
    let id = tx.last_insert_rowid();
    record(tx, actor, "asset", name, "added", None, Some(name))?;
    Ok(id)
}

pub(super) fn read_assets(conn: &Connection) -> Result<Vec<Asset>, WorkspaceError> {
    let mut stmt = conn
        .prepare(
            "SELECT a.id, a.name, a.kind, p.name, a.confidentiality, a.integrity,
                    a.availability, (SELECT count(*) FROM risk_asset ra WHERE ra.asset_id = a.id)
             FROM asset a LEFT JOIN person p ON p.id = a.owner_id
             ORDER BY a.name COLLATE NOCASE",
        )
        .map_err(db)?;
    let rows = stmt
        .query_map([], |r| {
            let kind: String = r.get(2)?;
            Ok(Asset {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: kind.parse().unwrap_or(super::AssetKind::Information),
                owner: r.get(3)?,
                confidentiality: r.get(4)?,
                integrity: r.get(5)?,
                availability: r.get(6)?,
                risks: r.get(7)?,
            })
        })
        .map_err(db)?;
    rows.collect::<Result<_, _>>().map_err(db)
}

/// Rows of `sql` (whose first column is a risk's number) grouped by that number.
pub(super) fn grouped<T>(
    conn: &Connection,
    sql: &str,
    get: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<BTreeMap<i64, Vec<T>>, WorkspaceError> {
    let mut stmt = conn.prepare(sql).map_err(db)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, get(r)?)))
        .map_err(db)?;
    let mut out: BTreeMap<i64, Vec<T>> = BTreeMap::new();
    for row in rows {
        let (id, v) = row.map_err(db)?;
        out.entry(id).or_default().push(v);
    }
    Ok(out)
}

/// What a person holds in the register: the risks and assets they own, and how many of the
/// owners' decisions (and adoptions of the method) they gave.
pub(super) fn held_by(
    tx: &Transaction<'_>,
    person: i64,
) -> Result<(Vec<String>, Vec<String>, i64), WorkspaceError> {
    let risks = grouped(
        tx,
        &format!("SELECT {person}, id FROM risk WHERE owner_id = {person} ORDER BY id"),
        |r| r.get::<_, i64>(1),
    )?
    .remove(&person)
    .unwrap_or_default()
    .into_iter()
    .map(risk_ref)
    .collect();
    let assets = grouped(
        tx,
        &format!("SELECT {person}, name FROM asset WHERE owner_id = {person} ORDER BY name"),
        |r| r.get::<_, String>(1),
    )?
    .remove(&person)
    .unwrap_or_default();
    let decisions: i64 = tx
        .query_row(
            "SELECT (SELECT count(*) FROM risk_decision WHERE decided_by_id = ?1)
                  + (SELECT count(*) FROM risk_method WHERE approved_by_id = ?1)
                  + (SELECT count(*) FROM risk_round WHERE approved_by_id = ?1)",
            [person],
            |r| r.get(0),
        )
        .map_err(db)?;
    Ok((risks, assets, decisions))
}

/// Hands the risks and assets `from` owns to `to`, recording each move.
pub(super) fn hand_over(
    tx: &Transaction<'_>,
    actor: &str,
    (from, from_name): (i64, &str),
    (to, to_name): (i64, &str),
) -> Result<(), WorkspaceError> {
    let (risks, assets, _) = held_by(tx, from)?;
    tx.execute(
        "UPDATE risk SET owner_id = ?1 WHERE owner_id = ?2",
        params![to, from],
    )
    .map_err(db)?;
    tx.execute(
        "UPDATE asset SET owner_id = ?1 WHERE owner_id = ?2",
        params![to, from],
    )
    .map_err(db)?;
    for r in &risks {
        record(
            tx,
            actor,
            "risk",
            r,
            "owner",
            Some(from_name),
            Some(to_name),
        )?;
    }
    for a in &assets {
        record(
            tx,
            actor,
            "asset",
            a,
            "owner",
            Some(from_name),
            Some(to_name),
        )?;
    }
    Ok(())
}

/// Freezes `register` (the risks as the round states them, JSON) as the round `name`,
/// approved by `by`.
pub(super) fn insert_round(
    tx: &Transaction<'_>,
    name: &str,
    by: &str,
    register: &str,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let (person, by_name) = known_person(tx, by)?;
    let taken: bool = tx
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM risk_round WHERE name = ?1)",
            [name],
            |r| r.get(0),
        )
        .map_err(db)?;
    if taken {
        return Err(invalid(format!(
            "there is already a round named {name:?}; give this one another (--name)"
        )));
    }
    tx.execute(
        &format!(
            "INSERT INTO risk_round (name, approved_by_id, register, approved_at)
             VALUES (?1, ?2, ?3, {NOW})"
        ),
        params![name, person, register],
    )
    .map_err(db)?;
    record(
        tx,
        actor,
        "round",
        name,
        "approved_by",
        None,
        Some(&by_name),
    )
}

/// Keeps the register a snapshot froze, beside the snapshot.
pub(super) fn insert_snapshot_register(
    tx: &Transaction<'_>,
    snapshot: i64,
    register: &str,
) -> Result<(), WorkspaceError> {
    tx.execute(
        "INSERT INTO snapshot_register (snapshot_id, register) VALUES (?1, ?2)",
        params![snapshot, register],
    )
    .map_err(db)?;
    Ok(())
}

/// The register a snapshot froze, if it froze one.
pub(super) fn read_snapshot_register(
    conn: &Connection,
    snapshot: i64,
) -> Result<Option<String>, WorkspaceError> {
    conn.query_row(
        "SELECT register FROM snapshot_register WHERE snapshot_id = ?1",
        [snapshot],
        |r| r.get(0),
    )
    .optional()
    .map_err(db)
}

/// The rounds, oldest first: name, who approved, when, and the register as frozen (JSON).
pub(super) fn read_rounds(
    conn: &Connection,
) -> Result<Vec<(String, String, String, String)>, WorkspaceError> {
    let mut stmt = conn
        .prepare(
            "SELECT r.name, p.name, r.approved_at, r.register
             FROM risk_round r JOIN person p ON p.id = r.approved_by_id ORDER BY r.id",
        )
        .map_err(db)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .map_err(db)?;
    rows.collect::<Result<_, _>>().map_err(db)
}

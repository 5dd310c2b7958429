//! The risks and the owners' decisions: adding, changing and reading them, each change with
//! its history rows.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::grouped;
use crate::catalogue::ControlId;
use crate::risks::{Checked, Decision, DecisionInput, Risk, RiskStatus, risk_ref};
use crate::store::history::record;
use crate::store::{NOW, WorkspaceError, db, invalid, known_person};

fn title_taken(tx: &Transaction<'_>, title: &str, except: i64) -> Result<(), WorkspaceError> {
    let other: Option<i64> = tx
        .query_row(
            "SELECT id FROM risk WHERE title = ?1 AND id != ?2",
            params![title, except],
            |r| r.get(0),
        )
        .optional()
        .map_err(db)?;
    match other {
        Some(id) => Err(invalid(format!(
            "{} already has the title {title:?}; a risk's title is its own",
            risk_ref(id)
        ))),
        None => Ok(()),
    }
}

fn owner_id(tx: &Transaction<'_>, name: Option<&str>) -> Result<Option<i64>, WorkspaceError> {
    name.map(|n| known_person(tx, n).map(|(id, _)| id))
        .transpose()
}

pub(in crate::risks) fn insert_risk(
    tx: &Transaction<'_>,
    c: &Checked,
    today: &str,
    actor: &str,
) -> Result<i64, WorkspaceError> {
    let p = &c.patch;
    let title = p.title.as_deref().unwrap_or_default();
    title_taken(tx, title, 0)?;
    let (conf, integ, avail) = c.cia.unwrap_or_default();
    tx.execute(
        &format!(
            "INSERT INTO risk (kind, title, scenario, threat, vulnerability, confidentiality,
                               integrity, availability, owner_id, likelihood, impact, rated_on,
                               treatment, target_likelihood, target_impact, status, next_review,
                               created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     {NOW}, {NOW})"
        ),
        params![
            p.kind.unwrap_or(crate::risks::RiskKind::Security).as_str(),
            title,
            p.scenario.as_deref().unwrap_or("").trim(),
            p.threat.as_deref().unwrap_or("").trim(),
            p.vulnerability.as_deref().unwrap_or("").trim(),
            conf,
            integ,
            avail,
            owner_id(tx, c.owner.as_deref())?,
            p.likelihood,
            p.impact,
            today,
            p.treatment.map(|t| t.as_str()),
            p.target.map(|t| t.0),
            p.target.map(|t| t.1),
            p.status.unwrap_or(RiskStatus::Open).as_str(),
            p.next_review.as_deref(),
        ],
    )
    .map_err(db)?;
    let id = tx.last_insert_rowid();
    let reference = risk_ref(id);
    link(tx, id, c)?;
    record(tx, actor, "risk", &reference, "added", None, Some(title))?;
    Ok(id)
}

/// Adds and removes the links a patch names (assets, controls, actions).
fn link(tx: &Transaction<'_>, id: i64, c: &Checked) -> Result<(), WorkspaceError> {
    for a in &c.add_assets {
        tx.execute(
            "INSERT OR IGNORE INTO risk_asset (risk_id, asset_id) VALUES (?1, ?2)",
            params![id, a],
        )
        .map_err(db)?;
    }
    for a in &c.remove_assets {
        tx.execute(
            "DELETE FROM risk_asset WHERE risk_id = ?1 AND asset_id = ?2",
            params![id, a],
        )
        .map_err(db)?;
    }
    for ctl in &c.add_controls {
        tx.execute(
            "INSERT OR IGNORE INTO risk_control (risk_id, control_id) VALUES (?1, ?2)",
            params![id, ctl.to_string()],
        )
        .map_err(db)?;
    }
    for ctl in &c.remove_controls {
        tx.execute(
            "DELETE FROM risk_control WHERE risk_id = ?1 AND control_id = ?2",
            params![id, ctl.to_string()],
        )
        .map_err(db)?;
    }
    for own in &c.add_own {
        tx.execute(
            "INSERT OR IGNORE INTO risk_own_control (risk_id, own_control_id) VALUES (?1, ?2)",
            params![id, own.id],
        )
        .map_err(db)?;
    }
    for own in &c.remove_own {
        tx.execute(
            "DELETE FROM risk_own_control WHERE risk_id = ?1 AND own_control_id = ?2",
            params![id, own.id],
        )
        .map_err(db)?;
    }
    for a in &c.patch.add_actions {
        tx.execute(
            "INSERT OR IGNORE INTO risk_action (risk_id, action_id) VALUES (?1, ?2)",
            params![id, a],
        )
        .map_err(db)?;
    }
    for a in &c.patch.remove_actions {
        tx.execute(
            "DELETE FROM risk_action WHERE risk_id = ?1 AND action_id = ?2",
            params![id, a],
        )
        .map_err(db)?;
    }
    Ok(())
}

pub(in crate::risks) fn update_risk(
    tx: &Transaction<'_>,
    before: &Risk,
    c: &Checked,
    today: &str,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let p = &c.patch;
    let id = before.id;
    let reference = before.reference();
    let mut changed = Vec::<(&str, String, String)>::new();
    let mut plan_changed = false;
    let mut set = |column: &'static str, old: String, new: String, plan: bool| {
        if old != new {
            plan_changed |= plan;
            changed.push((column, old, new));
        }
    };
    let text = |v: &Option<String>| v.as_deref().map(|s| s.trim().to_owned());
    if let Some(k) = p.kind {
        set("kind", before.kind.to_string(), k.to_string(), false);
    }
    if let Some(t) = text(&p.title) {
        title_taken(tx, &t, id)?;
        set("title", before.title.clone(), t, false);
    }
    if let Some(t) = text(&p.scenario) {
        set("scenario", before.scenario.clone(), t, false);
    }
    if let Some(t) = text(&p.threat) {
        set("threat", before.threat.clone(), t, false);
    }
    if let Some(t) = text(&p.vulnerability) {
        set("vulnerability", before.vulnerability.clone(), t, false);
    }
    if let Some((conf, integ, avail)) = c.cia {
        set(
            "confidentiality",
            flag(before.confidentiality),
            flag(conf),
            false,
        );
        set("integrity", flag(before.integrity), flag(integ), false);
        set(
            "availability",
            flag(before.availability),
            flag(avail),
            false,
        );
    }
    if let Some(l) = p.likelihood {
        set(
            "likelihood",
            before.likelihood.to_string(),
            l.to_string(),
            false,
        );
    }
    if let Some(i) = p.impact {
        set("impact", before.impact.to_string(), i.to_string(), false);
    }
    if let Some(t) = p.treatment {
        let old = before.treatment.map(|t| t.to_string()).unwrap_or_default();
        set("treatment", old, t.to_string(), true);
    }
    if let Some((l, i)) = p.target {
        let old = |v: Option<u8>| v.map(|x| x.to_string()).unwrap_or_default();
        set(
            "target_likelihood",
            old(before.target_likelihood),
            l.to_string(),
            true,
        );
        set(
            "target_impact",
            old(before.target_impact),
            i.to_string(),
            true,
        );
    }
    if let Some(s) = p.status {
        set("status", before.status.to_string(), s.to_string(), false);
    }
    if let Some(d) = text(&p.next_review) {
        set(
            "next_review",
            before.next_review.clone().unwrap_or_default(),
            d,
            false,
        );
    }
    let owner = c.owner.clone();
    if let Some(o) = &owner {
        set(
            "owner",
            before.owner.clone().unwrap_or_default(),
            o.clone(),
            false,
        );
    }
    let new_own = c
        .add_own
        .iter()
        .any(|o| !before.own_controls.contains(&o.reference));
    let links_change = !(c.add_assets.is_empty()
        && c.remove_assets.is_empty()
        && c.add_controls.iter().all(|x| before.controls.contains(x))
        && c.remove_controls.is_empty()
        && !new_own
        && c.remove_own.is_empty()
        && p.add_actions.iter().all(|x| before.actions.contains(x))
        && p.remove_actions.is_empty());
    let plan_links = c.add_controls.iter().any(|x| !before.controls.contains(x))
        || !c.remove_controls.is_empty()
        || new_own
        || !c.remove_own.is_empty()
        || p.add_actions.iter().any(|x| !before.actions.contains(x))
        || !p.remove_actions.is_empty();
    if changed.is_empty() && !links_change {
        return Ok(());
    }
    for (column, old, new) in &changed {
        let value: Option<String> = (!new.is_empty()).then(|| new.clone());
        // `column` is one of the names above, never input.
        let sql = match *column {
            "owner" => "UPDATE risk SET owner_id = ?2 WHERE id = ?1".to_owned(),
            _ => format!("UPDATE risk SET {column} = ?2 WHERE id = ?1"),
        };
        if *column == "owner" {
            tx.execute(&sql, params![id, owner_id(tx, owner.as_deref())?])
                .map_err(db)?;
        } else if column.starts_with("target_") {
            // Set together below: the table holds both or neither.
        } else if matches!(*column, "confidentiality" | "integrity" | "availability") {
            tx.execute(&sql, params![id, new == "yes"]).map_err(db)?;
        } else {
            tx.execute(&sql, params![id, value]).map_err(db)?;
        }
        record(
            tx,
            actor,
            "risk",
            &reference,
            column,
            (!old.is_empty()).then_some(old.as_str()),
            value.as_deref(),
        )?;
    }
    if let Some((l, i)) = p.target {
        tx.execute(
            "UPDATE risk SET target_likelihood = ?2, target_impact = ?3 WHERE id = ?1",
            params![id, l, i],
        )
        .map_err(db)?;
    }
    if p.likelihood.is_some() || p.impact.is_some() {
        tx.execute(
            "UPDATE risk SET rated_on = ?2 WHERE id = ?1",
            params![id, today],
        )
        .map_err(db)?;
    }
    let before_links = links_of(tx, id)?;
    link(tx, id, c)?;
    let after_links = links_of(tx, id)?;
    for (field, (old, new)) in ["assets", "controls", "actions"]
        .iter()
        .zip(before_links.into_iter().zip(after_links))
    {
        record(
            tx,
            actor,
            "risk",
            &reference,
            field,
            (!old.is_empty()).then_some(old.as_str()),
            (!new.is_empty()).then_some(new.as_str()),
        )?;
    }
    let plan_changed = plan_changed || plan_links;
    tx.execute(
        &format!(
            "UPDATE risk SET updated_at = {NOW}{} WHERE id = ?1",
            if plan_changed {
                ", plan_version = plan_version + 1"
            } else {
                ""
            }
        ),
        [id],
    )
    .map_err(db)?;
    Ok(())
}

fn flag(v: bool) -> String {
    if v { "yes" } else { "no" }.to_owned()
}

/// A risk's assets, controls and actions, each as one comma-separated text for the history.
fn links_of(tx: &Transaction<'_>, id: i64) -> Result<[String; 3], WorkspaceError> {
    let list = |sql: &str| -> Result<String, WorkspaceError> {
        let mut stmt = tx.prepare(sql).map_err(db)?;
        let rows = stmt
            .query_map([id], |r| r.get::<_, String>(0))
            .map_err(db)?;
        Ok(rows.collect::<Result<Vec<_>, _>>().map_err(db)?.join(", "))
    };
    Ok([
        list(
            "SELECT a.name FROM risk_asset ra JOIN asset a ON a.id = ra.asset_id
             WHERE ra.risk_id = ?1 ORDER BY a.name COLLATE NOCASE",
        )?,
        // The Annex A controls (as the history writes them, 5.1), then the organisation's own.
        list(
            "SELECT id FROM (SELECT control_id AS id, 0 AS own FROM risk_control
                             WHERE risk_id = ?1
                             UNION ALL
                             SELECT o.ref, 1 FROM risk_own_control r
                             JOIN own_control o ON o.id = r.own_control_id
                             WHERE r.risk_id = ?1)
             ORDER BY own, id",
        )?,
        list(
            "SELECT CAST(action_id AS TEXT) FROM risk_action WHERE risk_id = ?1 ORDER BY action_id",
        )?,
    ])
}

pub(in crate::risks) fn insert_decision(
    tx: &Transaction<'_>,
    risk: &Risk,
    decision: &str,
    input: &DecisionInput,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let (person, name) = known_person(tx, &input.by)?;
    let (l, i) = if decision.starts_with("residual") {
        risk.residual_rating()
    } else {
        (risk.likelihood, risk.impact)
    };
    tx.execute(
        &format!(
            "INSERT INTO risk_decision (risk_id, decision, decided_by_id, on_behalf, entered_by,
                                        likelihood, impact, plan_version, until, note,
                                        decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, {NOW})"
        ),
        params![
            risk.id,
            decision,
            person,
            input.on_behalf,
            actor,
            l,
            i,
            risk.plan_version,
            input.until.as_deref(),
            input.note.trim()
        ],
    )
    .map_err(db)?;
    let field = if decision.starts_with("plan") {
        "plan"
    } else {
        "residual"
    };
    let mut said = format!(
        "{} by {name}{}",
        decision.split('_').nth(1).unwrap_or(decision),
        if input.on_behalf {
            format!(
                " on behalf of {}",
                risk.owner.as_deref().unwrap_or("the owner")
            )
        } else {
            String::new()
        }
    );
    if let Some(until) = &input.until {
        said.push_str(&format!(" until {until}"));
    }
    record(
        tx,
        actor,
        "risk",
        &risk.reference(),
        field,
        None,
        Some(&said),
    )
}

fn decisions(conn: &Connection) -> Result<BTreeMap<(i64, bool), Decision>, WorkspaceError> {
    let mut stmt = conn
        .prepare(
            "SELECT d.risk_id, d.decision, p.name, d.on_behalf, d.entered_by, d.likelihood,
                    d.impact, d.plan_version, d.until, d.note, d.decided_at
             FROM risk_decision d JOIN person p ON p.id = d.decided_by_id
             ORDER BY d.id",
        )
        .map_err(db)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Decision {
                    decision: r.get(1)?,
                    by: r.get(2)?,
                    on_behalf: r.get(3)?,
                    entered_by: r.get(4)?,
                    likelihood: r.get(5)?,
                    impact: r.get(6)?,
                    plan_version: r.get(7)?,
                    until: r.get(8)?,
                    note: r.get(9)?,
                    at: r.get(10)?,
                },
            ))
        })
        .map_err(db)?;
    // The latest of each kind (plan: false, residual: true) wins.
    let mut out = BTreeMap::new();
    for row in rows {
        let (risk, d) = row.map_err(db)?;
        out.insert((risk, d.decision.starts_with("residual")), d);
    }
    Ok(out)
}

pub(in crate::risks) fn read_risks(
    conn: &Connection,
    only: Option<i64>,
) -> Result<Vec<Risk>, WorkspaceError> {
    let mut assets = grouped(
        conn,
        "SELECT ra.risk_id, a.name FROM risk_asset ra JOIN asset a ON a.id = ra.asset_id
         ORDER BY a.name COLLATE NOCASE",
        |r| r.get::<_, String>(1),
    )?;
    let mut controls = grouped(
        conn,
        "SELECT risk_id, control_id FROM risk_control ORDER BY risk_id",
        |r| r.get::<_, String>(1),
    )?;
    let mut own = grouped(
        conn,
        "SELECT r.risk_id, o.ref FROM risk_own_control r
         JOIN own_control o ON o.id = r.own_control_id ORDER BY o.ref COLLATE NOCASE",
        |r| r.get::<_, String>(1),
    )?;
    let mut actions = grouped(
        conn,
        "SELECT risk_id, action_id FROM risk_action ORDER BY action_id",
        |r| r.get::<_, i64>(1),
    )?;
    let mut decided = decisions(conn)?;
    let mut stmt = conn
        .prepare(
            "SELECT r.id, r.kind, r.title, r.scenario, r.threat, r.vulnerability,
                    r.confidentiality, r.integrity, r.availability, p.name, r.likelihood,
                    r.impact, r.rated_on, r.treatment, r.target_likelihood, r.target_impact,
                    r.status, r.next_review, r.plan_version, r.created_at, r.updated_at
             FROM risk r LEFT JOIN person p ON p.id = r.owner_id
             WHERE ?1 IS NULL OR r.id = ?1
             ORDER BY r.id",
        )
        .map_err(db)?;
    let rows = stmt
        .query_map([only], |r| {
            let kind: String = r.get(1)?;
            let treatment: Option<String> = r.get(13)?;
            let status: String = r.get(16)?;
            Ok(Risk {
                id: r.get(0)?,
                kind: kind.parse().unwrap_or(crate::risks::RiskKind::Security),
                title: r.get(2)?,
                scenario: r.get(3)?,
                threat: r.get(4)?,
                vulnerability: r.get(5)?,
                confidentiality: r.get(6)?,
                integrity: r.get(7)?,
                availability: r.get(8)?,
                assets: Vec::new(),
                owner: r.get(9)?,
                likelihood: r.get(10)?,
                impact: r.get(11)?,
                rated_on: r.get(12)?,
                treatment: treatment.and_then(|t| t.parse().ok()),
                controls: Vec::new(),
                own_controls: Vec::new(),
                actions: Vec::new(),
                target_likelihood: r.get(14)?,
                target_impact: r.get(15)?,
                status: status.parse().unwrap_or(RiskStatus::Open),
                next_review: r.get(17)?,
                plan_version: r.get(18)?,
                plan: None,
                residual: None,
                created_at: r.get(19)?,
                updated_at: r.get(20)?,
            })
        })
        .map_err(db)?;
    let mut out: Vec<Risk> = rows.collect::<Result<_, _>>().map_err(db)?;
    for r in &mut out {
        r.assets = assets.remove(&r.id).unwrap_or_default();
        let mut ids: Vec<ControlId> = controls
            .remove(&r.id)
            .unwrap_or_default()
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect();
        ids.sort();
        r.controls = ids;
        r.own_controls = own.remove(&r.id).unwrap_or_default();
        r.actions = actions.remove(&r.id).unwrap_or_default();
        r.plan = decided.remove(&(r.id, false));
        r.residual = decided.remove(&(r.id, true));
    }
    Ok(out)
}

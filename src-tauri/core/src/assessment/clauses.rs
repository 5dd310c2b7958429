//! Clauses 4 to 10: status, owner and notes of each, and the mandatory documents they ask for.

use super::*;

/// The assessment of one ISMS clause (4 to 10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseAssessment {
    pub id: String,
    pub status: Status,
    pub owner: Option<String>,
    pub notes: String,
    /// The required documents this clause asks for, and whether each exists.
    pub documents: Vec<(String, bool)>,
    pub updated_at: Option<String>,
}

/// A change to a clause; `None` fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClausePatch {
    pub status: Option<Status>,
    pub owner: Option<Option<String>>,
    pub notes: Option<String>,
}

fn catalogue() -> Result<&'static Catalogue, WorkspaceError> {
    Catalogue::bundled().map_err(|e| invalid(e.to_string()))
}

/// Every clause with its state, read through `conn`: the workspace's connection, or the
/// transaction of a change, which plans from what it locked.
fn read_clauses(conn: &rusqlite::Connection) -> Result<Vec<ClauseAssessment>, WorkspaceError> {
    let mut present: BTreeMap<String, bool> = BTreeMap::new();
    let mut stmt = conn
        .prepare("SELECT document_id, present FROM document_state")
        .map_err(db)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? == 1))
        })
        .map_err(db)?;
    for row in rows {
        let (id, p) = row.map_err(db)?;
        present.insert(id, p);
    }
    let mut stored: BTreeMap<String, (Status, Option<String>, String, String)> = BTreeMap::new();
    let mut stmt = conn
        .prepare(
            "SELECT c.clause_id, c.status, p.name, c.notes, c.updated_at
             FROM clause_state c LEFT JOIN person p ON p.id = c.owner_id",
        )
        .map_err(db)?;
    let rows = stmt
        .query_map([], |r| {
            let status: String = r.get(1)?;
            Ok((
                r.get::<_, String>(0)?,
                (
                    status.parse().unwrap_or(Status::NotAssessed),
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                ),
            ))
        })
        .map_err(db)?;
    for row in rows {
        let (id, state) = row.map_err(db)?;
        stored.insert(id, state);
    }
    Ok(catalogue()?
        .clauses
        .iter()
        .map(|c| {
            let (status, owner, notes, updated_at) = match stored.remove(&c.id) {
                Some((s, o, n, u)) => (s, o, n, Some(u)),
                None => (Status::NotAssessed, None, String::new(), None),
            };
            ClauseAssessment {
                id: c.id.clone(),
                status,
                owner,
                notes,
                documents: c
                    .documents
                    .iter()
                    .map(|d| (d.clone(), present.get(d).copied().unwrap_or(false)))
                    .collect(),
                updated_at,
            }
        })
        .collect())
}

impl Workspace {
    /// Every clause and subclause of 4 to 10 with its state, in the standard's order.
    pub fn clauses(&self) -> Result<Vec<ClauseAssessment>, WorkspaceError> {
        self.reading(|| read_clauses(self.connection()))
    }

    /// Changes one clause, recording each changed field.
    pub fn set_clause(
        &mut self,
        id: &str,
        patch: &ClausePatch,
        actor: &str,
    ) -> Result<ClauseAssessment, WorkspaceError> {
        let id = id.trim().trim_start_matches("clause ").to_owned();
        // Read inside the change's transaction, after the write lock is taken, so a change
        // another program made a moment ago is the starting point, never put back unseen.
        self.write(|tx| {
            let before = read_clauses(tx)?
                .into_iter()
                .find(|c| c.id == id)
                .ok_or_else(|| {
                    unknown(format!(
                        "{id:?} is not a clause of ISO/IEC 27001:2022 (4 to 10.2)"
                    ))
                })?;
            let owner_id = match &patch.owner {
                Some(Some(name)) => Some(person_id(tx, actor, name)?),
                Some(None) => None,
                None => match &before.owner {
                    Some(name) => Some(existing_person(tx, name)?.id),
                    None => None,
                },
            };
            let status = patch.status.unwrap_or(before.status);
            let notes = patch
                .notes
                .as_deref()
                .map(str::trim)
                .unwrap_or(&before.notes)
                .to_owned();
            tx.execute(
                &format!(
                    "INSERT INTO clause_state (clause_id, status, owner_id, notes, updated_at)
                     VALUES (?1, ?2, ?3, ?4, {NOW})
                     ON CONFLICT (clause_id) DO UPDATE SET status = excluded.status,
                        owner_id = excluded.owner_id, notes = excluded.notes,
                        updated_at = excluded.updated_at"
                ),
                params![id, status.as_str(), owner_id, notes],
            )
            .map_err(db)?;
            let owner_after = match &patch.owner {
                Some(Some(name)) => Some(existing_person(tx, name)?.name),
                Some(None) => None,
                None => before.owner.clone(),
            };
            record(
                tx,
                actor,
                "clause",
                &id,
                "status",
                Some(before.status.as_str()),
                Some(status.as_str()),
            )?;
            record(
                tx,
                actor,
                "clause",
                &id,
                "owner",
                before.owner.as_deref(),
                owner_after.as_deref(),
            )?;
            record(
                tx,
                actor,
                "clause",
                &id,
                "notes",
                Some(&before.notes),
                Some(&notes),
            )?;
            Ok(())
        })?;
        self.clauses()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| unknown(id.clone()))
    }

    /// Records whether a required document exists. The documents that stand for the risk
    /// register ([`FOLLOW_FROM_RISKS`]) are not set by hand: the register keeps them.
    pub fn set_document(
        &mut self,
        id: &str,
        present: bool,
        actor: &str,
    ) -> Result<(), WorkspaceError> {
        if let Some((doc, step)) = FOLLOW_FROM_RISKS.iter().find(|(d, _)| *d == id.trim()) {
            return Err(invalid(format!(
                "{doc} follows from the risk register: it is present once {step}"
            )));
        }
        self.write(|tx| set_document_in(tx, id, present, actor))
    }

    /// The required documents that are not recorded as present.
    pub fn missing_documents(&self) -> Result<Vec<String>, WorkspaceError> {
        self.reading(|| {
            Ok(self
                .clauses()?
                .into_iter()
                .flat_map(|c| c.documents)
                .filter(|(_, present)| !present)
                .map(|(id, _)| id)
                .collect())
        })
    }
}

/// The required documents that stand for the risk register, each with what makes it present:
/// the risks domain keeps them (`set_document_in` in its own transactions), never a person.
pub const FOLLOW_FROM_RISKS: [(&str, &str); 3] = [
    (
        "risk-assessment-results",
        "an assessment round is approved (annexa risks round --approve)",
    ),
    (
        "risk-treatment-plan",
        "the owners have approved the treatment plan of every risk that needs one",
    ),
    (
        "risk-treatment-results",
        "a treated risk is re-rated (annexa risks rerate)",
    ),
];

/// Records whether a required document exists, inside the caller's transaction; a change is
/// recorded in the history, an unchanged state is not.
pub fn set_document_in(
    tx: &Transaction<'_>,
    id: &str,
    present: bool,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let catalogue = catalogue()?;
    let doc = catalogue
        .documents
        .iter()
        .find(|d| d.id == id.trim())
        .ok_or_else(|| {
            let ids: Vec<&str> = catalogue.documents.iter().map(|d| d.id.as_str()).collect();
            unknown(format!(
                "{:?} is not a required document; they are: {}",
                id.trim(),
                ids.join(", ")
            ))
        })?;
    let before = read_clauses(tx)?
        .iter()
        .flat_map(|c| c.documents.clone())
        .find(|(d, _)| d == &doc.id)
        .is_some_and(|(_, p)| p);
    if before == present {
        return Ok(());
    }
    tx.execute(
        &format!(
            "INSERT INTO document_state (document_id, present, updated_at) VALUES (?1, ?2, {NOW})
             ON CONFLICT (document_id) DO UPDATE SET present = excluded.present,
                updated_at = excluded.updated_at"
        ),
        params![doc.id, i64::from(present)],
    )
    .map_err(db)?;
    let word = |p: bool| if p { "present" } else { "missing" };
    record(
        tx,
        actor,
        "document",
        &doc.id,
        "present",
        Some(word(before)),
        Some(word(present)),
    )
}

//! The people directory: who owns, contributes to and is assigned work.

use super::*;

pub(super) fn existing_person(
    tx: &rusqlite::Connection,
    name: &str,
) -> Result<Person, WorkspaceError> {
    tx.query_row(
        "SELECT id, name, role, department, email FROM person WHERE name = ?1",
        [name.trim()],
        row_person,
    )
    .optional()
    .map_err(db)?
    .ok_or_else(|| {
        unknown(format!(
            "no person named {:?} in this workspace",
            name.trim()
        ))
    })
}

fn row_person(r: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    let department: Option<String> = r.get(3)?;
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        role: r.get(2)?,
        department: department.and_then(|d| d.parse().ok()),
        email: r.get(4)?,
    })
}

impl Workspace {
    /// Adds a person to the directory.
    pub fn add_person(
        &mut self,
        input: &PersonInput,
        actor: &str,
    ) -> Result<Person, WorkspaceError> {
        let name = crate::store::person_name(&input.name)?.to_owned();
        self.write(|tx| {
            let exists: Option<String> = tx
                .query_row("SELECT name FROM person WHERE name = ?1", [&name], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(db)?;
            if let Some(existing) = exists {
                return Err(invalid(format!("{existing} is already in the directory")));
            }
            tx.execute(
                "INSERT INTO person (name, role, department, email) VALUES (?1, ?2, ?3, ?4)",
                params![
                    name,
                    input.role.trim(),
                    input.department.map(|d| d.as_str()),
                    input.email.trim()
                ],
            )
            .map_err(db)?;
            record(tx, actor, "person", &name, "added", None, Some(&name))?;
            existing_person(tx, &name)
        })
    }

    /// Everyone in the directory, by name.
    pub fn people(&self) -> Result<Vec<Person>, WorkspaceError> {
        self.reading(|| {
            let conn = self.connection();
            let mut stmt = conn
                .prepare("SELECT id, name, role, department, email FROM person ORDER BY name")
                .map_err(db)?;
            let rows = stmt.query_map([], row_person).map_err(db)?;
            rows.collect::<Result<_, _>>().map_err(db)
        })
    }
}

/// A change to a person of the directory: each `Some` field is set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonPatch {
    pub role: Option<String>,
    /// `Some(None)` clears the department.
    pub department: Option<Option<Party>>,
    pub email: Option<String>,
    /// A new name; everything the person owns follows it.
    pub rename: Option<String>,
}

/// What a person answers for, counted: a person who answers for anything cannot simply leave
/// the directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Responsibilities {
    pub controls_owned: u64,
    pub controls_contributed: u64,
    pub clauses_owned: u64,
    pub actions_assigned: u64,
    pub evidence_provided: u64,
}

impl Responsibilities {
    pub fn is_empty(&self) -> bool {
        *self == Responsibilities::default()
    }

    /// "owns 2 controls, is assigned 1 action", for messages.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.controls_owned, "owns", "control"),
            (self.controls_contributed, "contributes to", "control"),
            (self.clauses_owned, "owns", "clause"),
            (self.actions_assigned, "is assigned", "action"),
            (self.evidence_provided, "provided", "evidence item"),
        ]
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, verb, what)| format!("{verb} {n} {what}{}", if *n == 1 { "" } else { "s" }))
        .collect();
        parts.join(", ")
    }
}

fn responsibilities(
    tx: &rusqlite::Connection,
    id: i64,
) -> Result<Responsibilities, WorkspaceError> {
    let count = |sql: &str| -> Result<u64, WorkspaceError> {
        tx.query_row(sql, [id], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(db)
    };
    Ok(Responsibilities {
        controls_owned: count("SELECT count(*) FROM control_state WHERE owner_id = ?1")?,
        controls_contributed: count(
            "SELECT count(*) FROM control_contributor WHERE person_id = ?1",
        )?,
        clauses_owned: count("SELECT count(*) FROM clause_state WHERE owner_id = ?1")?,
        actions_assigned: count("SELECT count(*) FROM action WHERE assignee_id = ?1")?,
        evidence_provided: crate::evidence::provided_by_count(tx, id)?,
    })
}

impl Workspace {
    /// Changes a person's role, department, e-mail or name, each change in the history.
    pub fn update_person(
        &mut self,
        name: &str,
        patch: &PersonPatch,
        actor: &str,
    ) -> Result<Person, WorkspaceError> {
        self.write(|tx| {
            let before = existing_person(tx, name)?;
            let mut after = before.clone();
            if let Some(new) = &patch.rename {
                let new = crate::store::person_name(new)?;
                let taken: Option<i64> = tx
                    .query_row("SELECT id FROM person WHERE name = ?1", [new], |r| r.get(0))
                    .optional()
                    .map_err(db)?;
                if taken.is_some_and(|id| id != before.id) {
                    return Err(invalid(format!(
                        "{new} is already in the directory; remove one of them with \
                         `annexa people remove` and --reassign"
                    )));
                }
                after.name = new.to_owned();
            }
            if let Some(role) = &patch.role {
                after.role = role.trim().to_owned();
            }
            if let Some(department) = patch.department {
                after.department = department;
            }
            if let Some(email) = &patch.email {
                after.email = email.trim().to_owned();
            }
            tx.execute(
                "UPDATE person SET name = ?2, role = ?3, department = ?4, email = ?5 WHERE id = ?1",
                params![
                    before.id,
                    after.name,
                    after.role,
                    after.department.map(|d| d.as_str()),
                    after.email
                ],
            )
            .map_err(db)?;
            let rec = |field: &str, old: Option<&str>, new: Option<&str>| {
                record(tx, actor, "person", &after.name, field, old, new)
            };
            rec("name", Some(&before.name), Some(&after.name))?;
            rec("role", Some(&before.role), Some(&after.role))?;
            rec(
                "department",
                before.department.map(|d| d.as_str()),
                after.department.map(|d| d.as_str()),
            )?;
            // The history is append-only, so what it holds can never be erased: it records that
            // an address was set or changed, never the address, so that removing a person
            // leaves none of their contact details in the file.
            if before.email != after.email {
                let said = |email: &str, fresh: &'static str| {
                    if email.is_empty() { "none" } else { fresh }
                };
                rec(
                    "email",
                    Some(said(&before.email, "an address")),
                    Some(said(&after.email, "a new address")),
                )?;
            }
            Ok(after)
        })
    }

    /// What a person answers for.
    pub fn responsibilities(&self, name: &str) -> Result<Responsibilities, WorkspaceError> {
        self.reading(|| {
            let person = existing_person(self.connection(), name)?;
            responsibilities(self.connection(), person.id)
        })
    }
}

/// Removes a person from the directory, inside the caller's transaction (the risk register
/// hands over what it holds first: `Workspace::remove_person` in `risks`). Refused while they
/// answer for anything, unless `reassign_to` names who takes it all over (added to the
/// directory if new); every reassignment is recorded as a change of its owner, contributor or
/// assignee.
pub fn remove_person_in(
    tx: &Transaction<'_>,
    name: &str,
    reassign_to: Option<&str>,
    actor: &str,
) -> Result<(Person, Responsibilities), WorkspaceError> {
    let person = existing_person(tx, name)?;
    let held = responsibilities(tx, person.id)?;
    match reassign_to.map(str::trim).filter(|t| !t.is_empty()) {
        None if !held.is_empty() => {
            return Err(invalid(format!(
                "{} {}; name who takes it over with --reassign NAME",
                person.name,
                held.describe()
            )));
        }
        None => {}
        Some(to) => {
            let to_id = person_id(tx, actor, to)?;
            if to_id == person.id {
                return Err(invalid(format!(
                    "{} cannot take over from themselves",
                    person.name
                )));
            }
            let to_name = existing_person(tx, to)?.name;
            reassign(tx, actor, &person, to_id, &to_name)?;
        }
    }
    tx.execute("DELETE FROM person WHERE id = ?1", [person.id])
        .map_err(db)?;
    record(
        tx,
        actor,
        "person",
        &person.name,
        "removed",
        Some(&person.name),
        None,
    )?;
    Ok((person, held))
}

/// Moves everything `from` answers for to the person `to_id`, recording each move.
fn reassign(
    tx: &Transaction<'_>,
    actor: &str,
    from: &Person,
    to_id: i64,
    to_name: &str,
) -> Result<(), WorkspaceError> {
    let ids = |sql: &str| -> Result<Vec<String>, WorkspaceError> {
        let mut stmt = tx.prepare(sql).map_err(db)?;
        let rows = stmt
            .query_map([from.id], |r| r.get::<_, rusqlite::types::Value>(0))
            .map_err(db)?;
        rows.map(|r| {
            r.map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                _ => String::new(),
            })
        })
        .collect::<Result<_, _>>()
        .map_err(db)
    };
    let moves: [(&str, &str, &str, &str); 4] = [
        (
            "SELECT control_id FROM control_state WHERE owner_id = ?1",
            "UPDATE control_state SET owner_id = ?1 WHERE owner_id = ?2",
            "control",
            "owner",
        ),
        (
            "SELECT clause_id FROM clause_state WHERE owner_id = ?1",
            "UPDATE clause_state SET owner_id = ?1 WHERE owner_id = ?2",
            "clause",
            "owner",
        ),
        (
            "SELECT id FROM action WHERE assignee_id = ?1",
            "UPDATE action SET assignee_id = ?1 WHERE assignee_id = ?2",
            "action",
            "assignee",
        ),
        (
            "SELECT control_id FROM control_contributor WHERE person_id = ?1",
            "UPDATE OR IGNORE control_contributor SET person_id = ?1 WHERE person_id = ?2",
            "control",
            "contributor",
        ),
    ];
    for (select, update, entity, field) in moves {
        for id in ids(select)? {
            record(
                tx,
                actor,
                entity,
                &id,
                field,
                Some(&from.name),
                Some(to_name),
            )?;
        }
        tx.execute(update, params![to_id, from.id]).map_err(db)?;
    }
    // A contributor who already contributed to the same control is left once.
    tx.execute(
        "DELETE FROM control_contributor WHERE person_id = ?1",
        [from.id],
    )
    .map_err(db)?;
    crate::evidence::reassign_provider(tx, actor, from.id, &from.name, to_id, to_name)
}

/// Everything one person answers for: what they own, contribute to, are assigned, provided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonWork {
    pub person: Person,
    pub owns: Vec<ControlAssessment>,
    pub contributes_to: Vec<ControlAssessment>,
    pub clauses: Vec<super::ClauseAssessment>,
    pub actions: Vec<Action>,
    pub evidence: Vec<crate::evidence::Evidence>,
}

impl Workspace {
    /// What `name` answers for, read through each domain's own listing.
    pub fn person_work(&self, name: &str) -> Result<PersonWork, WorkspaceError> {
        self.reading(|| {
            let person = existing_person(self.connection(), name)?;
            let is = |n: &Option<String>| n.as_deref() == Some(person.name.as_str());
            let controls = self.controls()?;
            Ok(PersonWork {
                owns: controls.iter().filter(|c| is(&c.owner)).cloned().collect(),
                contributes_to: controls
                    .iter()
                    .filter(|c| c.contributors.contains(&person.name))
                    .cloned()
                    .collect(),
                clauses: self
                    .clauses()?
                    .into_iter()
                    .filter(|c| is(&c.owner))
                    .collect(),
                actions: self
                    .actions()?
                    .into_iter()
                    .filter(|a| is(&a.assignee))
                    .collect(),
                evidence: self
                    .evidence_list(None)?
                    .into_iter()
                    .filter(|e| is(&e.provided_by))
                    .collect(),
                person,
            })
        })
    }
}

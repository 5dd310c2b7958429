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
        let name = input.name.trim().to_owned();
        if name.is_empty() {
            return Err(invalid("a person's name must not be empty"));
        }
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
        let conn = self.connection();
        let mut stmt = conn
            .prepare("SELECT id, name, role, department, email FROM person ORDER BY name")
            .map_err(db)?;
        let rows = stmt.query_map([], row_person).map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)
    }
}

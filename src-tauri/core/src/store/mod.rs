//! The workspace store, the layer every domain stands on: one SQLite file per organisation,
//! opened, created and migrated here, written through one transaction helper, with the
//! history writer (`history`), the people lookup (`people`) and the validation every domain
//! shares (`validate`: dates, control ids, error helpers).
//!
//! One file per client is the point (see "SQLite As An Application File Format"): it can be
//! copied, mailed and backed up as it is. So opening is careful: a file that is not ours is
//! refused before anything is written to it, a file from a newer Annexa is refused rather than
//! half-understood, and a copy is kept before a migration changes an existing file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::catalogue::Catalogue;

mod compact;
pub mod history;
mod people;
mod schema;
mod validate;

pub use compact::{Compacted, OnCompactProgress, compacting_path};
pub use people::MAX_NAME_CHARS;
pub(crate) use people::{known_person, person_id, person_name};
use schema::{check_schema, guard};
pub(crate) use validate::{NOW, check_date, db, hex_digest, invalid, unknown};
pub use validate::{control_id, io_reason, is_iso_date, os_user, risk_number};

/// `PRAGMA application_id` of every Annexa workspace: "ANXA" in ASCII. `file(1)` and our own
/// open use it to tell a workspace from any other SQLite file.
pub const APPLICATION_ID: i32 = 0x414E_5841;

/// The usual file extension of a workspace.
pub const EXTENSION: &str = "annexa";

/// The schema migrations, in order. Append only: a released migration is never edited,
/// because workspaces in the field have already run it.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_workspace.sql"),
    include_str!("migrations/0002_assessment.sql"),
    include_str!("migrations/0003_evidence.sql"),
    include_str!("migrations/0004_history_chain.sql"),
    include_str!("migrations/0005_history_append_only.sql"),
    include_str!("migrations/0006_risks.sql"),
    include_str!("migrations/0007_own_controls.sql"),
    include_str!("migrations/0008_snapshot_register.sql"),
];

/// Work a migration needs that SQL cannot do, run right after migration `number` (1-based) in
/// the same transaction.
fn after_migration(number: usize, tx: &rusqlite::Transaction<'_>) -> Result<(), WorkspaceError> {
    match number {
        4 => crate::store::history::chain_existing(tx),
        _ => Ok(()),
    }
}

/// The page size of new workspaces: 64 KiB, SQLite's largest, because most of a workspace's
/// bytes are evidence chunks and large pages halve the cost of storing them.
pub const PAGE_SIZE: i64 = 65536;

/// How long a write waits for another process to finish its own before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a workspace could not be opened, created or changed.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("{} is not an Annexa workspace", path.display())]
    NotAWorkspace { path: PathBuf },
    #[error(
        "{} was written by a newer version of Annexa (schema {found}; this version knows up to \
         {known}). Update Annexa to open it; the file was not changed.",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "{} is being written by another program; try again in a moment",
        named(path)
    )]
    Busy { path: PathBuf },
    #[error("there is already a file at {}; choose another name", path.display())]
    AlreadyExists { path: PathBuf },
    #[error("no workspace at {}", path.display())]
    NotFound { path: PathBuf },
    #[error("{message}")]
    Invalid { message: String },
    #[error("{message}")]
    Unknown { message: String },
    #[error("{}: {}", path.display(), io_reason(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", named(path))]
    Sqlite { path: PathBuf, message: String },
    #[error(
        "{} was changed outside Annexa: it holds {what}, which Annexa never creates (such \
         things can run hidden code on every change, rewrite records or fake the history). It \
         was not opened and nothing in it was changed; ask the sender for an untouched copy.",
        path.display()
    )]
    Tampered { path: PathBuf, what: String },
    #[error(
        "{} cannot be created or opened: its folder is missing, read-only or not a folder",
        path.display()
    )]
    CannotOpen { path: PathBuf },
    #[error("this system has no per-user data directory; pass a workspace path explicitly")]
    NoDataDir,
    #[error("the disk is full: nothing was written and the workspace is as it was")]
    DiskFull,
    #[error(
        "{} was compacted, moved or replaced by another program since it was opened; open it \
         again (nothing was written)",
        named(path)
    )]
    Moved { path: PathBuf },
    #[error("stopped; the workspace is as it was")]
    Cancelled,
}

/// What a new workspace starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWorkspace {
    pub organisation: String,
    pub scope: String,
    /// The target certification date, `YYYY-MM-DD`.
    pub target_date: Option<String>,
}

impl NewWorkspace {
    pub fn named(organisation: impl Into<String>) -> Self {
        NewWorkspace {
            organisation: organisation.into(),
            scope: String::new(),
            target_date: None,
        }
    }
}

/// The organisation a workspace belongs to, as stored in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub name: String,
    pub scope: String,
    pub target_date: Option<String>,
    pub created_at: String,
    pub catalogue_version: String,
}

/// An open workspace file.
#[derive(Debug)]
pub struct Workspace {
    path: PathBuf,
    conn: Connection,
}

impl Workspace {
    /// Creates a new workspace file; refuses to overwrite anything already at `path`.
    pub fn create(path: &Path, new: &NewWorkspace) -> Result<Workspace, WorkspaceError> {
        Workspace::create_with(path, new, |_| Ok(()))
    }

    /// Creates a new workspace, lets `fill` write into it (the example's content), and only
    /// then gives it its name: a program killed meanwhile leaves nothing under `path`, only a
    /// temporary file beside it (`NAME.annexa.creating-…`) that Annexa never opens. Refuses
    /// to replace anything already at `path`, even a file that appears while it works.
    pub fn create_with(
        path: &Path,
        new: &NewWorkspace,
        fill: impl FnOnce(&mut Workspace) -> Result<(), WorkspaceError>,
    ) -> Result<Workspace, WorkspaceError> {
        validate_new(new)?;
        if path.exists() {
            return Err(WorkspaceError::AlreadyExists {
                path: path.to_owned(),
            });
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| WorkspaceError::Io {
                path: parent.to_owned(),
                source,
            })?;
        }
        static CREATING: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = CREATING.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(format!(".creating-{}-{n}", std::process::id()));
        let tmp = PathBuf::from(tmp);
        let made = Workspace::create_at(&tmp, new).and_then(|mut ws| fill(&mut ws));
        if let Err(e) = made {
            // A workspace that failed to initialise is not a workspace: leave nothing behind.
            remove_database_files(&tmp);
            return Err(e);
        }
        let published = publish(&tmp, path);
        remove_database_files(&tmp);
        published?;
        Workspace::open(path)
    }

    /// Writes a new, empty workspace at `path` (a temporary name; see `create_with`).
    fn create_at(path: &Path, new: &NewWorkspace) -> Result<Workspace, WorkspaceError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sqlite(path, e))?;
        // Large pages make evidence files stream in at disk speed (see `configure`). The page
        // size is fixed when the first table is written, so it is set here, first.
        conn.pragma_update(None, "page_size", PAGE_SIZE)
            .map_err(|e| sqlite(path, e))?;
        let mut ws = Workspace {
            path: path.to_owned(),
            conn,
        };
        ws.guard()?;
        ws.configure()?;
        ws.initialise(new)?;
        Ok(ws)
    }

    /// Opens an existing workspace, applying any pending migrations (after keeping a copy).
    pub fn open(path: &Path) -> Result<Workspace, WorkspaceError> {
        if !path.is_file() {
            return Err(WorkspaceError::NotFound {
                path: path.to_owned(),
            });
        }
        // A journal left by a program that was killed mid-change is rolled back by SQLite at
        // the first read; what that change wrote into reused free pages is not (see
        // `compact.rs`), so it is scrubbed once the file checks out.
        let journal_left = journal_path(path).metadata().is_ok_and(|m| m.len() > 0);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sqlite(path, e))?;
        let mut ws = Workspace {
            path: path.to_owned(),
            conn,
        };
        let app_id: i32 = ws.read_pragma("application_id")?;
        if app_id != APPLICATION_ID {
            return Err(WorkspaceError::NotAWorkspace {
                path: path.to_owned(),
            });
        }
        // Guarded before the schema is first read, and checked before anything is written
        // (the journal mode below can write the file): a refused file is left as it came.
        ws.guard()?;
        let found = ws.schema_version()?;
        let known = MIGRATIONS.len() as i64;
        if found > known {
            return Err(WorkspaceError::TooNew {
                path: path.to_owned(),
                found,
                known,
            });
        }
        if found < 0 {
            // Annexa never writes a negative version; one would skip the schema check and
            // every migration, and be stamped current on the first write.
            return Err(WorkspaceError::Tampered {
                path: path.to_owned(),
                what: format!("a schema version ({found}) that no Annexa writes"),
            });
        }
        check_schema(&ws.conn, &ws.path, found as usize)?;
        ws.configure()?;
        ws.migrate()?;
        if journal_left {
            ws.scrub_after_a_crash();
        }
        Ok(ws)
    }

    /// Re-checks the history's hash chain.
    pub fn verify_history(&self) -> Result<crate::store::history::HistoryCheck, WorkspaceError> {
        self.reading(|| crate::store::history::check(&self.conn))
    }

    /// Opens the workspace at `path`, creating it with `new` if no file is there yet.
    pub fn open_or_create(path: &Path, new: &NewWorkspace) -> Result<Workspace, WorkspaceError> {
        if path.exists() {
            Workspace::open(path)
        } else {
            Workspace::create(path, new)
        }
    }

    /// The connection, for reads by the core's other modules (writes go through `write`).
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The file this workspace lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The organisation the workspace belongs to.
    pub fn organisation(&self) -> Result<Organisation, WorkspaceError> {
        self.conn
            .query_row(
                "SELECT organisation, scope, target_date, created_at, catalogue_version
                 FROM workspace WHERE id = 1",
                [],
                |row| {
                    Ok(Organisation {
                        name: row.get(0)?,
                        scope: row.get(1)?,
                        target_date: row.get(2)?,
                        created_at: row.get(3)?,
                        catalogue_version: row.get(4)?,
                    })
                },
            )
            .optional()
            .map_err(|e| sqlite(&self.path, e))?
            .ok_or_else(|| WorkspaceError::NotAWorkspace {
                path: self.path.clone(),
            })
    }

    /// The schema version of the file (the number of migrations applied).
    pub fn schema_version(&self) -> Result<i64, WorkspaceError> {
        self.read_pragma("user_version")
    }

    /// Runs `change` in one IMMEDIATE transaction: all of it is written, or none of it.
    ///
    /// IMMEDIATE takes the write lock at the start, so two writers queue (up to the busy
    /// timeout) instead of one failing half-way with a lock upgrade error.
    pub fn write<T>(
        &mut self,
        change: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, WorkspaceError>,
    ) -> Result<T, WorkspaceError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sqlite(&path, e))?;
        let value = change(&tx)?;
        tx.commit().map_err(|e| sqlite(&path, e))?;
        Ok(value)
    }

    /// Runs `read` on one state of the file: its queries see no change another program commits
    /// meanwhile (that program's commit waits, within its busy timeout, until the read ends).
    /// Every public read made of several queries goes through here: the CLI reading while the
    /// window writes once listed a note its next query no longer found. Inside a write, or
    /// inside another read, it simply runs.
    pub fn reading<T, E: From<WorkspaceError>>(
        &self,
        read: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        if !self.conn.is_autocommit() {
            return read();
        }
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(|e| sqlite(&self.path, e))?;
        // Ended however `read` ends, a panic included: a read left open would hold the file's
        // shared lock and keep every other program from writing.
        struct End<'a>(&'a Connection);
        impl Drop for End<'_> {
            fn drop(&mut self) {
                if !self.0.is_autocommit() {
                    let _ = self.0.execute_batch("ROLLBACK");
                }
            }
        }
        let _end = End(&self.conn);
        read()
    }

    /// Makes the connection safe for a file from elsewhere (see `schema::guard`), and patient
    /// with another program's write.
    fn guard(&mut self) -> Result<(), WorkspaceError> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| sqlite(&self.path, e))?;
        guard(&self.conn).map_err(|e| sqlite(&self.path, e))
    }

    fn configure(&mut self) -> Result<(), WorkspaceError> {
        // A rollback journal, not WAL: evidence files are stored in the workspace, and WAL
        // writes every page twice (log, then checkpoint) while a rollback journal does not
        // journal pages appended past the old end of the file, so a 1 GiB attachment costs
        // about one `cp` instead of three (docs/benchmarks.md). Readers still never see a
        // half-written change; a reader that arrives during a long write waits (busy timeout)
        // and then gets a clear "busy" error. Switching an existing WAL file back needs the
        // file to ourselves; when another program has it open the mode simply stays as it is.
        // FULL sync is what keeps a rollback journal safe against power loss. Foreign keys
        // are off by default in SQLite and must be asked for on every connection. Secure
        // delete overwrites what a change removes with zeros, so removed evidence (a file
        // attached to the wrong client) leaves none of its bytes in the file's free pages;
        // `compact` then gives the space back.
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = DELETE; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;
                 PRAGMA secure_delete = ON;",
            )
            .map_err(|e| sqlite(&self.path, e))
    }

    fn initialise(&mut self, new: &NewWorkspace) -> Result<(), WorkspaceError> {
        let catalogue_version = Catalogue::bundled()
            .map(|c| c.version.clone())
            .map_err(|e| WorkspaceError::Invalid {
                message: e.to_string(),
            })?;
        let path = self.path.clone();
        // One transaction: a program that opens the file meanwhile finds it empty (not yet a
        // workspace) or complete, never marked as a workspace with no schema or no organisation.
        self.write(|tx| {
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(|e| sqlite(&path, e))?;
            apply_migrations(tx, &path, 0)?;
            tx.execute(
                &format!(
                    "INSERT INTO workspace (id, organisation, scope, target_date, created_at, catalogue_version)
                     VALUES (1, ?1, ?2, ?3, {NOW}, ?4)"
                ),
                (new.organisation.trim(), new.scope.trim(), &new.target_date, &catalogue_version),
            )
            .map_err(|e| sqlite(&path, e))?;
            Ok(())
        })
    }

    fn migrate(&mut self) -> Result<(), WorkspaceError> {
        let known = MIGRATIONS.len() as i64;
        let found = self.schema_version()?;
        if found > known {
            return Err(WorkspaceError::TooNew {
                path: self.path.clone(),
                found,
                known,
            });
        }
        if found == known {
            return Ok(());
        }
        if found > 0 {
            self.keep_copy(found)?;
        }
        let path = self.path.clone();
        self.write(|tx| {
            // Another program (the window and the CLI after an upgrade) may have migrated the
            // file since `found` was read: start from what this transaction sees, holding the
            // write lock, so no migration runs twice.
            let now: i64 = tx
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(|e| sqlite(&path, e))?;
            if now > known {
                return Err(WorkspaceError::TooNew {
                    path: path.clone(),
                    found: now,
                    known,
                });
            }
            let now = usize::try_from(now).map_err(|_| WorkspaceError::Tampered {
                path: path.clone(),
                what: format!("a schema version ({now}) that no Annexa writes"),
            })?;
            apply_migrations(tx, &path, now)
        })
    }

    /// The copies of this workspace kept before migrations (`NAME.annexa.schema-N.bak`):
    /// whatever is removed from the workspace afterwards is still in them.
    pub fn kept_copies(&self) -> Vec<PathBuf> {
        let Some(name) = self.path.file_name().and_then(|n| n.to_str()) else {
            return Vec::new();
        };
        let dir = self
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let prefix = format!("{name}.schema-");
        let mut copies: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".bak"))
            })
            .map(|e| e.path())
            .collect();
        copies.sort();
        copies
    }

    /// Copies the file aside before a migration changes it: `NAME.annexa.schema-N.bak`,
    /// written under a name of its own and then renamed, so two programs migrating at once
    /// (or a retry after a failed migration) leave one whole, current copy.
    fn keep_copy(&self, version: i64) -> Result<(), WorkspaceError> {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".schema-{version}.bak"));
        let backup = PathBuf::from(name);
        // A name no other program, nor another open in this one, is writing.
        static COPIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let copy = COPIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut partial = backup.as_os_str().to_owned();
        partial.push(format!(".{}-{copy}.partial", std::process::id()));
        let partial = PathBuf::from(partial);
        let _ = std::fs::remove_file(&partial);
        let escaped = partial.to_string_lossy().replace('\'', "''");
        // VACUUM INTO writes a consistent copy even when a WAL holds recent changes.
        self.conn
            .execute_batch(&format!("VACUUM INTO '{escaped}'"))
            .map_err(|e| sqlite(&backup, e))?;
        std::fs::rename(&partial, &backup).map_err(|source| {
            let _ = std::fs::remove_file(&partial);
            WorkspaceError::Io {
                path: backup.clone(),
                source,
            }
        })
    }

    fn read_pragma<T: rusqlite::types::FromSql>(&self, name: &str) -> Result<T, WorkspaceError> {
        self.conn
            .pragma_query_value(None, name, |row| row.get(0))
            .map_err(|e| sqlite(&self.path, e))
    }
}

/// Runs the migrations after the first `from` and records the schema version, in the
/// caller's transaction.
fn apply_migrations(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    from: usize,
) -> Result<(), WorkspaceError> {
    let known = MIGRATIONS.len() as i64;
    if from >= MIGRATIONS.len() {
        return Ok(());
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from) {
        tx.execute_batch(sql).map_err(|e| WorkspaceError::Sqlite {
            path: path.to_owned(),
            message: format!("migration {} failed: {e}", index + 1),
        })?;
        after_migration(index + 1, tx)?;
    }
    tx.pragma_update(None, "user_version", known)
        .map_err(|e| sqlite(path, e))
}

/// Where the app keeps the workspace it opens when none is chosen: the platform's per-user
/// data directory (`$XDG_DATA_HOME/annexa/default.annexa` on Linux).
/// Where a save dialog opens when nothing suggests a folder (no workspace open yet): the
/// user's documents folder (`XDG_DOCUMENTS_DIR`), else their home.
pub fn documents_dir() -> Option<PathBuf> {
    dirs::document_dir().or_else(dirs::home_dir)
}

pub fn default_path() -> Result<PathBuf, WorkspaceError> {
    dirs::data_dir()
        .map(|dir| dir.join("annexa").join(format!("default.{EXTENSION}")))
        .ok_or(WorkspaceError::NoDataDir)
}

fn validate_new(new: &NewWorkspace) -> Result<(), WorkspaceError> {
    if new.organisation.trim().is_empty() {
        return Err(WorkspaceError::Invalid {
            message: "the organisation's name must not be empty".to_owned(),
        });
    }
    if let Some(date) = &new.target_date
        && !is_iso_date(date)
    {
        return Err(WorkspaceError::Invalid {
            message: format!("target date {date:?} is not a date of the form YYYY-MM-DD"),
        });
    }
    Ok(())
}

/// Gives the finished workspace at `tmp` the name `path`, never replacing a file there: a
/// hard link fails when the name is taken (a file system without hard links gets a rename
/// after a last look). The folder is synced so the name survives a power cut.
fn publish(tmp: &Path, path: &Path) -> Result<(), WorkspaceError> {
    let io = |source| WorkspaceError::Io {
        path: path.to_owned(),
        source,
    };
    match std::fs::hard_link(tmp, path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(WorkspaceError::AlreadyExists {
                path: path.to_owned(),
            });
        }
        Err(_) if !path.exists() => std::fs::rename(tmp, path).map_err(io)?,
        Err(e) => return Err(io(e)),
    }
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// The rollback journal SQLite keeps beside a workspace during a change.
fn journal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-journal");
    PathBuf::from(name)
}

fn remove_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// How an error names the workspace: its path, or "the workspace" where the query that failed
/// ran deep in a domain that does not know the path (the message still makes a sentence).
fn named(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        "the workspace".to_owned()
    } else {
        path.display().to_string()
    }
}

pub(crate) fn sqlite(path: &Path, e: rusqlite::Error) -> WorkspaceError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => WorkspaceError::NotAWorkspace {
            path: path.to_owned(),
        },
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => WorkspaceError::Busy {
            path: path.to_owned(),
        },
        Some(ErrorCode::DiskFull) => WorkspaceError::DiskFull,
        Some(ErrorCode::CannotOpen) => WorkspaceError::CannotOpen {
            path: path.to_owned(),
        },
        Some(ErrorCode::ReadOnly) if extended_code(&e) == Some(SQLITE_READONLY_DBMOVED) => {
            WorkspaceError::Moved {
                path: path.to_owned(),
            }
        }
        Some(ErrorCode::OperationInterrupted) => WorkspaceError::Cancelled,
        _ => WorkspaceError::Sqlite {
            path: path.to_owned(),
            message: described(&e),
        },
    }
}

/// SQLite's message, and for an I/O error its extended code too (which of the file system's
/// operations failed), so that a report names it.
pub(crate) fn described(e: &rusqlite::Error) -> String {
    match (e.sqlite_error_code(), extended_code(e)) {
        (Some(ErrorCode::SystemIoFailure), Some(code)) => format!("{e} (SQLite I/O error {code})"),
        _ => e.to_string(),
    }
}

/// SQLite's extended code for a write refused because the file was renamed or deleted since
/// the connection opened it.
const SQLITE_READONLY_DBMOVED: i32 = 1032;

fn extended_code(e: &rusqlite::Error) -> Option<i32> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.extended_code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp() -> tempfile::TempDir {
        tempfile::tempdir().expect("temp dir")
    }

    #[test]
    fn migrations_are_valid_sql_in_order() {
        let conn = Connection::open_in_memory().expect("memory db");
        for (i, sql) in MIGRATIONS.iter().enumerate() {
            conn.execute_batch(sql)
                .unwrap_or_else(|e| panic!("migration {} fails: {e}", i + 1));
        }
    }

    /// The schema after all migrations, kept in `migrations/schema.sql` so that every schema
    /// change shows in review. Run with `UPDATE_SNAPSHOTS=1` to accept a change.
    #[test]
    fn schema_snapshot_is_current() {
        let dir = temp();
        let ws = Workspace::create(&dir.path().join("s.annexa"), &NewWorkspace::named("S"))
            .expect("create");
        let mut stmt = ws
            .conn
            .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY type, name")
            .expect("query");
        let schema: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("sql");
        let actual = format!("{};\n", schema.join(";\n\n"));
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations/schema.sql");
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&file, &actual).expect("write snapshot");
        }
        let expected = std::fs::read_to_string(&file).unwrap_or_default();
        assert_eq!(
            actual, expected,
            "schema changed; rerun with UPDATE_SNAPSHOTS=1 and review"
        );
    }

    #[test]
    fn create_then_open_reads_the_organisation_back() {
        let dir = temp();
        let path = dir.path().join("acme.annexa");
        let new = NewWorkspace {
            organisation: " Acme Ltd ".into(),
            scope: "All offices".into(),
            target_date: Some("2027-06-30".into()),
        };
        drop(Workspace::create(&path, &new).expect("create"));
        let ws = Workspace::open(&path).expect("open");
        let org = ws.organisation().expect("org");
        assert_eq!(org.name, "Acme Ltd");
        assert_eq!(org.scope, "All offices");
        assert_eq!(org.target_date.as_deref(), Some("2027-06-30"));
        assert_eq!(
            org.catalogue_version,
            Catalogue::bundled().expect("catalogue").version
        );
        assert_eq!(
            ws.schema_version().expect("version"),
            MIGRATIONS.len() as i64
        );
    }

    #[test]
    fn create_refuses_to_overwrite() {
        let dir = temp();
        let path = dir.path().join("x.annexa");
        std::fs::write(&path, b"precious").expect("write");
        let err = Workspace::create(&path, &NewWorkspace::named("X")).unwrap_err();
        assert!(matches!(err, WorkspaceError::AlreadyExists { .. }), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), b"precious");
    }

    #[test]
    fn bad_new_workspace_input_writes_nothing() {
        let dir = temp();
        let path = dir.path().join("x.annexa");
        for new in [
            NewWorkspace::named("  "),
            NewWorkspace {
                target_date: Some("2027-02-30".into()),
                ..NewWorkspace::named("X")
            },
            NewWorkspace {
                target_date: Some("30/06/2027".into()),
                ..NewWorkspace::named("X")
            },
        ] {
            let err = Workspace::create(&path, &new).unwrap_err();
            assert!(matches!(err, WorkspaceError::Invalid { .. }), "{err}");
            assert!(!path.exists());
        }
    }

    #[test]
    fn a_file_that_is_not_a_workspace_is_refused_and_left_alone() {
        let dir = temp();
        let text = dir.path().join("notes.annexa");
        std::fs::write(&text, b"this is not sqlite at all, just a text file .....").expect("write");
        let err = Workspace::open(&text).unwrap_err();
        assert!(matches!(err, WorkspaceError::NotAWorkspace { .. }), "{err}");
        assert_eq!(
            std::fs::read(&text).expect("read"),
            b"this is not sqlite at all, just a text file ....."
        );

        let other = dir.path().join("other.sqlite");
        Connection::open(&other)
            .and_then(|c| c.execute_batch("CREATE TABLE t(x)"))
            .expect("db");
        let before = std::fs::read(&other).expect("read");
        let err = Workspace::open(&other).unwrap_err();
        assert!(matches!(err, WorkspaceError::NotAWorkspace { .. }), "{err}");
        assert_eq!(std::fs::read(&other).expect("read"), before);
    }

    #[test]
    fn a_newer_workspace_is_refused_unchanged() {
        let dir = temp();
        let path = dir.path().join("new.annexa");
        drop(Workspace::create(&path, &NewWorkspace::named("N")).expect("create"));
        let future = MIGRATIONS.len() as i64 + 3;
        Connection::open(&path)
            .and_then(|c| c.pragma_update(None, "user_version", future))
            .expect("bump");
        let err = Workspace::open(&path).unwrap_err();
        assert!(
            matches!(err, WorkspaceError::TooNew { found, .. } if found == future),
            "{err}"
        );
        assert!(err.to_string().contains("newer version of Annexa"));
    }

    #[test]
    fn iso_dates() {
        for (input, ok) in [
            ("2026-11-22", true),
            ("2028-02-29", true),
            ("2027-02-29", false),
            ("2026-13-01", false),
            ("2026-1-01", false),
            ("26-11-2026", false),
            ("2026-11-2x", false),
        ] {
            assert_eq!(is_iso_date(input), ok, "{input}");
        }
    }

    #[test]
    fn default_path_is_in_the_data_dir() {
        let path = default_path().expect("data dir");
        assert!(
            path.ends_with("annexa/default.annexa"),
            "{}",
            path.display()
        );
    }
}

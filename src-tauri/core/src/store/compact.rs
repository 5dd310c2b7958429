//! The workspace's free pages: scrubbed after a change that wrote content and then rolled
//! back, and given back by compacting.
//!
//! Secure delete zeroes what a committed change removes, but a change that rolls back (a
//! store stopped half-way, a full disk) can leave what it wrote in free pages: SQLite does not
//! journal a free page it reuses, since its old content does not matter, so the rollback does
//! not put the zeros back. [`Workspace::scrub_free_pages`] overwrites them.
//!
//! Compacting: after large removals the file keeps its size, its freed pages zeroed but still
//! there. `VACUUM INTO` writes a fresh copy of only what is
//! in use beside the file, which then replaces it by a rename, so the file is never half
//! compacted: a crash leaves the old file or the new one, and at most a temporary copy that
//! the next compact removes.
//!
//! While it runs, a second connection holds the write lock, so no other program's change is
//! copied half or left out; one that was waiting for the lock finds, once it gets it, that
//! the file it opened was replaced, and SQLite refuses its write (`SQLITE_READONLY_DBMOVED`,
//! which `sqlite()` turns into "open it again") instead of writing into the old copy.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::{BUSY_TIMEOUT, Workspace, WorkspaceError, schema, sqlite};

/// What compacting did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compacted {
    /// The file's size before and after, in bytes.
    pub before: u64,
    pub after: u64,
}

/// How far a compact is: bytes of the new file written, of about how many.
pub type OnCompactProgress<'a> = &'a mut dyn FnMut(u64, u64) -> ControlFlow<()>;

/// How often the copy's progress is looked at.
const TICK: Duration = Duration::from_millis(100);

/// The temporary copy's name beside the workspace: `NAME.annexa.compacting`.
pub fn compacting_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".compacting");
    PathBuf::from(name)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> WorkspaceError + '_ {
    move |source| WorkspaceError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A connection to `path` made safe like the workspace's own.
fn connect(path: &Path) -> Result<Connection, WorkspaceError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| sqlite(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| sqlite(path, e))?;
    schema::guard(&conn).map_err(|e| sqlite(path, e))?;
    Ok(conn)
}

impl Workspace {
    /// Overwrites every free page with zeros, in one transaction: a table holding as many
    /// zero bytes as the free pages can take is made and dropped again, so the schema is as
    /// before when it commits. Costs a write of the free space; nothing when there is none.
    pub fn scrub_free_pages(&mut self) -> Result<(), WorkspaceError> {
        let free: i64 = self.read_pragma("freelist_count")?;
        if free == 0 {
            return Ok(());
        }
        let page_size: i64 = self.read_pragma("page_size")?;
        self.write(|tx| {
            tx.execute_batch(&format!(
                "CREATE TABLE annexa_scrub (zeros BLOB);
                 INSERT INTO annexa_scrub VALUES (zeroblob({}));
                 DROP TABLE annexa_scrub;",
                free * page_size
            ))
            .map_err(super::db)
        })
    }

    /// Scrubs after a journal was found at open, without waiting: when another program holds
    /// the write lock, the journal was its own (a change under way, not a crash), and there is
    /// nothing to scrub.
    pub(super) fn scrub_after_a_crash(&mut self) {
        if self.conn.busy_timeout(Duration::ZERO).is_ok() {
            let _ = self.scrub_free_pages();
            let _ = self.conn.busy_timeout(BUSY_TIMEOUT);
        }
    }

    /// Rewrites the workspace without its free pages and replaces the file, reporting the
    /// bytes written as it goes; `Break` from `on_progress` stops it and leaves the file as it
    /// was. The workspace is open on the new file afterwards.
    pub fn compact(
        &mut self,
        on_progress: OnCompactProgress<'_>,
    ) -> Result<Compacted, WorkspaceError> {
        let path = self.path.clone();
        let before = std::fs::metadata(&path).map_err(io(&path))?.len();
        let tmp = compacting_path(&path);
        // A copy left by a compact that was killed is incomplete by definition.
        let _ = std::fs::remove_file(&tmp);
        let page_size: i64 = self.read_pragma("page_size")?;
        let pages: i64 = self.read_pragma("page_count")?;
        let free: i64 = self.read_pragma("freelist_count")?;
        let expected = u64::try_from((pages - free).max(1) * page_size).unwrap_or(u64::MAX);

        // The write lock, held by a connection of its own until the copy has replaced the
        // file: readers go on, writers wait.
        let mut holder = connect(&path)?;
        let lock = holder
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sqlite(&path, e))?;
        let copied = copy_without_free_pages(&path, &tmp, expected, on_progress);
        let replaced = copied.and_then(|()| {
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(io(&tmp))?;
            check_copy(&tmp)?;
            // The copy is new: it takes the file's permissions, so a workspace kept private
            // stays private.
            let permissions = std::fs::metadata(&path).map_err(io(&path))?.permissions();
            std::fs::set_permissions(&tmp, permissions).map_err(io(&tmp))?;
            std::fs::rename(&tmp, &path).map_err(io(&path))?;
            sync_folder(&path);
            Ok(())
        });
        drop(lock);
        drop(holder);
        if let Err(e) = replaced {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        *self = Workspace::open(&path)?;
        let after = std::fs::metadata(&path).map_err(io(&path))?.len();
        Ok(Compacted { before, after })
    }
}

/// `VACUUM INTO` on a connection of its own, in a thread, while this one reports the copy's
/// size and stops it (SQLite's interrupt) when asked to.
fn copy_without_free_pages(
    path: &Path,
    tmp: &Path,
    expected: u64,
    on_progress: OnCompactProgress<'_>,
) -> Result<(), WorkspaceError> {
    let conn = connect(path)?;
    let interrupt = conn.get_interrupt_handle();
    let escaped = tmp.to_string_lossy().replace('\'', "''");
    let mut stopped = false;
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(move || conn.execute_batch(&format!("VACUUM INTO '{escaped}'")));
        while !worker.is_finished() {
            let written = std::fs::metadata(tmp).map(|m| m.len()).unwrap_or(0);
            if !stopped && on_progress(written.min(expected), expected).is_break() {
                stopped = true;
                interrupt.interrupt();
            }
            std::thread::park_timeout(TICK);
        }
        worker.join()
    });
    if stopped {
        return Err(WorkspaceError::Cancelled);
    }
    match result {
        Ok(Ok(())) => {
            let _ = on_progress(expected, expected);
            Ok(())
        }
        Ok(Err(e)) => Err(sqlite(path, e)),
        Err(_) => Err(WorkspaceError::Unknown {
            message: "the compacting thread stopped unexpectedly".into(),
        }),
    }
}

/// The copy must be a whole workspace before it replaces the file.
fn check_copy(tmp: &Path) -> Result<(), WorkspaceError> {
    let conn = connect(tmp)?;
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| sqlite(tmp, e))?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| sqlite(tmp, e))?;
    if verdict != "ok" || app_id != super::APPLICATION_ID {
        return Err(WorkspaceError::Unknown {
            message: format!(
                "the compacted copy did not check out ({verdict}); the workspace was not changed"
            ),
        });
    }
    Ok(())
}

/// Makes the rename durable: the folder's entry is what changed.
fn sync_folder(path: &Path) {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
}

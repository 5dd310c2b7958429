//! Storing files: each is read, hashed and written to the workspace as chunk rows in one
//! pass (three threads and a fixed pool of buffers), and refused whole if it is not a plain
//! file, changes while it is read, or the disk fills up.

use super::records::{NewEvidence, insert_evidence, insert_version, title_from_name};
use super::*;

/// Opens a file for storing, refusing what is not a plain regular file.
fn open_regular(path: &Path) -> Result<(File, Metadata, String), EvidenceError> {
    let link = std::fs::symlink_metadata(path).map_err(|e| EvidenceError::unreadable(path, e))?;
    if link.file_type().is_symlink() {
        let target = std::fs::read_link(path).unwrap_or_default();
        return Err(EvidenceError::Symlink {
            path: path.to_owned(),
            target,
        });
    }
    if link.is_dir() {
        return Err(EvidenceError::Directory {
            path: path.to_owned(),
        });
    }
    if !link.is_file() {
        return Err(EvidenceError::NotAFile {
            path: path.to_owned(),
        });
    }
    let name = path
        .file_name()
        .ok_or_else(|| EvidenceError::NotAFile {
            path: path.to_owned(),
        })?
        .to_str()
        .ok_or_else(|| EvidenceError::NotUtf8 {
            path: path.to_owned(),
        })?
        .to_owned();
    let file = File::open(path).map_err(|e| EvidenceError::unreadable(path, e))?;
    let meta = file
        .metadata()
        .map_err(|e| EvidenceError::unreadable(path, e))?;
    if !same_file(&link, &meta) {
        return Err(EvidenceError::Changed {
            path: path.to_owned(),
        });
    }
    Ok((file, meta, name))
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

/// True when nothing about the file suggests its content changed between two looks.
fn unchanged(before: &Metadata, after: &Metadata) -> bool {
    same_file(before, after)
        && before.len() == after.len()
        && before.modified().ok() == after.modified().ok()
}

/// Reads until `buf` is full or the file ends; returns how much was read.
fn fill(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Streams one file into the content store inside `tx`; returns the content's id, hash and
/// size. Content already stored under the same hash is reused and the new copy dropped.
fn store_file(
    tx: &Transaction<'_>,
    path: &Path,
    progress: &mut Progress,
    on_progress: OnProgress<'_>,
) -> Result<(i64, String, u64, String), EvidenceError> {
    let (file, before, name) = open_regular(path)?;
    let content_id: i64 = tx
        .query_row("SELECT coalesce(max(id), 0) + 1 FROM content", [], |r| {
            r.get(0)
        })
        .map_err(db)?;
    tx.execute_batch("SAVEPOINT store_file").map_err(db)?;
    let result = (|| {
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO content_chunk (content_id, seq, data) VALUES (?1, ?2, zeroblob(?3))",
            )
            .map_err(db)?;
        // Each chunk row is made at its final size and then filled through SQLite's
        // incremental blob I/O, which copies the bytes straight into the pages; binding the
        // chunk as a parameter would copy it twice more (rusqlite binds blobs as transient).
        let mut blob: Option<rusqlite::blob::Blob<'_>> = None;
        // A three-stage pipeline: one thread reads, one hashes, this one writes to SQLite
        // (which cannot leave the thread that owns the transaction). SHA-256 is the slowest
        // stage and now costs no time of its own. Buffers circulate through a fixed pool, so
        // memory stays at POOL chunks whatever the file's size.
        const POOL: usize = 6;
        let (pool_tx, pool) = std::sync::mpsc::sync_channel::<Vec<u8>>(POOL);
        for _ in 0..POOL {
            let _ = pool_tx.send(vec![0u8; CHUNK_SIZE]);
        }
        let (read_tx, read) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(POOL);
        let (chunks_tx, chunks) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(POOL);
        std::thread::scope(|scope| {
            let reader = scope.spawn(move || {
                let mut file = file;
                // Ends when the file ends, on an error, or when the writer hangs up.
                while let Ok(mut buf) = pool.recv() {
                    buf.resize(CHUNK_SIZE, 0);
                    match fill(&mut file, &mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            buf.truncate(n);
                            if read_tx.send(Ok(buf)).is_err() {
                                break;
                            }
                        }
                        Err(e) => {
                            let _ = read_tx.send(Err(e));
                            break;
                        }
                    }
                }
                file
            });
            let hasher = scope.spawn(move || {
                let mut hasher = Sha256::new();
                for chunk in read.iter() {
                    if let Ok(buf) = &chunk {
                        hasher.update(buf);
                    }
                    if chunks_tx.send(chunk).is_err() {
                        break;
                    }
                }
                hasher.finalize()
            });
            let mut size: u64 = 0;
            let mut seq: i64 = 0;
            let mut outcome = Ok(());
            for chunk in chunks.iter() {
                let step = (|| {
                    let buf = chunk.map_err(|e| EvidenceError::unreadable(path, e))?;
                    insert
                        .execute(params![content_id, seq, buf.len() as i64])
                        .map_err(db)?;
                    let row = tx.last_insert_rowid();
                    match blob.as_mut() {
                        Some(open) => open.reopen(row).map_err(db)?,
                        None => {
                            blob = Some(
                                tx.blob_open(
                                    rusqlite::MAIN_DB,
                                    c"content_chunk",
                                    c"data",
                                    row,
                                    false,
                                )
                                .map_err(db)?,
                            );
                        }
                    }
                    if let Some(open) = blob.as_mut() {
                        open.write_at(&buf, 0).map_err(db)?;
                    }
                    size += buf.len() as u64;
                    seq += 1;
                    progress.bytes_done += buf.len() as u64;
                    let _ = pool_tx.send(buf);
                    if size > before.len() {
                        return Err(EvidenceError::Changed {
                            path: path.to_owned(),
                        });
                    }
                    if on_progress(progress).is_break() {
                        return Err(EvidenceError::Cancelled);
                    }
                    Ok(())
                })();
                if step.is_err() {
                    outcome = step;
                    break;
                }
            }
            // Hanging up makes the reader and hasher give up if they are still going.
            drop(chunks);
            drop(pool_tx);
            let digest = hasher
                .join()
                .map_err(|_| invalid("the file hasher stopped unexpectedly"))?;
            let file = reader
                .join()
                .map_err(|_| invalid("the file reader stopped unexpectedly"))?;
            outcome?;
            // Checked here, after the last progress report, so that nothing that happened to
            // the file while it was being stored goes unnoticed.
            let after = file
                .metadata()
                .map_err(|e| EvidenceError::unreadable(path, e))?;
            if size != before.len() || !unchanged(&before, &after) {
                return Err(EvidenceError::Changed {
                    path: path.to_owned(),
                });
            }
            match std::fs::symlink_metadata(path) {
                Ok(now) if same_file(&before, &now) => {}
                Ok(_) => {
                    return Err(EvidenceError::Changed {
                        path: path.to_owned(),
                    });
                }
                Err(_) => {
                    return Err(EvidenceError::Vanished {
                        path: path.to_owned(),
                    });
                }
            }
            Ok((hex_digest(&digest), size))
        })
    })();
    let (sha, size) = match result {
        Ok(v) => v,
        Err(e) => {
            // Undo the chunks of this file only; the caller rolls back the rest.
            let _ = tx.execute_batch("ROLLBACK TO store_file; RELEASE store_file");
            return Err(e);
        }
    };
    let existing: Option<i64> = tx
        .query_row("SELECT id FROM content WHERE sha256 = ?1", [&sha], |r| {
            r.get(0)
        })
        .optional()
        .map_err(db)?;
    if let Some(existing) = existing {
        tx.execute_batch("ROLLBACK TO store_file; RELEASE store_file")
            .map_err(db)?;
        return Ok((existing, sha, size, name));
    }
    tx.execute(
        &format!("INSERT INTO content (id, sha256, size, stored_at) VALUES (?1, ?2, ?3, {NOW})"),
        params![content_id, sha, size as i64],
    )
    .map_err(db)?;
    tx.execute_batch("RELEASE store_file").map_err(db)?;
    Ok((content_id, sha, size, name))
}

impl Workspace {
    /// Runs a change that stores file content. When it fails or is stopped, what it wrote is
    /// rolled back, but pieces of the file can stay in free pages it reused (SQLite does not
    /// journal those); they are zeroed before the error is returned, so a file attached by
    /// mistake and cancelled leaves nothing behind.
    fn storing<T>(
        &mut self,
        change: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, EvidenceError>,
    ) -> Result<T, EvidenceError> {
        let result = self.write_evidence(change);
        if result.is_err() {
            // Best effort: the change's own error is the one to report.
            let _ = self.scrub_free_pages();
        }
        result
    }

    /// Stores files as new evidence, all in one transaction: either every file is added or
    /// none is. Returns the new evidence ids, in the order given.
    pub fn add_files(
        &mut self,
        files: &[FileToAdd],
        actor: &str,
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<i64>, EvidenceError> {
        Ok(self.import_files(files, actor, true, on_progress)?.added)
    }

    /// Stores files as new evidence in one transaction, like [`Workspace::add_files`], but
    /// unless `again` a file whose content is already the current version of an item that
    /// proves exactly the same controls and clauses is skipped and reported, so that running an
    /// import twice does not store everything twice.
    pub fn import_files(
        &mut self,
        files: &[FileToAdd],
        actor: &str,
        again: bool,
        on_progress: OnProgress<'_>,
    ) -> Result<Imported, EvidenceError> {
        let mut progress = Progress {
            files_done: 0,
            files_total: files.len() as u64,
            bytes_done: 0,
            bytes_total: 0,
            current: String::new(),
        };
        let mut checked = Vec::with_capacity(files.len());
        for f in files {
            check_meta(&f.meta)?;
            let targets = check_targets(&f.targets)?;
            if let Some(t) = &f.meta.title {
                check_title(t)?;
            }
            // Refuse bad paths before anything is written, and size the progress bar.
            let (_, meta, _) = open_regular(&f.path)?;
            progress.bytes_total += meta.len();
            checked.push(targets);
        }
        self.storing(|tx| {
            let mut ids = Vec::with_capacity(files.len());
            let mut skipped = Vec::new();
            for (f, targets) in files.iter().zip(&checked) {
                progress.current = f.path.display().to_string();
                let (content_id, _, _, name) = store_file(tx, &f.path, &mut progress, on_progress)?;
                if !again && let Some(existing) = already_stored(tx, content_id, targets)? {
                    skipped.push((f.path.clone(), existing));
                    progress.files_done += 1;
                    if on_progress(&progress).is_break() {
                        return Err(EvidenceError::Cancelled);
                    }
                    continue;
                }
                let title = check_title(
                    &f.meta
                        .title
                        .clone()
                        .unwrap_or_else(|| title_from_name(&name)),
                )?;
                ids.push(insert_evidence(
                    tx,
                    actor,
                    &NewEvidence {
                        kind: EvidenceKind::File,
                        title,
                        meta: &f.meta,
                        targets,
                        content_id: Some(content_id),
                        file_name: Some(&name),
                        url: None,
                        body: "",
                    },
                )?);
                progress.files_done += 1;
                if on_progress(&progress).is_break() {
                    return Err(EvidenceError::Cancelled);
                }
            }
            Ok(Imported {
                added: ids,
                skipped,
            })
        })
    }

    /// Stores a new version of a file evidence; the earlier versions are kept. The status goes
    /// back to `draft` (new content has not been reviewed) unless `status` says otherwise.
    pub fn add_version(
        &mut self,
        id: i64,
        path: &Path,
        status: Option<EvidenceStatus>,
        actor: &str,
        on_progress: OnProgress<'_>,
    ) -> Result<Evidence, EvidenceError> {
        // Checked now, for a clear error before any bytes are read, and again in the
        // transaction, which numbers the version from what it reads.
        let before = self.evidence(id)?;
        if before.kind != EvidenceKind::File {
            return Err(invalid(format!(
                "evidence #{id} is a {}, not a file; only files have versions",
                before.kind
            ))
            .into());
        }
        let (_, meta, _) = open_regular(path)?;
        let mut progress = Progress {
            files_done: 0,
            files_total: 1,
            bytes_done: 0,
            bytes_total: meta.len(),
            current: path.display().to_string(),
        };
        self.storing(|tx| {
            let before = super::records::read_evidence(tx, id)?;
            let version = before.current().version + 1;
            let (content_id, sha, _, name) = store_file(tx, path, &mut progress, on_progress)?;
            insert_version(
                tx,
                actor,
                id,
                i64::from(version),
                Some(content_id),
                Some(&name),
                None,
                "",
            )?;
            let status = status.unwrap_or(EvidenceStatus::Draft);
            tx.execute(
                &format!("UPDATE evidence SET status = ?2, updated_at = {NOW} WHERE id = ?1"),
                params![id, status.as_str()],
            )
            .map_err(db)?;
            record(
                tx,
                actor,
                "evidence",
                &id.to_string(),
                "version",
                Some(&before.current().version.to_string()),
                Some(&format!("{version} ({name}, sha256 {sha})")),
            )?;
            record(
                tx,
                actor,
                "evidence",
                &id.to_string(),
                "status",
                Some(before.status.as_str()),
                Some(status.as_str()),
            )?;
            Ok(())
        })?;
        Ok(self.evidence(id)?)
    }
}

/// What an import did: the new evidence ids, and each file skipped because it is already the
/// current version of an item proving the same controls and clauses (with that item's id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub added: Vec<i64>,
    pub skipped: Vec<(PathBuf, i64)>,
}

/// The item whose current version holds `content_id` and that proves exactly `targets`.
fn already_stored(
    tx: &Transaction<'_>,
    content_id: i64,
    targets: &[Target],
) -> Result<Option<i64>, EvidenceError> {
    let mut stmt = tx
        .prepare(
            "SELECT v.evidence_id FROM evidence_version v
             WHERE v.content_id = ?1 AND v.version =
                 (SELECT max(version) FROM evidence_version WHERE evidence_id = v.evidence_id)
             ORDER BY v.evidence_id",
        )
        .map_err(db)?;
    let candidates: Vec<i64> = stmt
        .query_map([content_id], |r| r.get(0))
        .map_err(db)?
        .collect::<Result<_, _>>()
        .map_err(db)?;
    let mut wanted: Vec<&Target> = targets.iter().collect();
    wanted.sort();
    wanted.dedup();
    for id in candidates {
        let mut stmt = tx
            .prepare("SELECT target_kind, target_id FROM evidence_target WHERE evidence_id = ?1")
            .map_err(db)?;
        let mut have: Vec<Target> = stmt
            .query_map([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(db)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(db)?
            .iter()
            .filter_map(|(k, t)| Target::from_row(k, t))
            .collect();
        have.sort();
        have.dedup();
        if have.iter().collect::<Vec<_>>() == wanted {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

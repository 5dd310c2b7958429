//! Stored content going out again: exported, copied, previewed and re-verified, always
//! streamed through SHA-256 and refused when it no longer matches.

use super::*;

impl Workspace {
    /// Writes the content of a version (the current one when `version` is `None`) to `dest`:
    /// a file path, or an existing folder where the stored file name is used. Writes to a
    /// temporary file beside the destination and renames it at the end, so an interrupted
    /// export never leaves a partial file under the final name. Returns the path written.
    pub fn export_evidence(
        &self,
        id: i64,
        version: Option<u32>,
        dest: &Path,
    ) -> Result<PathBuf, EvidenceError> {
        self.reading(|| {
            let e = self.evidence(id)?;
            let v = match version {
                None => e.current(),
                Some(n) => e
                    .versions
                    .iter()
                    .find(|v| v.version == n)
                    .ok_or_else(|| unknown(format!("evidence #{id} has no version {n}")))?,
            };
            let (Some(name), Some(sha)) = (&v.file_name, &v.sha256) else {
                return Err(invalid(format!(
                    "evidence #{id} is a {}, not a file; there is nothing to export",
                    e.kind
                ))
                .into());
            };
            let target = if dest.is_dir() {
                dest.join(safe_file_name(name))
            } else {
                dest.to_owned()
            };
            if target.exists() {
                return Err(EvidenceError::DestinationExists { path: target });
            }
            let dir = target
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let write_err = |source| EvidenceError::Write {
                path: target.clone(),
                source,
            };
            let mut tmp = tempfile::Builder::new()
                .prefix(".annexa-export-")
                .tempfile_in(dir)
                .map_err(write_err)?;
            self.copy_content(sha, tmp.as_file_mut())?;
            tmp.as_file().sync_all().map_err(write_err)?;
            tmp.persist_noclobber(&target)
                .map_err(|e| write_err(e.error))?;
            Ok(target)
        })
    }

    /// Streams the stored bytes of the content with hash `sha256` into `out`, checking them
    /// against the hash on the way.
    pub fn copy_content(&self, sha256: &str, out: &mut dyn Write) -> Result<u64, EvidenceError> {
        self.reading(|| {
            let (content_id, size): (i64, i64) = self
                .connection()
                .query_row(
                    "SELECT id, size FROM content WHERE sha256 = ?1",
                    [sha256],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(db)?
                .ok_or_else(|| unknown(format!("no stored content with SHA-256 {sha256}")))?;
            let mut hasher = Sha256::new();
            let mut written = 0u64;
            self.each_chunk(content_id, &mut |chunk| {
                hasher.update(chunk);
                written += chunk.len() as u64;
                out.write_all(chunk).map_err(|source| EvidenceError::Write {
                    path: PathBuf::from("(output)"),
                    source,
                })
            })?;
            let actual = hex_digest(&hasher.finalize());
            if actual != sha256 || i64::try_from(written) != Ok(size) {
                return Err(EvidenceError::Damaged {
                    message: format!(
                        "the stored content {sha256} is damaged (recorded as {size} bytes, it now \
                     reads as {actual}, {written} bytes); run `annexa evidence verify`"
                    ),
                });
            }
            Ok(written)
        })
    }

    /// The size and media type of the stored content with hash `sha256` (the media type of
    /// the first file stored with it), or `None` when no such content is stored.
    /// The media type under which some current evidence version holds this content; `None`
    /// when no evidence uses it (content of removed evidence is never served).
    pub fn evidence_media_type(&self, sha256: &str) -> Result<Option<String>, WorkspaceError> {
        self.connection()
            .query_row(
                "SELECT v.media_type FROM content c JOIN evidence_version v ON v.content_id = c.id
                 WHERE c.sha256 = ?1 ORDER BY v.evidence_id, v.version LIMIT 1",
                [sha256],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()
            .map(|m| m.map(|m| m.unwrap_or_else(|| "application/octet-stream".to_owned())))
            .map_err(db)
    }

    pub fn content_info(&self, sha256: &str) -> Result<Option<(u64, String)>, WorkspaceError> {
        self.connection()
            .query_row(
                "SELECT c.size, coalesce(v.media_type, 'application/octet-stream')
                 FROM content c LEFT JOIN evidence_version v ON v.content_id = c.id
                 WHERE c.sha256 = ?1 ORDER BY v.evidence_id, v.version LIMIT 1",
                [sha256],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)),
            )
            .optional()
            .map_err(db)
    }

    /// Calls `f` with each chunk of the content with hash `sha256`, in order; the caller checks
    /// the hash.
    pub(crate) fn each_chunk_of(
        &self,
        sha256: &str,
        f: &mut dyn FnMut(&[u8]) -> Result<(), EvidenceError>,
    ) -> Result<(), EvidenceError> {
        let content_id: i64 = self
            .connection()
            .query_row("SELECT id FROM content WHERE sha256 = ?1", [sha256], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db)?
            .ok_or_else(|| unknown(format!("no stored content with SHA-256 {sha256}")))?;
        self.each_chunk(content_id, f)
    }

    /// Calls `f` with each chunk of a content, in order, holding one chunk in memory at a time.
    fn each_chunk(
        &self,
        content_id: i64,
        f: &mut dyn FnMut(&[u8]) -> Result<(), EvidenceError>,
    ) -> Result<(), EvidenceError> {
        let mut stmt = self
            .connection()
            .prepare_cached("SELECT data FROM content_chunk WHERE content_id = ?1 AND seq = ?2")
            .map_err(db)?;
        let mut seq = 0i64;
        loop {
            let mut rows = stmt.query(params![content_id, seq]).map_err(db)?;
            let Some(row) = rows.next().map_err(db)? else {
                break;
            };
            let data = row.get_ref(0).map_err(db)?.as_blob().map_err(|e| {
                invalid(format!(
                    "stored chunk {seq} of content {content_id} is not bytes: {e}"
                ))
            })?;
            f(data)?;
            seq += 1;
        }
        Ok(())
    }

    /// Re-reads every stored content, recomputes its SHA-256 and size, and names each piece of
    /// evidence whose bytes no longer match.
    pub fn verify_evidence(
        &self,
        on_progress: OnProgress<'_>,
    ) -> Result<VerifyReport, EvidenceError> {
        self.reading(|| {
            let contents: Vec<(i64, String, i64)> = {
                let mut stmt = self
                    .connection()
                    .prepare("SELECT id, sha256, size FROM content ORDER BY id")
                    .map_err(db)?;
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .map_err(db)?
                    .collect::<Result<_, _>>()
                    .map_err(db)?
            };
            let mut progress = Progress {
                files_done: 0,
                files_total: contents.len() as u64,
                bytes_done: 0,
                // Sizes come from the file, which may have been edited: no overflow, no negative.
                bytes_total: contents
                    .iter()
                    .fold(0u64, |sum, c| sum.saturating_add(c.2.max(0) as u64)),
                current: String::new(),
            };
            let mut report = VerifyReport::default();
            for (id, sha, size) in contents {
                progress.current = sha.clone();
                let mut hasher = Sha256::new();
                let mut actual_size = 0u64;
                let mut cancelled = false;
                self.each_chunk(id, &mut |chunk| {
                    hasher.update(chunk);
                    actual_size += chunk.len() as u64;
                    progress.bytes_done = progress.bytes_done.saturating_add(chunk.len() as u64);
                    cancelled = on_progress(&progress).is_break();
                    if cancelled {
                        Err(EvidenceError::Cancelled)
                    } else {
                        Ok(())
                    }
                })?;
                let actual = hex_digest(&hasher.finalize());
                report.contents += 1;
                report.bytes = report.bytes.saturating_add(actual_size);
                if actual != sha || actual_size != size as u64 {
                    report.problems.push(IntegrityProblem {
                        used_by: self.users_of(id)?,
                        sha256: sha,
                        expected_size: size as u64,
                        actual_sha256: actual,
                        actual_size,
                    });
                }
                progress.files_done += 1;
            }
            Ok(report)
        })
    }

    fn users_of(&self, content_id: i64) -> Result<Vec<String>, WorkspaceError> {
        let mut stmt = self
            .connection()
            .prepare(
                "SELECT e.id, v.version, e.title, v.file_name FROM evidence_version v
                 JOIN evidence e ON e.id = v.evidence_id
                 WHERE v.content_id = ?1 ORDER BY e.id, v.version",
            )
            .map_err(db)?;
        let rows = stmt
            .query_map([content_id], |r| {
                Ok(format!(
                    "evidence #{} v{} {:?} ({})",
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?
                ))
            })
            .map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)
    }
}

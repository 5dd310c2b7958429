//! Writing the zip: entries in a fixed order and dated from the state, stored evidence
//! re-hashed in a second thread while it is zipped, through a temporary file renamed only
//! when complete.

use super::*;

pub(super) fn zip_time(created: &str) -> Result<zip::DateTime, WorkspaceError> {
    let n = |a: usize, b: usize| created[a..b].parse::<u16>().unwrap_or(0);
    zip::DateTime::from_date_and_time(
        n(0, 4),
        n(5, 7) as u8,
        n(8, 10) as u8,
        n(11, 13) as u8,
        n(14, 16) as u8,
        n(17, 19) as u8,
    )
    .map_err(|_| WorkspaceError::Invalid {
        message: format!("{created} cannot be written as a zip time"),
    })
}

/// Already-compressed formats are stored as they are; deflating them costs time for nothing.
pub fn is_compressed(path: &str) -> bool {
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "pdf"
            | "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "webp"
            | "heic"
            | "avif"
            | "zip"
            | "gz"
            | "tgz"
            | "bz2"
            | "xz"
            | "zst"
            | "7z"
            | "rar"
            | "docx"
            | "xlsx"
            | "pptx"
            | "odt"
            | "ods"
            | "odp"
            | "epub"
            | "jar"
            | "mp4"
            | "m4v"
            | "mov"
            | "mkv"
            | "webm"
            | "avi"
            | "mp3"
            | "m4a"
            | "aac"
            | "ogg"
            | "opus"
            | "flac"
            | "msg"
            | "pst"
    )
}

/// The entries a manifest cannot list: itself, its digest, and in a signed pack its signature
/// and the key that made it.
pub(super) const OUTSIDE_THE_MANIFEST: [&str; 4] = [
    "manifest.json",
    "manifest.sha256",
    sign::SIGNATURE_ENTRY,
    sign::SIGNER_ENTRY,
];

/// Above this size an entry gets ZIP64 fields (deflate may grow incompressible data a little).
const LARGE_ENTRY: u64 = 0xF000_0000;

/// Why writing one entry failed, before the destination is known to the message.
enum WriteFailure {
    Io(io::Error),
    Evidence(EvidenceError),
    Cancelled,
}

impl WriteFailure {
    fn at(self, dest: &Path) -> PackError {
        match self {
            WriteFailure::Io(source) => PackError::Write {
                path: dest.to_owned(),
                source,
            },
            WriteFailure::Evidence(e) => PackError::Evidence(e),
            WriteFailure::Cancelled => PackError::Cancelled,
        }
    }
}

impl From<zip::result::ZipError> for WriteFailure {
    fn from(e: zip::result::ZipError) -> Self {
        match e {
            zip::result::ZipError::Io(e) => WriteFailure::Io(e),
            other => WriteFailure::Io(io::Error::other(other)),
        }
    }
}

impl From<io::Error> for WriteFailure {
    fn from(e: io::Error) -> Self {
        WriteFailure::Io(e)
    }
}

pub(super) struct PackWriter<W: Write + Seek> {
    pub(super) zip: ZipWriter<W>,
    time: zip::DateTime,
    files: Vec<ManifestFile>,
}

impl<W: Write + Seek> PackWriter<W> {
    pub(super) fn new(out: W, time: zip::DateTime) -> Self {
        PackWriter {
            zip: ZipWriter::new(out),
            time,
            files: Vec::new(),
        }
    }

    pub(super) fn options(&self, path: &str, size: u64) -> SimpleFileOptions {
        let method = if is_compressed(path) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        // Level 1: on ordinary text it deflates about six times faster than the default level
        // 6 for about a third more bytes (measured in tests/bench/pack.sh); evidence packs are
        // mostly already-compressed files, so the time matters more than the last ratio.
        SimpleFileOptions::default()
            .compression_method(method)
            .compression_level((method == CompressionMethod::Deflated).then_some(1))
            .last_modified_time(self.time)
            .unix_permissions(0o644)
            .large_file(size >= LARGE_ENTRY)
    }

    fn add_bytes(&mut self, path: &str, bytes: &[u8]) -> Result<(), WriteFailure> {
        let options = self.options(path, bytes.len() as u64);
        self.zip.start_file(path, options)?;
        self.zip.write_all(bytes)?;
        if !OUTSIDE_THE_MANIFEST.contains(&path) {
            self.files.push(ManifestFile {
                path: path.to_owned(),
                size: bytes.len() as u64,
                sha256: crate::evidence::sha256_hex(bytes),
            });
        }
        Ok(())
    }

    /// Streams stored evidence into the zip while another thread re-hashes it, so that a pack
    /// never carries content that no longer matches the hash it is listed under.
    fn add_content(
        &mut self,
        ws: &Workspace,
        path: &str,
        sha256: &str,
        size: u64,
        progress: &mut Progress,
        on_progress: OnProgress<'_>,
    ) -> Result<(), WriteFailure> {
        let options = self.options(path, size);
        self.zip.start_file(path, options)?;
        const POOL: usize = 4;
        let (pool_tx, pool) = mpsc::sync_channel::<Vec<u8>>(POOL);
        for _ in 0..POOL {
            let _ = pool_tx.send(Vec::with_capacity(crate::evidence::CHUNK_SIZE));
        }
        let (chunk_tx, chunks) = mpsc::sync_channel::<Vec<u8>>(POOL);
        let written = std::thread::scope(|scope| {
            let hasher = scope.spawn(move || {
                let mut hasher = Sha256::new();
                let mut n = 0u64;
                for buf in chunks.iter() {
                    hasher.update(&buf);
                    n += buf.len() as u64;
                    let _ = pool_tx.send(buf);
                }
                (crate::store::hex_digest(&hasher.finalize()), n)
            });
            let zip = &mut self.zip;
            let result = ws.each_chunk_of(sha256, &mut |chunk| {
                zip.write_all(chunk)
                    .map_err(|source| EvidenceError::Write {
                        path: PathBuf::from(path),
                        source,
                    })?;
                let mut buf = pool.recv().map_err(|_| EvidenceError::Cancelled)?;
                buf.clear();
                buf.extend_from_slice(chunk);
                chunk_tx.send(buf).map_err(|_| EvidenceError::Cancelled)?;
                progress.bytes_done = progress.bytes_done.saturating_add(chunk.len() as u64);
                match on_progress(progress) {
                    ControlFlow::Continue(()) => Ok(()),
                    ControlFlow::Break(()) => Err(EvidenceError::Cancelled),
                }
            });
            drop(chunk_tx);
            let digest = hasher.join();
            (result, digest)
        });
        match written {
            (Err(EvidenceError::Cancelled), _) => Err(WriteFailure::Cancelled),
            (Err(e), _) => Err(WriteFailure::Evidence(e)),
            (Ok(()), Err(_)) => Err(WriteFailure::Io(io::Error::other("the hasher stopped"))),
            (Ok(()), Ok((actual, n))) => {
                if actual != sha256 || n != size {
                    return Err(WriteFailure::Evidence(EvidenceError::Damaged {
                        message: format!(
                            "the stored content of {path} is damaged (recorded as SHA-256 \
                             {sha256}, {size} bytes; it now reads as {actual}, {n} bytes); run \
                             `annexa evidence verify`; no pack was written"
                        ),
                    }));
                }
                self.files.push(ManifestFile {
                    path: path.to_owned(),
                    size,
                    sha256: sha256.to_owned(),
                });
                Ok(())
            }
        }
    }
}

impl Workspace {
    /// Writes the audit pack to `dest` (a temporary file beside it, renamed at the end).
    pub fn export_pack(
        &self,
        dest: &Path,
        options: &PackOptions,
        on_progress: OnProgress<'_>,
    ) -> Result<PackSummary, PackError> {
        self.reading(|| {
            if dest.is_dir() {
                return Err(WorkspaceError::Invalid {
                    message: format!(
                        "{} is a folder; give the pack a file name, e.g. audit-pack.zip",
                        dest.display()
                    ),
                }
                .into());
            }
            if !options.overwrite && dest.exists() {
                return Err(PackError::DestinationExists {
                    path: dest.to_owned(),
                });
            }
            let g = self.gather(options)?;
            let entries = self.entries(&g)?;
            let files = entries.len() as u64 + 2;
            if files > MAX_PACK_FILES {
                return Err(WorkspaceError::Invalid {
                    message: format!(
                        "this pack would hold {files} files; a pack holds at most {MAX_PACK_FILES} \
                     (more than a zip reader should be asked to trust). Export it in parts, by \
                     theme or by control"
                    ),
                }
                .into());
            }
            let time = zip_time(&g.data.created)?;
            let dir = dest
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let write_err = |source| PackError::Write {
                path: dest.to_owned(),
                source,
            };
            let tmp = tempfile::Builder::new()
                .prefix(".annexa-pack-")
                .suffix(".part")
                .tempfile_in(dir)
                .map_err(write_err)?;
            let mut progress = Progress {
                files_done: 0,
                files_total: entries.len() as u64 + if options.signer.is_some() { 4 } else { 2 },
                bytes_done: 0,
                // Stored sizes come from the workspace file, which may have been edited: summed
                // without overflow (the content check refuses a size that lies).
                bytes_total: entries
                    .iter()
                    .map(|e| match e {
                        Entry::Generated { bytes, .. } => bytes.len() as u64,
                        Entry::Stored { size, .. } => *size,
                    })
                    .fold(0u64, u64::saturating_add),
                current: String::new(),
            };
            let file = tmp.as_file().try_clone().map_err(write_err)?;
            let mut writer = PackWriter::new(BufWriter::with_capacity(1 << 20, file), time);
            let mut evidence_files = 0;
            for entry in &entries {
                progress.current = entry.path().to_owned();
                match entry {
                    Entry::Generated { path, bytes } => {
                        writer.add_bytes(path, bytes).map_err(|e| e.at(dest))?;
                        progress.bytes_done =
                            progress.bytes_done.saturating_add(bytes.len() as u64);
                    }
                    Entry::Stored { path, sha256, size } => {
                        writer
                            .add_content(self, path, sha256, *size, &mut progress, on_progress)
                            .map_err(|e| e.at(dest))?;
                        evidence_files += 1;
                    }
                }
                progress.files_done += 1;
                if on_progress(&progress).is_break() {
                    return Err(PackError::Cancelled);
                }
            }
            let manifest = Manifest {
                format: PACK_FORMAT.to_owned(),
                format_version: PACK_FORMAT_VERSION,
                tool: "Annexa".to_owned(),
                tool_version: crate::VERSION.to_owned(),
                catalogue_version: g.data.catalogue_version.clone(),
                organisation: g.data.organisation.clone(),
                created: g.data.created.clone(),
                snapshot: g.data.snapshot.clone(),
                files: writer.files.clone(),
            };
            let mut manifest_json =
                serde_json::to_vec_pretty(&manifest).map_err(|e| write_err(io::Error::other(e)))?;
            manifest_json.push(b'\n');
            let fingerprint = crate::evidence::sha256_hex(&manifest_json);
            writer
                .add_bytes("manifest.json", &manifest_json)
                .map_err(|e| e.at(dest))?;
            writer
                .add_bytes(
                    "manifest.sha256",
                    format!("{fingerprint}  manifest.json\n").as_bytes(),
                )
                .map_err(|e| e.at(dest))?;
            if let Some(signer) = &options.signer {
                let signature =
                    signer.sign(&manifest_json, &g.data.organisation, &g.data.created)?;
                writer
                    .add_bytes(sign::SIGNATURE_ENTRY, signature.as_bytes())
                    .map_err(|e| e.at(dest))?;
                writer
                    .add_bytes(sign::SIGNER_ENTRY, signer.public_file().as_bytes())
                    .map_err(|e| e.at(dest))?;
            }
            let files = writer.files.len() as u64;
            let content_bytes = writer
                .files
                .iter()
                .fold(0u64, |sum, f| sum.saturating_add(f.size));
            let mut out = writer
                .zip
                .finish()
                .map_err(|e| write_err(io::Error::other(e)))?;
            out.flush().map_err(write_err)?;
            let pack_bytes = out.stream_position().map_err(write_err)?;
            drop(out);
            tmp.as_file().sync_all().map_err(write_err)?;
            if options.overwrite {
                tmp.persist(dest).map_err(|e| write_err(e.error))?;
            } else {
                tmp.persist_noclobber(dest).map_err(|e| {
                    if e.error.kind() == io::ErrorKind::AlreadyExists {
                        PackError::DestinationExists {
                            path: dest.to_owned(),
                        }
                    } else {
                        write_err(e.error)
                    }
                })?;
            }
            progress.files_done = progress.files_total;
            let _ = on_progress(&progress);
            Ok(PackSummary {
                path: dest.to_owned(),
                files: files + 1,
                evidence_files,
                content_bytes,
                pack_bytes,
                created: g.data.created,
                fingerprint,
            })
        })
    }

    /// The pack's files in their final order, except the manifest that comes last.
    fn entries(&self, g: &Gathered) -> Result<Vec<Entry>, PackError> {
        let json = |v: &PackData| -> Result<Vec<u8>, PackError> {
            let mut out = serde_json::to_vec_pretty(v).map_err(|e| WorkspaceError::Invalid {
                message: e.to_string(),
            })?;
            out.push(b'\n');
            Ok(out)
        };
        let created = &g.data.created;
        let soa = render::soa_table(&g.data);
        let gaps = render::gap_table(&g.data, &g.controls, &g.actions, &g.today);
        let risks = super::risks::risk_register_table(&g.data);
        let mut entries = vec![
            Entry::Generated {
                path: "README.txt".into(),
                bytes: render::readme(&g.data).into_bytes(),
            },
            Entry::Generated {
                path: "index.html".into(),
                bytes: render::index_html(&g.data, &g.charts, &g.risk_charts).into_bytes(),
            },
            Entry::Generated {
                path: "statement-of-applicability.csv".into(),
                bytes: render::csv(&soa),
            },
            Entry::Generated {
                path: "statement-of-applicability.xlsx".into(),
                bytes: render::xlsx(&soa, "Statement of Applicability", created)?,
            },
            Entry::Generated {
                path: "gap-register.csv".into(),
                bytes: render::csv(&gaps),
            },
            Entry::Generated {
                path: "gap-register.xlsx".into(),
                bytes: render::xlsx(&gaps, "Gap register", created)?,
            },
            Entry::Generated {
                path: "risk-register.csv".into(),
                bytes: render::csv(&risks),
            },
            Entry::Generated {
                path: "risk-register.xlsx".into(),
                bytes: render::xlsx(&risks, "Risk register", created)?,
            },
            Entry::Generated {
                path: "actions.csv".into(),
                bytes: render::csv(&render::actions_table(&g.actions)),
            },
            Entry::Generated {
                path: "history.csv".into(),
                bytes: render::csv(&render::history_table(&g.history, &g.chain)),
            },
            Entry::Generated {
                path: "pack.json".into(),
                bytes: json(&g.data)?,
            },
        ];
        let mut stored: Vec<Entry> = g
            .data
            .evidence
            .iter()
            .filter_map(|e| match (&e.file, &e.sha256, e.size) {
                (Some(path), Some(sha), Some(size)) => Some(Entry::Stored {
                    path: path.clone(),
                    sha256: sha.clone(),
                    size,
                }),
                _ => None,
            })
            .collect();
        stored.sort_by(|a, b| a.path().cmp(b.path()));
        entries.extend(stored);
        Ok(entries)
    }
}

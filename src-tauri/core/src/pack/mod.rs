//! Audit packs: the zip that leaves the building. One export gathers the Statement of
//! Applicability, the gap register, actions, history and every evidence file into a pack that
//! an auditor opens with nothing but an unzip tool and a browser, and that anyone can verify
//! against its manifest.
//!
//! The pack is a pure function of the workspace state and the options: entries are written in a
//! fixed order with timestamps taken from the state, so the same state gives the same bytes.

mod format;
mod read;
mod render;
mod structure;

use std::fmt;
use std::io::{self, BufWriter, Seek, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rusqlite::OptionalExtension;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

pub use format::{
    Manifest, ManifestFile, PACK_FORMAT, PACK_FORMAT_VERSION, PackClause, PackControl, PackData,
    PackDocument, PackEvidence, PackHistory, PackReadiness, PackSelection,
};
pub use read::{
    PackContents, PackProblem, PackProblemKind, PackVerification, extract_pack_file, open_pack,
    verify_pack,
};

use crate::assessment::ControlAssessment;
use crate::catalogue::vocabulary::{EvidenceKind, EvidenceStatus, Status, Theme};
use crate::catalogue::{Catalogue, ControlId};
use crate::evidence::{Evidence, EvidenceError, OnProgress, Progress, Target, safe_file_name};
use crate::store::db;
use crate::store::{Workspace, WorkspaceError, is_iso_date};

/// What to put in a pack. The default is everything, as it is now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackOptions {
    /// Only controls of these themes; empty means all.
    pub themes: Vec<Theme>,
    /// Only these controls; empty means all (combined with `themes`, both must match).
    pub controls: Vec<ControlId>,
    /// Only evidence whose recorded status is `approved`.
    pub approved_only: bool,
    /// The control assessment frozen in this snapshot instead of the current one.
    pub snapshot: Option<String>,
    /// The pack's creation time (`YYYY-MM-DDTHH:MM:SSZ` or a date); by default the time of
    /// the last change recorded in the workspace (or the snapshot's time).
    pub created: Option<String>,
    /// Replace a file already at the destination.
    pub overwrite: bool,
}

/// What an export produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackSummary {
    pub path: PathBuf,
    pub files: u64,
    pub evidence_files: u64,
    /// Bytes of the pack's files before compression.
    pub content_bytes: u64,
    /// Size of the zip.
    pub pack_bytes: u64,
    pub created: String,
    /// SHA-256 of `manifest.json`: send it apart from the pack so the receiver can check that
    /// the manifest itself is the one that was sent.
    pub fingerprint: String,
}

/// Why an audit pack could not be written, read or verified.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    Evidence(#[from] EvidenceError),
    #[error("there is already a file at {}; choose another name or allow replacing it", path.display())]
    DestinationExists { path: PathBuf },
    #[error("could not write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("could not read {}: {source}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{} is not a zip file, or it is truncated ({detail})", path.display())]
    NotAZip { path: PathBuf, detail: String },
    #[error("{} is not an Annexa audit pack: {reason}", path.display())]
    NotAPack { path: PathBuf, reason: String },
    #[error("{} is refused as unsafe: {reason}; nothing was extracted", path.display())]
    Unsafe { path: PathBuf, reason: String },
    #[error("{} is not in the audit pack {}", entry, path.display())]
    NoSuchFile { path: PathBuf, entry: String },
    #[error("stopped; no pack was written")]
    Cancelled,
}

/// Something an auditor will flag, found before export. Findings warn; they never block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Finding {
    pub kind: FindingKind,
    /// The control (`A.5.1`), clause, evidence (`#12`) or document it is about.
    pub subject: String,
    pub message: String,
}

/// The kinds of pre-export findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Undecided,
    NoOwner,
    NoEvidence,
    NoJustification,
    ExpiredEvidence,
    MissingDocument,
    HistoryBroken,
}

impl FindingKind {
    /// What findings of this kind have in common, for a summary line.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Undecided => "controls whose applicability is not decided",
            FindingKind::NoOwner => "applicable controls without an owner",
            FindingKind::NoEvidence => "applicable controls without evidence",
            FindingKind::NoJustification => "exclusions without a justification",
            FindingKind::ExpiredEvidence => "pieces of evidence that have expired",
            FindingKind::MissingDocument => "mandatory documents missing",
            FindingKind::HistoryBroken => "breaks in the history's hash chain",
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

/// One file of the pack before it is written.
enum Entry {
    Generated {
        path: String,
        bytes: Vec<u8>,
    },
    Stored {
        path: String,
        sha256: String,
        size: u64,
    },
}

impl Entry {
    fn path(&self) -> &str {
        match self {
            Entry::Generated { path, .. } | Entry::Stored { path, .. } => path,
        }
    }
}

/// Everything a pack holds, gathered from the workspace in one read.
struct Gathered {
    data: PackData,
    actions: Vec<crate::assessment::Action>,
    history: Vec<crate::store::history::HistoryEntry>,
    /// Each history row's recorded hash and whether it matches, by id, over the whole history.
    chain: std::collections::HashMap<i64, (Option<String>, bool)>,
    controls: Vec<ControlAssessment>,
    today: String,
}

impl Workspace {
    /// What an auditor will flag in the pack these options would produce.
    pub fn pack_check(&self, options: &PackOptions) -> Result<Vec<Finding>, PackError> {
        let g = self.gather(options)?;
        Ok(findings(&g))
    }

    /// Writes the audit pack to `dest` (a temporary file beside it, renamed at the end).
    pub fn export_pack(
        &self,
        dest: &Path,
        options: &PackOptions,
        on_progress: OnProgress<'_>,
    ) -> Result<PackSummary, PackError> {
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
            files_total: entries.len() as u64 + 2,
            bytes_done: 0,
            bytes_total: entries
                .iter()
                .map(|e| match e {
                    Entry::Generated { bytes, .. } => bytes.len() as u64,
                    Entry::Stored { size, .. } => *size,
                })
                .sum(),
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
                    progress.bytes_done += bytes.len() as u64;
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
        let files = writer.files.len() as u64;
        let content_bytes = writer.files.iter().map(|f| f.size).sum();
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
    }

    /// Reads everything the pack will hold, filtered by the options.
    fn gather(&self, options: &PackOptions) -> Result<Gathered, PackError> {
        let catalogue = Catalogue::bundled().map_err(|e| WorkspaceError::Invalid {
            message: e.to_string(),
        })?;
        let org = self.organisation()?;
        let (all_controls, snapshot_time): (Vec<ControlAssessment>, Option<String>) =
            match &options.snapshot {
                Some(name) => {
                    let snap = self
                        .snapshots()?
                        .into_iter()
                        .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
                        .ok_or_else(|| WorkspaceError::Unknown {
                            message: format!("there is no snapshot named {:?}", name.trim()),
                        })?;
                    (self.snapshot_controls(&snap.name)?, Some(snap.taken_at))
                }
                None => (self.controls()?, None),
            };
        let created = match &options.created {
            Some(given) => normalise_time(given)?,
            None => match &snapshot_time {
                Some(t) => t.clone(),
                None => self
                    .connection()
                    .query_row("SELECT max(at) FROM history", [], |r| {
                        r.get::<_, Option<String>>(0)
                    })
                    .optional()
                    .map_err(db)?
                    .flatten()
                    .unwrap_or(org.created_at.clone()),
            },
        };
        let created = normalise_time(&created)?;
        let today = created[..10].to_owned();
        let included = |id: ControlId| {
            (options.themes.is_empty() || id.theme().is_some_and(|t| options.themes.contains(&t)))
                && (options.controls.is_empty() || options.controls.contains(&id))
        };
        let controls: Vec<ControlAssessment> = all_controls
            .into_iter()
            .filter(|c| included(c.id))
            .collect();
        let clauses = self.clauses()?;
        let evidence: Vec<Evidence> = self
            .evidence_list(None)?
            .into_iter()
            .rev()
            .filter(|e| !options.approved_only || e.status == EvidenceStatus::Approved)
            .filter(|e| {
                e.targets.iter().any(|t| match t {
                    Target::Control(c) => included(*c),
                    Target::Clause(_) => true,
                })
            })
            .collect();
        let in_pack = |t: &Target| match t {
            Target::Control(c) => controls.iter().any(|x| x.id == *c),
            Target::Clause(_) => true,
        };
        // Each file goes once under the folder of the first thing it proves, in catalogue
        // order; names are made safe and unique (ignoring case, for Windows and macOS).
        let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut pack_evidence = Vec::new();
        let order = |t: &Target| match t {
            Target::Control(c) => (0u8, c.clause as u32 * 1000 + c.number as u32, String::new()),
            Target::Clause(c) => (1u8, 0, c.clone()),
        };
        for e in &evidence {
            let mut targets: Vec<&Target> = e.targets.iter().filter(|t| in_pack(t)).collect();
            targets.sort_by_key(|t| order(t));
            let current = e.current();
            let file = match (&e.kind, &current.file_name, targets.first()) {
                (EvidenceKind::File, Some(name), Some(first)) => {
                    let folder = match first {
                        Target::Control(c) => c.prefixed(),
                        Target::Clause(c) => format!("clause {c}"),
                    };
                    Some(unique_path(&mut taken, &folder, &e.title, name))
                }
                _ => None,
            };
            pack_evidence.push(PackEvidence {
                id: e.id,
                kind: e.kind,
                title: e.title.clone(),
                description: e.description.clone(),
                status: e.status_on(&today),
                issued_on: e.issued_on.clone(),
                valid_until: e.valid_until.clone(),
                expires_on: e.expires_on.clone(),
                provided_by: e.provided_by.clone(),
                version: current.version,
                file,
                file_name: current.file_name.clone(),
                sha256: current.sha256.clone(),
                size: current.size,
                url: current.url.clone(),
                body: current.body.clone(),
                targets: targets
                    .iter()
                    .map(|t| match t {
                        Target::Control(c) => c.prefixed(),
                        Target::Clause(c) => c.clone(),
                    })
                    .collect(),
            });
        }
        let evidence_of = |target: &Target| -> Vec<i64> {
            evidence
                .iter()
                .filter(|e| e.targets.contains(target))
                .map(|e| e.id)
                .collect()
        };
        let pack_controls: Vec<PackControl> = controls
            .iter()
            .map(|c| PackControl {
                id: c.id.prefixed(),
                title: catalogue
                    .control(c.id)
                    .map(|k| k.title.clone())
                    .unwrap_or_default(),
                theme: c.id.theme().unwrap_or(Theme::Organizational),
                applicable: c.applicable,
                reasons: c.reasons.clone(),
                justification: c.justification.clone(),
                status: c.status,
                owner: c.owner.clone(),
                updated_at: c.updated_at.clone(),
                evidence: evidence_of(&Target::Control(c.id)),
            })
            .collect();
        let pack_clauses: Vec<PackClause> = clauses
            .iter()
            .map(|c| PackClause {
                id: c.id.clone(),
                title: catalogue
                    .clauses
                    .iter()
                    .find(|k| k.id == c.id)
                    .map(|k| k.title.clone())
                    .unwrap_or_default(),
                status: c.status,
                owner: c.owner.clone(),
                notes: c.notes.clone(),
                documents: c
                    .documents
                    .iter()
                    .map(|(id, present)| PackDocument {
                        id: id.clone(),
                        title: catalogue
                            .documents
                            .iter()
                            .find(|d| &d.id == id)
                            .map(|d| d.title.clone())
                            .unwrap_or_else(|| id.clone()),
                        present: *present,
                    })
                    .collect(),
                evidence: evidence_of(&Target::Clause(c.id.clone())),
            })
            .collect();
        let readiness = readiness(&controls);
        let control_ids: Vec<String> = controls.iter().map(|c| c.id.to_string()).collect();
        let evidence_ids: Vec<String> = evidence.iter().map(|e| e.id.to_string()).collect();
        let filtered = !options.themes.is_empty() || !options.controls.is_empty();
        let actions = self
            .actions()?
            .into_iter()
            .filter(|a| {
                !filtered || a.controls.is_empty() || a.controls.iter().any(|c| included(*c))
            })
            .collect();
        let history = self
            .history(None)?
            .into_iter()
            .filter(|h| snapshot_time.as_ref().is_none_or(|t| h.at <= *t))
            .filter(|h| match h.entity.as_str() {
                "control" => !filtered || control_ids.contains(&h.entity_id),
                "evidence" => {
                    !(filtered || options.approved_only) || evidence_ids.contains(&h.entity_id)
                }
                _ => true,
            })
            .collect();
        let all_rows = crate::store::history::rows_with_hashes(self.connection())?;
        let ok = crate::store::history::check_rows(&all_rows);
        let broken = ok.iter().filter(|ok| !**ok).count() as u64;
        let pack_history = PackHistory {
            changes: all_rows.len() as u64,
            chain_intact: broken == 0,
            broken,
            head: all_rows.last().and_then(|(_, h)| h.clone()),
        };
        let chain = all_rows
            .into_iter()
            .zip(ok)
            .map(|((row, hash), ok)| (row.id, (hash, ok)))
            .collect();
        Ok(Gathered {
            data: PackData {
                format: PACK_FORMAT.to_owned(),
                format_version: PACK_FORMAT_VERSION,
                created,
                tool_version: crate::VERSION.to_owned(),
                catalogue_version: org.catalogue_version.clone(),
                organisation: org.name,
                scope: org.scope,
                target_date: org.target_date,
                snapshot: options.snapshot.as_ref().map(|s| s.trim().to_owned()),
                selection: PackSelection {
                    themes: options.themes.clone(),
                    controls: options.controls.iter().map(|c| c.prefixed()).collect(),
                    approved_only: options.approved_only,
                },
                readiness,
                controls: pack_controls,
                clauses: pack_clauses,
                evidence: pack_evidence,
                history: Some(pack_history),
            },
            actions,
            history,
            chain,
            controls,
            today,
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
        let mut entries = vec![
            Entry::Generated {
                path: "README.txt".into(),
                bytes: render::readme(&g.data).into_bytes(),
            },
            Entry::Generated {
                path: "index.html".into(),
                bytes: render::index_html(&g.data).into_bytes(),
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

fn findings(g: &Gathered) -> Vec<Finding> {
    let mut out = Vec::new();
    let finding = |kind, subject: &str, message: String| Finding {
        kind,
        subject: subject.to_owned(),
        message,
    };
    for c in &g.data.controls {
        match c.applicable {
            None => out.push(finding(
                FindingKind::Undecided,
                &c.id,
                "applicability is not decided; the Statement of Applicability must say yes or no"
                    .into(),
            )),
            Some(false) if c.justification.trim().is_empty() => out.push(finding(
                FindingKind::NoJustification,
                &c.id,
                "excluded without a justification".into(),
            )),
            Some(false) => {}
            Some(true) => {
                if c.owner.is_none() {
                    out.push(finding(
                        FindingKind::NoOwner,
                        &c.id,
                        "applicable but nobody owns it".into(),
                    ));
                }
                if c.evidence.is_empty() {
                    out.push(finding(
                        FindingKind::NoEvidence,
                        &c.id,
                        "applicable but has no evidence in the pack".into(),
                    ));
                }
            }
        }
    }
    for e in &g.data.evidence {
        if e.status == EvidenceStatus::Expired {
            out.push(finding(
                FindingKind::ExpiredEvidence,
                &format!("#{}", e.id),
                format!(
                    "\"{}\" expired on {} (proves {})",
                    e.title,
                    e.expires_on.as_deref().unwrap_or("?"),
                    e.targets.join(", ")
                ),
            ));
        }
    }
    if let Some(h) = g.data.history.as_ref().filter(|h| !h.chain_intact) {
        out.push(finding(
            FindingKind::HistoryBroken,
            "history",
            format!(
                "the history's hash chain is broken at {} of {} recorded changes: they were \
                 edited, inserted or removed outside Annexa (annexa history --verify)",
                h.broken, h.changes
            ),
        ));
    }
    for c in &g.data.clauses {
        for d in c.documents.iter().filter(|d| !d.present) {
            out.push(finding(
                FindingKind::MissingDocument,
                &d.id,
                format!("\"{}\" (clause {}) is missing", d.title, c.id),
            ));
        }
    }
    out
}

fn readiness(controls: &[ControlAssessment]) -> PackReadiness {
    let mut r = PackReadiness {
        controls: controls.len() as u32,
        applicable: 0,
        excluded: 0,
        undecided: 0,
        implemented: 0,
        partially_implemented: 0,
        percent: 0,
    };
    for c in controls {
        match c.applicable {
            Some(true) => r.applicable += 1,
            Some(false) => r.excluded += 1,
            None => r.undecided += 1,
        }
        if c.applicable == Some(true) {
            match c.status {
                Status::Implemented => r.implemented += 1,
                Status::PartiallyImplemented => r.partially_implemented += 1,
                _ => {}
            }
        }
    }
    if r.applicable > 0 {
        // Whole numbers keep the pack byte-identical across platforms.
        r.percent = (r.implemented * 200 + r.partially_implemented * 100 + r.applicable)
            / (2 * r.applicable);
    }
    r
}

/// `evidence/<folder>/<title>.<ext>`, unique in the pack ignoring case.
fn unique_path(
    taken: &mut std::collections::HashSet<String>,
    folder: &str,
    title: &str,
    file_name: &str,
) -> String {
    let ext = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| format!(".{}", safe_file_name(e)))
        .unwrap_or_default();
    let stem = strip_suffix_ignoring_case(title.trim(), &ext);
    // Leave room for the extension and a " (n)" suffix within the safe length.
    let stem: String = safe_file_name(stem).chars().take(100).collect();
    let stem = stem.trim_end_matches(['.', ' ']).to_owned();
    let folder = safe_file_name(folder);
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("evidence/{folder}/{stem}{ext}")
        } else {
            format!("evidence/{folder}/{stem} ({n}){ext}")
        };
        if taken.insert(name.to_lowercase()) {
            return name;
        }
        n += 1;
    }
}

/// `s` without a trailing `suffix`, compared ignoring case. It works on characters: lower-casing
/// can change a string's length in bytes (the Kelvin sign K is three bytes, k one), so a byte
/// offset found in a lower-cased copy never applies to the original.
fn strip_suffix_ignoring_case<'a>(s: &'a str, suffix: &str) -> &'a str {
    let n = suffix.chars().count();
    let len = s.chars().count();
    if n == 0 || len < n {
        return s;
    }
    let cut = s.char_indices().nth(len - n).map_or(s.len(), |(i, _)| i);
    if s[cut..].to_lowercase() == suffix.to_lowercase() {
        &s[..cut]
    } else {
        s
    }
}

/// Accepts `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or with a space) and returns
/// `YYYY-MM-DDTHH:MM:SSZ`.
fn normalise_time(input: &str) -> Result<String, WorkspaceError> {
    let s = input.trim();
    let bad = || WorkspaceError::Invalid {
        message: format!(
            "{input:?} is not a time; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), e.g. 2026-11-23T10:00:00Z"
        ),
    };
    let date = s.get(..10).ok_or_else(bad)?;
    if !is_iso_date(date) {
        return Err(bad());
    }
    let rest = &s[10..];
    let time = if rest.is_empty() {
        "00:00:00".to_owned()
    } else {
        let t = rest
            .strip_prefix('T')
            .or_else(|| rest.strip_prefix(' '))
            .ok_or_else(bad)?;
        let t = t.strip_suffix('Z').unwrap_or(t);
        let hms = t.get(..8).ok_or_else(bad)?;
        let frac = &t[8..];
        let parts: Vec<&str> = hms.split(':').collect();
        let ok = parts.len() == 3
            && parts
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            && parts[0] < "24"
            && parts[1] < "60"
            && parts[2] < "60"
            && (frac.is_empty()
                || frac
                    .strip_prefix('.')
                    .is_some_and(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit())));
        if !ok {
            return Err(bad());
        }
        hms.to_owned()
    };
    let year: u16 = date[..4].parse().map_err(|_| bad())?;
    if !(1980..=2107).contains(&year) {
        return Err(WorkspaceError::Invalid {
            message: format!("{input:?}: a zip can only hold times from 1980 to 2107"),
        });
    }
    Ok(format!("{date}T{time}Z"))
}

fn zip_time(created: &str) -> Result<zip::DateTime, WorkspaceError> {
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

struct PackWriter<W: Write + Seek> {
    zip: ZipWriter<W>,
    time: zip::DateTime,
    files: Vec<ManifestFile>,
}

impl<W: Write + Seek> PackWriter<W> {
    fn new(out: W, time: zip::DateTime) -> Self {
        PackWriter {
            zip: ZipWriter::new(out),
            time,
            files: Vec::new(),
        }
    }

    fn options(&self, path: &str, size: u64) -> SimpleFileOptions {
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
        if path != "manifest.json" && path != "manifest.sha256" {
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
                progress.bytes_done += chunk.len() as u64;
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
                    return Err(WriteFailure::Evidence(EvidenceError::Workspace(
                        WorkspaceError::Invalid {
                            message: format!(
                                "the stored content of {path} is damaged (SHA-256 {sha256} now \
                                 reads as {actual}); run `annexa evidence verify`; no pack was written"
                            ),
                        },
                    )));
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

#[cfg(test)]
mod tests;

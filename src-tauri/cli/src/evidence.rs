//! `annexa evidence …`: attach, list, version, export and verify the proof behind controls.
//!
//! Long work (storing large files, verifying) reports progress on standard error when it is a
//! terminal, so that scripts reading standard output see only the result.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;

use annexa_core::catalogue::vocabulary::{EvidenceStatus, ReviewInterval};
use annexa_core::evidence::{
    EvidenceMeta, EvidencePatch, FileToAdd, ImportRule, Progress, Target, import_plan,
};
use annexa_core::wire::{EvidenceView, VerifyView};
use annexa_core::{ErrorKind, ErrorPayload, Workspace};
use clap::{Args, Subcommand};

use crate::output::{self, Format, Rows};
use crate::{Failure, FormatArg, columns};

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Store files as evidence for one or more controls or clauses (all or none are added).
    Add {
        /// The files to store.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        targets: TargetArgs,
        /// The title (one file only; by default the file's name without its extension).
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        meta: MetaArgs,
    },
    /// Store every file of a folder, mapped to controls by name or all to the given ones.
    Import {
        /// The folder; subfolders are included, hidden files are not.
        folder: PathBuf,
        /// Put every file under these controls/clauses instead of reading ids from the names
        /// (by default, a file or folder name must start with a control id: "A.5.15 Policy.pdf").
        #[command(flatten)]
        targets: TargetArgs,
        #[command(flatten)]
        meta: MetaArgs,
        /// Store files again even when the same content already proves the same controls
        /// (by default they are skipped and listed).
        #[arg(long)]
        again: bool,
    },
    /// Record a link (URL and a note) as evidence.
    Link {
        /// The address, starting with https://, http://, file:// or mailto:.
        url: String,
        #[command(flatten)]
        targets: TargetArgs,
        /// The title (by default the address).
        #[arg(long)]
        title: Option<String>,
        /// What the link shows.
        #[arg(long, default_value = "")]
        note: String,
        #[command(flatten)]
        meta: MetaArgs,
    },
    /// Record a written note as evidence (e.g. what a walk-through observed).
    Note {
        /// What was observed, in words.
        text: String,
        #[command(flatten)]
        targets: TargetArgs,
        /// The title (by default "Note").
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        meta: MetaArgs,
    },
    /// List evidence, newest first, or only what proves one control or clause.
    List {
        /// Only what proves this control, e.g. A.5.15.
        #[arg(long, value_name = "ID", conflicts_with = "clause")]
        control: Option<String>,
        /// Only what proves this clause, e.g. 6.1.2.
        #[arg(long, value_name = "ID")]
        clause: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Show one piece of evidence with every version and its SHA-256.
    Show {
        /// The evidence number, e.g. 3.
        id: i64,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Store a new version of a file evidence (earlier versions are kept).
    Version {
        /// The evidence number, e.g. 3.
        id: i64,
        /// The file holding the new version.
        file: PathBuf,
        /// The status of the new version (default: draft, as new content is unreviewed).
        #[arg(long)]
        status: Option<String>,
    },
    /// Change a piece of evidence's title, status, dates, provider or what it proves.
    Set {
        /// The evidence number, e.g. 3.
        id: i64,
        /// A new title.
        #[arg(long)]
        title: Option<String>,
        /// A new description.
        #[arg(long)]
        description: Option<String>,
        /// draft, submitted, approved, rejected or expired.
        #[arg(long)]
        status: Option<String>,
        /// YYYY-MM-DD, or "none".
        #[arg(long, value_name = "YYYY-MM-DD")]
        issued: Option<String>,
        /// YYYY-MM-DD, or "none".
        #[arg(long, value_name = "YYYY-MM-DD")]
        valid_until: Option<String>,
        /// monthly, quarterly, yearly, or "none".
        #[arg(long)]
        review: Option<String>,
        /// A person's name, or "none".
        #[arg(long)]
        provided_by: Option<String>,
        /// With --control/--clause: replace what it proves with exactly these (the output
        /// names what it no longer proves).
        #[command(flatten)]
        targets: TargetArgs,
        /// Also prove this control (repeatable); what it proves already stays.
        #[arg(long = "add-control", value_name = "ID")]
        add_controls: Vec<String>,
        /// No longer prove this control (repeatable).
        #[arg(long = "remove-control", value_name = "ID")]
        remove_controls: Vec<String>,
        /// Also prove this clause (repeatable).
        #[arg(long = "add-clause", value_name = "ID")]
        add_clauses: Vec<String>,
        /// No longer prove this clause (repeatable).
        #[arg(long = "remove-clause", value_name = "ID")]
        remove_clauses: Vec<String>,
    },
    /// Remove a piece of evidence (the history keeps the record of it); asks first in a
    /// terminal.
    Remove {
        /// The evidence number, e.g. 3.
        id: i64,
        /// Do not ask (needed when standard input is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Write a file evidence's content to DEST (a file, or a folder to keep its name).
    #[command(disable_version_flag = true)]
    Export {
        /// The evidence number, e.g. 3.
        id: i64,
        /// Where to write it: a file, or a folder to keep its name.
        dest: PathBuf,
        /// An earlier version instead of the current one.
        #[arg(long)]
        version: Option<u32>,
    },
    /// Re-read all stored content and compare it with its SHA-256; fails naming every mismatch.
    Verify(FormatArg),
}

#[derive(Debug, Args)]
pub struct TargetArgs {
    /// An Annex A control the evidence proves, e.g. A.5.15 (repeatable).
    #[arg(long = "control", value_name = "ID")]
    controls: Vec<String>,
    /// A clause of 4 to 10 it proves, e.g. 6.1.2 (repeatable).
    #[arg(long = "clause", value_name = "ID")]
    clauses: Vec<String>,
}

impl TargetArgs {
    fn targets(&self) -> Result<Vec<Target>, Failure> {
        let mut t = Vec::new();
        for c in &self.controls {
            t.push(Target::control(c)?);
        }
        for c in &self.clauses {
            t.push(Target::clause(c)?);
        }
        Ok(t)
    }

    fn is_empty(&self) -> bool {
        self.controls.is_empty() && self.clauses.is_empty()
    }
}

#[derive(Debug, Args)]
pub struct MetaArgs {
    /// What the evidence is and shows.
    #[arg(long, default_value = "")]
    description: String,
    /// When it was issued or collected, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    issued: Option<String>,
    /// The last day it is valid, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    valid_until: Option<String>,
    /// How often it must be renewed: monthly, quarterly or yearly.
    #[arg(long)]
    review: Option<String>,
    /// The person who provided it.
    #[arg(long)]
    provided_by: Option<String>,
    /// draft (default), submitted, approved, rejected or expired.
    #[arg(long)]
    status: Option<String>,
}

impl MetaArgs {
    fn meta(&self, title: Option<String>) -> Result<EvidenceMeta, Failure> {
        Ok(EvidenceMeta {
            title,
            description: self.description.clone(),
            issued_on: self.issued.clone(),
            valid_until: self.valid_until.clone(),
            review_interval: self
                .review
                .as_deref()
                .map(str::parse::<ReviewInterval>)
                .transpose()
                .map_err(invalid)?,
            provided_by: self.provided_by.clone(),
            status: parse_status(self.status.as_deref())?,
        })
    }
}

fn invalid(e: impl ToString) -> Failure {
    Failure::Payload(ErrorPayload::new(ErrorKind::InvalidInput, e.to_string()))
}

fn parse_status(s: Option<&str>) -> Result<Option<EvidenceStatus>, Failure> {
    s.map(str::parse::<EvidenceStatus>)
        .transpose()
        .map_err(invalid)
}

/// `Some(None)` for "none" or an empty value (clear the field), `Some(Some(v))` otherwise.
fn clearable(v: Option<String>) -> Option<Option<String>> {
    v.map(|v| Some(v).filter(|v| !v.trim().is_empty() && !v.trim().eq_ignore_ascii_case("none")))
}

/// A progress line on standard error, redrawn in place, only when it is a terminal.
pub(crate) struct ProgressLine {
    enabled: bool,
    last_percent: u64,
}

impl ProgressLine {
    pub(crate) fn new() -> Self {
        ProgressLine {
            enabled: std::io::stderr().is_terminal(),
            last_percent: u64::MAX,
        }
    }

    pub(crate) fn show(&mut self, verb: &str, p: &Progress) -> ControlFlow<()> {
        if !self.enabled || p.bytes_total == 0 {
            return ControlFlow::Continue(());
        }
        let percent = p.bytes_done * 100 / p.bytes_total;
        if percent != self.last_percent {
            self.last_percent = percent;
            eprint!(
                "\r{verb} {percent:>3}%  {} of {} files, {} of {}",
                p.files_done,
                p.files_total,
                human_size(p.bytes_done),
                human_size(p.bytes_total)
            );
        }
        ControlFlow::Continue(())
    }

    pub(crate) fn finish(&self) {
        if self.enabled && self.last_percent != u64::MAX {
            eprintln!();
        }
    }
}

/// 1536 → "1.5 KiB".
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

pub fn evidence(
    ws: &mut Workspace,
    cmd: EvidenceCommand,
    actor: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let today = ws.today()?;
    match cmd {
        EvidenceCommand::Add {
            files,
            targets,
            title,
            meta,
        } => {
            if title.is_some() && files.len() > 1 {
                return Err(invalid(
                    "--title names one file; give one file, or leave --title out to title \
                     each file by its name",
                ));
            }
            let targets = targets.targets()?;
            let meta = meta.meta(title)?;
            let batch: Vec<FileToAdd> = files
                .into_iter()
                .map(|path| FileToAdd {
                    path,
                    targets: targets.clone(),
                    meta: meta.clone(),
                })
                .collect();
            store(ws, &batch, actor, &today, out)
        }
        EvidenceCommand::Import {
            folder,
            targets,
            meta,
            again,
        } => {
            let rule = if targets.is_empty() {
                ImportRule::ByName
            } else {
                ImportRule::AllTo(targets.targets()?)
            };
            let meta = meta.meta(None)?;
            let plan = import_plan(&folder, &rule)?;
            for left in &plan.left_out {
                writeln!(out, "Left out {}: {}", left.path.display(), left.reason)
                    .map_err(Failure::Output)?;
            }
            let batch: Vec<FileToAdd> = plan
                .files
                .into_iter()
                .map(|f| FileToAdd {
                    meta: meta.clone(),
                    ..f
                })
                .collect();
            if batch.is_empty() {
                return Err(invalid(format!(
                    "{} holds no files to import",
                    folder.display()
                )));
            }
            store_again(ws, &batch, actor, again, &today, out)
        }
        EvidenceCommand::Link {
            url,
            targets,
            title,
            note,
            meta,
        } => {
            let id = ws.add_link(&url, &note, &targets.targets()?, &meta.meta(title)?, actor)?;
            writeln!(out, "Added evidence #{id}: link {url}").map_err(Failure::Output)
        }
        EvidenceCommand::Note {
            text,
            targets,
            title,
            meta,
        } => {
            let id = ws.add_note(&text, &targets.targets()?, &meta.meta(title)?, actor)?;
            writeln!(out, "Added evidence #{id}: note").map_err(Failure::Output)
        }
        EvidenceCommand::List {
            control,
            clause,
            format,
        } => {
            let target = match (control, clause) {
                (Some(c), _) => Some(Target::control(&c)?),
                (None, Some(c)) => Some(Target::clause(&c)?),
                (None, None) => None,
            };
            let list: Vec<EvidenceView> = ws
                .evidence_list(target.as_ref())?
                .iter()
                .map(|e| EvidenceView::new(e, &today))
                .collect();
            let rows = Rows {
                headers: vec![
                    "id",
                    "title",
                    "kind",
                    "status",
                    "proves",
                    "expires_on",
                    "size",
                    "sha256",
                ],
                rows: list
                    .iter()
                    .map(|e| {
                        let mut targets: Vec<String> = e.controls.clone();
                        targets.extend(e.clauses.iter().map(|c| format!("clause {c}")));
                        vec![
                            e.id.to_string(),
                            e.title.clone(),
                            e.kind.to_string(),
                            e.status.to_string(),
                            targets.join(" "),
                            e.expires_on.clone().unwrap_or_default(),
                            e.size.map(human_size).unwrap_or_default(),
                            match (format.format, &e.sha256) {
                                (Format::Table, Some(h)) => h[..12].to_owned(),
                                (_, Some(h)) => h.clone(),
                                (_, None) => String::new(),
                            },
                        ]
                    })
                    .collect(),
            };
            crate::output::write(out, format.format, &rows, &list, columns::EVIDENCE)
                .map_err(Failure::Output)
        }
        EvidenceCommand::Show { id, format } => {
            let view = EvidenceView::new(&ws.evidence(id)?, &today);
            let mut rows = vec![
                vec!["id".into(), view.id.to_string()],
                vec!["title".into(), view.title.clone()],
                vec!["kind".into(), view.kind.to_string()],
                vec!["status".into(), view.status.to_string()],
                vec!["controls".into(), view.controls.join(" ")],
                vec!["clauses".into(), view.clauses.join(" ")],
                vec!["issued".into(), view.issued_on.clone().unwrap_or_default()],
                vec![
                    "expires".into(),
                    view.expires_on.clone().unwrap_or_default(),
                ],
                vec![
                    "provided by".into(),
                    view.provided_by.clone().unwrap_or_default(),
                ],
                vec!["description".into(), view.description.clone()],
            ];
            if let Some(url) = &view.url {
                rows.push(vec!["url".into(), url.clone()]);
            }
            if !view.body.is_empty() {
                rows.push(vec!["note".into(), view.body.clone()]);
            }
            for v in &view.versions {
                let what = match (&v.file_name, &v.sha256, v.size) {
                    (Some(f), Some(h), Some(s)) => format!("{f}, {}, sha256 {h}", human_size(s)),
                    _ => v.url.clone().unwrap_or_default(),
                };
                rows.push(vec![
                    format!("version {}", v.version),
                    format!("{what} (added {} by {})", v.added_at, v.added_by),
                ]);
            }
            let table = Rows {
                headers: vec!["field", "value"],
                rows,
            };
            crate::output::write(out, format.format, &table, &view, columns::EVIDENCE)
                .map_err(Failure::Output)
        }
        EvidenceCommand::Version { id, file, status } => {
            let before = ws.evidence(id)?.status;
            let mut line = ProgressLine::new();
            let e = ws.add_version(
                id,
                &file,
                parse_status(status.as_deref())?,
                actor,
                &mut |p| line.show("storing", p),
            );
            line.finish();
            let e = e?;
            let v = e.current();
            writeln!(
                out,
                "Evidence #{id} is now at version {} ({}, sha256 {})",
                v.version,
                v.file_name.as_deref().unwrap_or_default(),
                v.sha256.as_deref().unwrap_or_default()
            )
            .map_err(Failure::Output)?;
            if e.status != before {
                writeln!(
                    out,
                    "Its status went from {before} to {}: new content has not been reviewed \
                     (set it with `annexa evidence set {id} --status ...`)",
                    e.status
                )
                .map_err(Failure::Output)?;
            }
            Ok(())
        }
        EvidenceCommand::Set {
            id,
            title,
            description,
            status,
            issued,
            valid_until,
            review,
            provided_by,
            targets,
            add_controls,
            remove_controls,
            add_clauses,
            remove_clauses,
        } => {
            let before = ws.evidence(id)?;
            let changes_targets = !targets.is_empty()
                || !add_controls.is_empty()
                || !remove_controls.is_empty()
                || !add_clauses.is_empty()
                || !remove_clauses.is_empty();
            let new_targets = if changes_targets {
                let mut list = if targets.is_empty() {
                    before.targets.clone()
                } else {
                    targets.targets()?
                };
                for c in &add_controls {
                    list.push(Target::control(c)?);
                }
                for c in &add_clauses {
                    list.push(Target::clause(c)?);
                }
                let mut removed = Vec::new();
                for c in &remove_controls {
                    removed.push(Target::control(c)?);
                }
                for c in &remove_clauses {
                    removed.push(Target::clause(c)?);
                }
                for r in &removed {
                    if !before.targets.contains(r) && !list.contains(r) {
                        return Err(invalid(format!("evidence #{id} does not prove {r}")));
                    }
                }
                list.retain(|t| !removed.contains(t));
                list.sort();
                list.dedup();
                if list.is_empty() {
                    return Err(invalid(format!(
                        "evidence #{id} would prove nothing; it must keep at least one control or clause"
                    )));
                }
                Some(list)
            } else {
                None
            };
            let review_interval = match clearable(review) {
                None => None,
                Some(None) => Some(None),
                Some(Some(r)) => Some(Some(r.parse::<ReviewInterval>().map_err(invalid)?)),
            };
            let patch = EvidencePatch {
                title,
                description,
                issued_on: clearable(issued),
                valid_until: clearable(valid_until),
                review_interval,
                provided_by: clearable(provided_by),
                status: parse_status(status.as_deref())?,
                targets: new_targets,
            };
            let e = ws.update_evidence(id, &patch, actor)?;
            let changes = crate::output::link_changes(
                &before.targets,
                &e.targets,
                ToString::to_string,
                "proves",
            );
            writeln!(out, "Updated evidence #{}: {}{changes}", e.id, e.title)
                .map_err(Failure::Output)
        }
        EvidenceCommand::Remove { id, yes } => {
            let e = ws.evidence(id)?;
            crate::confirm(&format!("Remove evidence #{id}, {:?}?", e.title), yes)?;
            let e = ws.remove_evidence(id, actor)?;
            writeln!(
                out,
                "Removed evidence #{id}: {} (its title and SHA-256 are kept in the history, its \
                 content is gone from the file; `annexa compact` gives the space back)",
                e.title
            )
            .map_err(Failure::Output)?;
            for copy in ws.kept_copies() {
                eprintln!(
                    "annexa: note: {} is a copy of this workspace kept before an upgrade, and \
                     still holds what was removed; delete it once you no longer need it",
                    output::terminal_safe(&copy.display().to_string())
                );
            }
            Ok(())
        }
        EvidenceCommand::Export { id, dest, version } => {
            let path = ws.export_evidence(id, version, &dest)?;
            writeln!(out, "Wrote {}", path.display()).map_err(Failure::Output)
        }
        EvidenceCommand::Verify(format) => {
            let mut line = ProgressLine::new();
            let report = ws.verify_evidence(&mut |p| line.show("verifying", p));
            line.finish();
            let view = VerifyView::from(&report?);
            if format.format != Format::Table {
                crate::output::write(
                    out,
                    format.format,
                    &Rows::default(),
                    &view,
                    columns::STORE_CHECK,
                )
                .map_err(Failure::Output)?;
            } else {
                for p in &view.problems {
                    writeln!(out, "MISMATCH {}", p.message).map_err(Failure::Output)?;
                }
                writeln!(
                    out,
                    "{} stored file(s), {} checked: {}",
                    view.contents,
                    human_size(view.bytes),
                    if view.ok {
                        "all match their SHA-256".to_owned()
                    } else {
                        format!("{} do not match", view.problems.len())
                    }
                )
                .map_err(Failure::Output)?;
            }
            if view.ok {
                Ok(())
            } else {
                Err(Failure::Payload(ErrorPayload::new(
                    ErrorKind::Integrity,
                    format!(
                        "{} stored file(s) do not match their SHA-256: {}",
                        view.problems.len(),
                        view.problems
                            .iter()
                            .flat_map(|p| p.used_by.iter().cloned())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                )))
            }
        }
    }
}

fn store(
    ws: &mut Workspace,
    batch: &[FileToAdd],
    actor: &str,
    today: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    store_again(ws, batch, actor, true, today, out)
}

/// Stores a batch; unless `again`, files already stored as the current version of an item
/// with the same targets are skipped, and each skip is reported.
fn store_again(
    ws: &mut Workspace,
    batch: &[FileToAdd],
    actor: &str,
    again: bool,
    today: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let mut line = ProgressLine::new();
    let imported = ws.import_files(batch, actor, again, &mut |p| line.show("storing", p));
    line.finish();
    let imported = imported?;
    for (path, existing) in &imported.skipped {
        writeln!(
            out,
            "Skipped {}: already stored as evidence #{existing} for the same controls and \
             clauses (--again stores it anyway)",
            path.display()
        )
        .map_err(Failure::Output)?;
    }
    for id in imported.added {
        let e = EvidenceView::new(&ws.evidence(id)?, today);
        writeln!(
            out,
            "Added evidence #{}: {} ({}, sha256 {})",
            e.id,
            e.title,
            human_size(e.size.unwrap_or(0)),
            e.sha256.as_deref().unwrap_or_default()
        )
        .map_err(Failure::Output)?;
    }
    Ok(())
}

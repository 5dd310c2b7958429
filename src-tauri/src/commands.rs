//! The Tauri commands: thin adapters from IPC to `annexa-core`.
//!
//! Every command returns `Result<_, ErrorPayload>` so the window receives `{kind, message}`
//! and can switch on the kind. The names here are the ones `ui/src/lib/ipc.ts` invokes and
//! that `build.rs` grants to the main window's capability. Each runs off the main thread
//! (`async`), takes the workspace lock, calls one core function and maps the result.

use std::ops::ControlFlow;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use annexa_core::assessment;
use annexa_core::catalogue::Catalogue;
use annexa_core::evidence::{
    EvidenceMeta, FileToAdd, ImportRule, Progress, Target, import_plan, safe_file_name,
};
use annexa_core::pack::{self, Finding};
use annexa_core::preferences::Preferences;
use annexa_core::store::history::HistorySubject;
use annexa_core::store::{self, NewWorkspace, Workspace};
use annexa_core::wire::{
    ActionInputView, ActionView, BoardReportView, CatalogueView, ChangeView, ClauseInputView,
    ClauseStateView, CompactView, ControlEdit, ControlStateView, DashboardChartsView,
    EvidenceInputView, EvidencePageView, EvidenceView, HistoryView, ImportView, LeftOutView,
    NewWorkspaceView, PackContentsView, PackOptionsView, PackSummaryView, PackVerificationView,
    PathPurpose, PathRequestView, PersonInputView, PersonView, PersonWorkView, ProgressView,
    RecentWorkspaceView, ReportView, SkippedFileView, SnapshotView, VerifyView, WorkspaceSummary,
    control_patch,
};
use annexa_core::{ErrorKind, ErrorPayload};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use crate::{AppState, grants, opener};

pub(crate) type Reply<T> = Result<T, ErrorPayload>;

/// Takes a lock even if a thread once panicked while holding it. A panic inside a command is
/// caught (see [`with_ws`]) and any transaction it had open is rolled back by the connection,
/// so the state behind the lock is whole and later commands must keep working.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `f` on the open workspace, or returns why none is open. A panic in `f` (a bug, never
/// an expected outcome) becomes an internal error for the window instead of killing the
/// command thread and poisoning the lock; the workspace is as it was before the command.
pub(crate) fn with_ws<T>(state: &AppState, f: impl FnOnce(&mut Workspace) -> Reply<T>) -> Reply<T> {
    let mut guard = lock(&state.workspace);
    match &mut *guard {
        Ok(ws) => std::panic::catch_unwind(AssertUnwindSafe(|| f(ws))).unwrap_or_else(|_| {
            // The panic hook (lib.rs) wrote the details down on this thread.
            let place = crate::last_crash_report()
                .map(|p| format!(" The details are in {}.", p.display()))
                .unwrap_or_default();
            Err(ErrorPayload::new(
                ErrorKind::Internal,
                format!(
                    "Annexa hit an internal error and stopped this command; nothing was \
                     changed. Please report it.{place}"
                ),
            ))
        }),
        Err(e) => Err(e.clone()),
    }
}

pub(crate) fn actor(state: &AppState) -> Reply<String> {
    Ok(lock(&state.preferences).actor())
}

/// Records a newly opened workspace in the recent list (best effort: a read-only config
/// directory must not stop the user working).
fn remember(state: &AppState, ws: &Workspace) -> Reply<()> {
    let mut prefs = lock(&state.preferences);
    prefs.remember(ws.path());
    if let Some(file) = &state.preferences_file {
        let _ = prefs.save(file);
    }
    Ok(())
}

/// The bundled catalogue: controls, clauses and the 2013 mapping.
#[tauri::command(async)]
pub fn catalogue() -> Reply<CatalogueView> {
    Ok(CatalogueView::from(Catalogue::bundled()?))
}

/// The open workspace, or why none could be opened.
#[tauri::command(async)]
pub fn workspace_summary(state: State<'_, AppState>) -> Reply<WorkspaceSummary> {
    with_ws(&state, |ws| Ok(WorkspaceSummary::of(ws)?))
}

/// Opens the OS dialog for a path (at the typed one, so the user confirms it) and remembers
/// what the user chose; returns it, or nothing when the dialog was cancelled. A typed path
/// already chosen for the same use is returned without asking again.
#[tauri::command(async)]
pub fn choose_path(
    app: AppHandle,
    state: State<'_, AppState>,
    request: PathRequestView,
) -> Reply<Vec<String>> {
    if let Some(typed) = request
        .typed
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        && state
            .grants
            .get(Path::new(typed), grants::access_for(request.purpose))
            .is_some()
    {
        return Ok(vec![typed.to_owned()]);
    }
    Ok(grants::choose(&app, &state.grants, &request)
        .iter()
        .map(|p| p.display().to_string())
        .collect())
}

/// Refuses a path the user did not choose for `purpose`.
fn chosen(state: &AppState, path: &str, purpose: PathPurpose) -> Reply<PathBuf> {
    let path = PathBuf::from(path.trim());
    state.grants.check(&path, grants::access_for(purpose))?;
    Ok(path)
}

/// Creates a workspace file and switches the window to it.
#[tauri::command(async)]
pub fn create_workspace(
    app: AppHandle,
    state: State<'_, AppState>,
    input: NewWorkspaceView,
) -> Reply<WorkspaceSummary> {
    let new = NewWorkspace {
        organisation: input.organisation,
        scope: input.scope,
        target_date: input.target_date.filter(|d| !d.trim().is_empty()),
    };
    let path = chosen(&state, &input.path, PathPurpose::CreateWorkspace)?;
    let ws = Workspace::create(&path, &new)?;
    switch_to(&app, &state, ws)
}

/// Opens an existing workspace file and switches the window to it.
#[tauri::command(async)]
pub fn open_workspace(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> Reply<WorkspaceSummary> {
    // A workspace of the recent list was opened before; any other must have been chosen.
    let path = PathBuf::from(path.trim());
    let recent = lock(&state.preferences)
        .recent
        .iter()
        .any(|r| Path::new(r) == path);
    if !recent {
        chosen(&state, &path.to_string_lossy(), PathPurpose::OpenWorkspace)?;
    }
    let ws = Workspace::open(&path)?;
    switch_to(&app, &state, ws)
}

/// The recently opened workspaces for the start screen: organisation, last change, readiness,
/// or why a file cannot be read any more.
#[tauri::command(async)]
pub fn recent_workspaces(state: State<'_, AppState>) -> Reply<Vec<RecentWorkspaceView>> {
    let recent = lock(&state.preferences).recent.clone();
    Ok(recent
        .iter()
        .map(|p| RecentWorkspaceView::read(p))
        .collect())
}

/// Writes "Example Ltd" afresh next to the default workspace (replacing the example of an
/// earlier visit, which is meant to be thrown away) and switches the window to it.
#[tauri::command(async)]
pub fn open_example(app: AppHandle, state: State<'_, AppState>) -> Reply<WorkspaceSummary> {
    let path = store::default_path()?.with_file_name(format!("example.{}", store::EXTENSION));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            ErrorPayload::new(
                ErrorKind::Io,
                format!("cannot create {}: {}", dir.display(), store::io_reason(&e)),
            )
        })?;
    }
    let actor = lock(&state.preferences).actor();
    {
        // The example open now is closed before its file is replaced.
        let mut open = lock(&state.workspace);
        if matches!(&*open, Ok(ws) if ws.path() == path) {
            *open = Err(ErrorPayload::new(
                ErrorKind::NotFound,
                "the example workspace is being written afresh",
            ));
        }
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(ErrorPayload::new(
                    ErrorKind::Io,
                    format!(
                        "cannot replace {}: {}",
                        file.display(),
                        store::io_reason(&e)
                    ),
                ));
            }
        }
    }
    let ws = annexa_core::risks::create_example(&path, &actor)?;
    switch_to(&app, &state, ws)
}

/// The window's title names the open workspace's organisation, as desktop apps name the
/// document they show (task switchers, window lists).
pub fn name_window(app: &AppHandle, organisation: &str) {
    use tauri::Manager;
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_title(&format!("{organisation} — Annexa"));
    }
}

fn switch_to(app: &AppHandle, state: &AppState, ws: Workspace) -> Reply<WorkspaceSummary> {
    let summary = WorkspaceSummary::of(&ws)?;
    name_window(app, &summary.organisation);
    remember(state, &ws)?;
    *lock(&state.workspace) = Ok(ws);
    Ok(summary)
}

/// The user's preferences: history name and recent workspaces.
#[tauri::command(async)]
pub fn preferences(state: State<'_, AppState>) -> Reply<Preferences> {
    Ok(lock(&state.preferences).clone())
}

/// Sets the name recorded in the history.
#[tauri::command(async)]
pub fn set_user_name(state: State<'_, AppState>, name: String) -> Reply<Preferences> {
    let mut prefs = lock(&state.preferences);
    prefs.user_name = name.trim().to_owned();
    if let Some(file) = &state.preferences_file {
        prefs.save(file)?;
    }
    Ok(prefs.clone())
}

/// The assessment of every control.
#[tauri::command(async)]
pub fn assessment(state: State<'_, AppState>) -> Reply<Vec<ControlStateView>> {
    with_ws(&state, |ws| {
        let chosen = ws.risks_by_control()?;
        Ok(ws
            .controls()?
            .iter()
            .map(|c| ControlStateView::from(c).with_risks(&chosen))
            .collect())
    })
}

/// Applies edits to one control in one transaction and returns its new state.
#[tauri::command(async)]
pub fn set_control(
    state: State<'_, AppState>,
    id: String,
    edits: Vec<ControlEdit>,
) -> Reply<ControlStateView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let saved = ws.set_control(&id, &control_patch(&edits), &actor)?;
        Ok(ControlStateView::from(&saved).with_risks(&ws.risks_by_control()?))
    })
}

/// Applies the same edits to several controls in one transaction (all or none) and returns
/// their new states.
#[tauri::command(async)]
pub fn set_controls(
    state: State<'_, AppState>,
    ids: Vec<String>,
    edits: Vec<ControlEdit>,
) -> Reply<Vec<ControlStateView>> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let saved = ws.set_controls(&ids, &control_patch(&edits), &actor)?;
        let chosen = ws.risks_by_control()?;
        Ok(saved
            .iter()
            .map(|c| ControlStateView::from(c).with_risks(&chosen))
            .collect())
    })
}

/// The history of one subject, typed as `control:A.5.1`, `clause:5.1`, `action:3`, … (a control
/// and the clause of the same number never mix), or of the whole workspace.
#[tauri::command(async)]
pub fn history(state: State<'_, AppState>, subject: Option<String>) -> Reply<Vec<HistoryView>> {
    with_ws(&state, |ws| {
        let entries = match subject.as_deref() {
            None => ws.history(None)?,
            Some(input) => {
                let subject = HistorySubject::typed(input)?.ok_or_else(|| {
                    ErrorPayload::new(
                        ErrorKind::InvalidInput,
                        format!("{input:?} is not a typed subject such as control:A.5.1"),
                    )
                })?;
                ws.history_of(&subject)?
            }
        };
        Ok(entries.iter().map(HistoryView::from).collect())
    })
}

/// The people directory.
#[tauri::command(async)]
pub fn people(state: State<'_, AppState>) -> Reply<Vec<PersonView>> {
    with_ws(&state, |ws| {
        Ok(ws.people()?.iter().map(PersonView::from).collect())
    })
}

/// Everything one person answers for: what they own and contribute to, their clauses,
/// actions and evidence, and what of it is late.
#[tauri::command(async)]
pub fn person_work(state: State<'_, AppState>, name: String) -> Reply<PersonWorkView> {
    with_ws(&state, |ws| {
        let today = ws.today()?;
        Ok(PersonWorkView::new(
            &ws.person_work(&name)?,
            &today,
            &ws.risks_by_control()?,
        ))
    })
}

/// Adds a person.
#[tauri::command(async)]
pub fn add_person(state: State<'_, AppState>, input: PersonInputView) -> Reply<PersonView> {
    let actor = actor(&state)?;
    let input = assessment::PersonInput {
        name: input.name,
        role: input.role,
        department: input.department,
        email: input.email,
    };
    with_ws(&state, |ws| {
        Ok(PersonView::from(&ws.add_person(&input, &actor)?))
    })
}

/// The risk treatment plan.
#[tauri::command(async)]
pub fn actions(state: State<'_, AppState>) -> Reply<Vec<ActionView>> {
    with_ws(&state, |ws| {
        let today = ws.today()?;
        Ok(ws
            .actions()?
            .iter()
            .map(|a| ActionView::new(a, &today))
            .collect())
    })
}

/// Adds an action.
#[tauri::command(async)]
pub fn add_action(state: State<'_, AppState>, input: ActionInputView) -> Reply<ActionView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let today = ws.today()?;
        Ok(ActionView::new(
            &ws.add_action(&input.patch(), &actor)?,
            &today,
        ))
    })
}

/// Changes an action.
#[tauri::command(async)]
pub fn update_action(
    state: State<'_, AppState>,
    id: i64,
    input: ActionInputView,
) -> Reply<ActionView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let today = ws.today()?;
        Ok(ActionView::new(
            &ws.update_action(id, &input.patch(), &actor)?,
            &today,
        ))
    })
}

/// The snapshots, oldest first.
#[tauri::command(async)]
pub fn snapshots(state: State<'_, AppState>) -> Reply<Vec<SnapshotView>> {
    with_ws(&state, |ws| {
        Ok(ws.snapshots()?.iter().map(SnapshotView::from).collect())
    })
}

/// Freezes the assessment under a name.
#[tauri::command(async)]
pub fn take_snapshot(state: State<'_, AppState>, name: String) -> Reply<SnapshotView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        Ok(SnapshotView::from(&ws.take_snapshot(&name, &actor)?))
    })
}

/// What moved from snapshot `from` to snapshot `to` (or to now when `to` is absent).
#[tauri::command(async)]
pub fn compare_snapshots(
    state: State<'_, AppState>,
    from: String,
    to: Option<String>,
) -> Reply<Vec<ChangeView>> {
    with_ws(&state, |ws| {
        Ok(ChangeView::between(ws, &from, to.as_deref())?)
    })
}

/// Readiness, Statement of Applicability completeness, late and unowned work, as of today,
/// with evidence expiring within `expiry_days` (default 30); with `list_limit`, only the first
/// late actions and expiring evidence are listed (the totals count all).
#[tauri::command(async)]
pub fn report(
    state: State<'_, AppState>,
    expiry_days: Option<u32>,
    list_limit: Option<u32>,
) -> Reply<ReportView> {
    with_ws(&state, |ws| {
        // Lets the end-to-end test see what a bug's panic looks like in the window.
        if std::env::var("ANNEXA_PANIC_FOR_TEST").is_ok_and(|v| v == "report") {
            panic!("a panic asked for by ANNEXA_PANIC_FOR_TEST");
        }
        let today = ws.today()?;
        let days = expiry_days.unwrap_or(assessment::EXPIRY_WARNING_DAYS);
        let view = ReportView::from(&ws.report_within(&today, days)?)
            .with_risk_findings(&ws.risk_findings(&today)?);
        Ok(match list_limit {
            Some(n) => view.listing_at_most(n as usize),
            None => view,
        })
    })
}

/// The dashboard's charts as of today (evidence expiring within `expiry_days` counts as
/// expiring).
#[tauri::command(async)]
pub fn charts(state: State<'_, AppState>, expiry_days: Option<u32>) -> Reply<DashboardChartsView> {
    with_ws(&state, |ws| {
        // Lets the end-to-end test see what a bug's panic looks like in the window.
        if std::env::var("ANNEXA_PANIC_FOR_TEST").is_ok_and(|v| v == "report") {
            panic!("a panic asked for by ANNEXA_PANIC_FOR_TEST");
        }
        let today = ws.today()?;
        let days = expiry_days.unwrap_or(assessment::EXPIRY_WARNING_DAYS);
        Ok(DashboardChartsView::from(&ws.charts(&today, days)?))
    })
}

/// Clauses 4 to 10 with their state and required documents.
#[tauri::command(async)]
pub fn clause_states(state: State<'_, AppState>) -> Reply<Vec<ClauseStateView>> {
    with_ws(&state, |ws| {
        Ok(ws.clauses()?.iter().map(ClauseStateView::from).collect())
    })
}

/// Changes a clause's status, owner or notes.
#[tauri::command(async)]
pub fn set_clause(
    state: State<'_, AppState>,
    id: String,
    input: ClauseInputView,
) -> Reply<ClauseStateView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        Ok(ClauseStateView::from(&ws.set_clause(
            &id,
            &input.patch(),
            &actor,
        )?))
    })
}

/// Records whether a required document exists.
#[tauri::command(async)]
pub fn set_document(state: State<'_, AppState>, id: String, present: bool) -> Reply<()> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| Ok(ws.set_document(&id, present, &actor)?))
}

/// Sends progress to the window at most every 50 ms (and always at the end), and stops when
/// the user has pressed Cancel.
struct ProgressSender<'a> {
    channel: &'a Channel<ProgressView>,
    cancel: &'a AtomicBool,
    last: Option<Instant>,
}

impl<'a> ProgressSender<'a> {
    fn new(channel: &'a Channel<ProgressView>, state: &'a AppState) -> Self {
        state.cancel.store(false, Ordering::SeqCst);
        ProgressSender {
            channel,
            cancel: &state.cancel,
            last: None,
        }
    }

    fn send(&mut self, p: &Progress) -> ControlFlow<()> {
        let done = p.bytes_done >= p.bytes_total && p.files_done >= p.files_total;
        if done
            || self
                .last
                .is_none_or(|t| t.elapsed() >= Duration::from_millis(50))
        {
            self.last = Some(Instant::now());
            // A window that went away cannot be told; the work itself goes on.
            let _ = self.channel.send(ProgressView::from(p));
        }
        if self.cancel.load(Ordering::SeqCst) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

fn views(ws: &Workspace, ids: &[i64]) -> Reply<Vec<EvidenceView>> {
    let today = ws.today()?;
    ids.iter()
        .map(|id| Ok(EvidenceView::new(&ws.evidence(*id)?, &today)))
        .collect()
}

fn view(ws: &Workspace, id: i64) -> Reply<EvidenceView> {
    Ok(EvidenceView::new(&ws.evidence(id)?, &ws.today()?))
}

/// A page of evidence, newest first: all of it or what proves one control or clause, whose
/// title, file name, link or SHA-256 holds `query`; `limit` items from `offset`.
#[tauri::command(async)]
pub fn evidence_page(
    state: State<'_, AppState>,
    control: Option<String>,
    clause: Option<String>,
    query: String,
    offset: u32,
    limit: u32,
) -> Reply<EvidencePageView> {
    with_ws(&state, |ws| {
        let target = match (control, clause) {
            (Some(c), _) => Some(Target::control(&c)?),
            (None, Some(c)) => Some(Target::clause(&c)?),
            (None, None) => None,
        };
        let today = ws.today()?;
        let page = ws.evidence_page(
            target.as_ref(),
            &query,
            offset as usize,
            limit.min(1000) as usize,
        )?;
        Ok(EvidencePageView {
            total: page.total as u32,
            items: page
                .items
                .iter()
                .map(|e| EvidenceView::new(e, &today))
                .collect(),
        })
    })
}

/// Stores files (picked or dropped) as evidence, reporting progress; all or none are added.
#[tauri::command(async)]
pub fn add_evidence_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
    input: EvidenceInputView,
    on_progress: Channel<ProgressView>,
) -> Reply<Vec<EvidenceView>> {
    let actor = actor(&state)?;
    let targets = input.targets()?;
    let meta = input.meta();
    for p in &paths {
        // A dropped folder was chosen too: the core then says it is a folder and how to
        // import one, which is more use than "not chosen".
        if state
            .grants
            .get(Path::new(p.trim()), grants::Access::Folder)
            .is_none()
        {
            chosen(&state, p, PathPurpose::EvidenceFiles)?;
        }
    }
    let files: Vec<FileToAdd> = paths
        .iter()
        .map(|p| FileToAdd {
            path: PathBuf::from(p.trim()),
            targets: targets.clone(),
            meta: EvidenceMeta {
                // One title for several files would make them indistinguishable.
                title: if paths.len() == 1 {
                    meta.title.clone()
                } else {
                    None
                },
                ..meta.clone()
            },
        })
        .collect();
    let mut progress = ProgressSender::new(&on_progress, &state);
    with_ws(&state, |ws| {
        let ids = ws.add_files(&files, &actor, &mut |p| progress.send(p))?;
        views(ws, &ids)
    })
}

/// Stores every file of a folder, mapped to controls by their names or all to `input`'s
/// controls and clauses when it names any.
#[tauri::command(async)]
pub fn import_evidence_folder(
    state: State<'_, AppState>,
    folder: String,
    input: EvidenceInputView,
    on_progress: Channel<ProgressView>,
) -> Reply<ImportView> {
    let actor = actor(&state)?;
    let targets = input.targets()?;
    let rule = if targets.is_empty() {
        ImportRule::ByName
    } else {
        ImportRule::AllTo(targets)
    };
    let mut meta = input.meta();
    meta.title = None;
    let folder_path = chosen(&state, &folder, PathPurpose::EvidenceFolder)?;
    let plan = import_plan(&folder_path, &rule)?;
    let left_out: Vec<LeftOutView> = plan
        .left_out
        .iter()
        .map(|l| LeftOutView {
            path: l.path.display().to_string(),
            reason: l.reason.to_owned(),
        })
        .collect();
    let files: Vec<FileToAdd> = plan
        .files
        .into_iter()
        .map(|f| FileToAdd {
            meta: meta.clone(),
            ..f
        })
        .collect();
    if files.is_empty() {
        return Err(ErrorPayload::new(
            ErrorKind::InvalidInput,
            format!("{folder} holds no files to import"),
        ));
    }
    let mut progress = ProgressSender::new(&on_progress, &state);
    with_ws(&state, |ws| {
        // A folder imported again stores only what is new (the CLI's `import` does the same).
        let imported = ws.import_files(&files, &actor, false, &mut |p| progress.send(p))?;
        Ok(ImportView {
            added: views(ws, &imported.added)?,
            skipped: imported
                .skipped
                .iter()
                .map(|(path, evidence)| SkippedFileView {
                    path: path.display().to_string(),
                    evidence: *evidence,
                })
                .collect(),
            left_out,
        })
    })
}

/// Stops the running store or verification; what it did so far is rolled back.
#[tauri::command(async)]
pub fn cancel_operation(state: State<'_, AppState>) -> Reply<()> {
    state.cancel.store(true, Ordering::SeqCst);
    Ok(())
}

/// Records a link as evidence.
#[tauri::command(async)]
pub fn add_evidence_link(
    state: State<'_, AppState>,
    url: String,
    note: String,
    input: EvidenceInputView,
) -> Reply<EvidenceView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let id = ws.add_link(&url, &note, &input.targets()?, &input.meta(), &actor)?;
        view(ws, id)
    })
}

/// Records a written note as evidence.
#[tauri::command(async)]
pub fn add_evidence_note(
    state: State<'_, AppState>,
    text: String,
    input: EvidenceInputView,
) -> Reply<EvidenceView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let id = ws.add_note(&text, &input.targets()?, &input.meta(), &actor)?;
        view(ws, id)
    })
}

/// Saves the evidence edit form: every field at once, in one transaction.
#[tauri::command(async)]
pub fn update_evidence(
    state: State<'_, AppState>,
    id: i64,
    input: EvidenceInputView,
) -> Reply<EvidenceView> {
    let actor = actor(&state)?;
    with_ws(&state, |ws| {
        let e = ws.update_evidence(id, &input.patch()?, &actor)?;
        Ok(EvidenceView::new(&e, &ws.today()?))
    })
}

/// Stores a new version of a file evidence.
#[tauri::command(async)]
pub fn add_evidence_version(
    state: State<'_, AppState>,
    id: i64,
    path: String,
    on_progress: Channel<ProgressView>,
) -> Reply<EvidenceView> {
    let actor = actor(&state)?;
    let path = chosen(&state, &path, PathPurpose::EvidenceFile)?;
    let mut progress = ProgressSender::new(&on_progress, &state);
    with_ws(&state, |ws| {
        let e = ws.add_version(id, &path, None, &actor, &mut |p| progress.send(p))?;
        Ok(EvidenceView::new(&e, &ws.today()?))
    })
}

/// Removes a piece of evidence (the history keeps its record).
#[tauri::command(async)]
pub fn remove_evidence(state: State<'_, AppState>, id: i64) -> Reply<()> {
    let actor = actor(&state)?;
    let removed = with_ws(&state, |ws| Ok(ws.remove_evidence(id, &actor)?))?;
    // Copies opened in this session must not keep what was removed.
    let hashes: Vec<String> = removed
        .versions
        .iter()
        .filter_map(|v| v.sha256.clone())
        .collect();
    opener::forget(&hashes);
    Ok(())
}

/// Writes a file evidence's content where the user chose to save it.
#[tauri::command(async)]
pub fn export_evidence(
    state: State<'_, AppState>,
    id: i64,
    version: Option<u32>,
    dest: String,
) -> Reply<String> {
    let dest = chosen(&state, &dest, PathPurpose::ExportFile)?;
    with_ws(&state, |ws| {
        let path = ws.export_evidence(id, version, &dest)?;
        Ok(path.display().to_string())
    })
}

/// Opens a file evidence in the operating system's default application for its type, or a
/// link in the default browser. The
/// content is first written, checked against its SHA-256, to a private folder of the user's
/// cache, so the application never sees the workspace itself.
#[tauri::command(async)]
pub fn open_evidence(state: State<'_, AppState>, id: i64, version: Option<u32>) -> Reply<()> {
    let path = with_ws(&state, |ws| {
        let e = ws.evidence(id)?;
        let v = match version {
            Some(n) => e.versions.iter().find(|v| v.version == n),
            None => Some(e.current()),
        }
        .ok_or_else(|| {
            ErrorPayload::new(
                ErrorKind::NotFound,
                format!("evidence #{id} has no such version"),
            )
        })?;
        if let Some(url) = &v.url {
            // The address comes from the workspace, never from the page, and is checked
            // again here: the workspace may come from someone else.
            return Ok(OpenTarget::Url(
                annexa_core::evidence::openable_link(url)?.to_owned(),
            ));
        }
        let (Some(name), Some(sha256)) = (&v.file_name, &v.sha256) else {
            return Err(ErrorPayload::new(
                ErrorKind::InvalidInput,
                format!("evidence #{id} is a note; there is nothing to open"),
            ));
        };
        opener::check_document(name)?;
        // A new private folder every time: no earlier copy, and nothing another user put
        // there, is ever opened instead of the checked one.
        let target = opener::fresh_dir(sha256)?.join(safe_file_name(name));
        ws.export_evidence(id, Some(v.version), &target)?;
        Ok(OpenTarget::File(target))
    })?;
    match &path {
        OpenTarget::File(p) => {
            opener::open_with_default_app(p.as_os_str(), &p.display().to_string())
        }
        OpenTarget::Url(u) => opener::open_with_default_app(u.as_ref(), u),
    }
}

enum OpenTarget {
    File(PathBuf),
    Url(String),
}

/// The start of a text evidence (at most 256 KiB), for the preview pane.
#[tauri::command(async)]
pub fn evidence_text(state: State<'_, AppState>, sha256: String) -> Reply<String> {
    with_ws(&state, |ws| {
        // Only the content of current evidence, and only where a text preview makes sense.
        let media = ws
            .evidence_media_type(&sha256)?
            .ok_or_else(|| ErrorPayload::new(ErrorKind::NotFound, "no evidence holds this file"))?;
        let text = media.starts_with("text/")
            || matches!(
                media.as_str(),
                "application/json" | "application/xml" | "image/svg+xml"
            );
        if !text {
            return Err(ErrorPayload::new(
                ErrorKind::InvalidInput,
                format!("there is no text preview for {media}"),
            ));
        }
        let mut buf = LimitedBuffer::new(256 * 1024);
        match ws.copy_content(&sha256, &mut buf) {
            Ok(_) => {}
            // Stopping early is how the preview limits itself; anything else is a real error.
            Err(_) if buf.full => {}
            Err(e) => return Err(e.into()),
        }
        Ok(String::from_utf8_lossy(&buf.data).into_owned())
    })
}

/// Re-reads all stored content against its SHA-256.
#[tauri::command(async)]
pub fn verify_evidence(
    state: State<'_, AppState>,
    on_progress: Channel<ProgressView>,
) -> Reply<VerifyView> {
    let mut progress = ProgressSender::new(&on_progress, &state);
    with_ws(&state, |ws| {
        Ok(VerifyView::from(
            &ws.verify_evidence(&mut |p| progress.send(p))?,
        ))
    })
}

/// Rewrites the workspace without the free pages that removals left, reporting the bytes
/// written; Cancel stops it and leaves the file as it was.
#[tauri::command(async)]
pub fn compact_workspace(
    state: State<'_, AppState>,
    on_progress: Channel<ProgressView>,
) -> Reply<CompactView> {
    let mut progress = ProgressSender::new(&on_progress, &state);
    let mut shown = Progress {
        files_done: 0,
        files_total: 1,
        bytes_done: 0,
        bytes_total: 0,
        current: String::new(),
    };
    with_ws(&state, |ws| {
        shown.current = ws.path().display().to_string();
        let done = ws.compact(&mut |written, total| {
            shown.bytes_done = written;
            shown.bytes_total = total;
            progress.send(&shown)
        })?;
        Ok(CompactView::new(ws, &done))
    })
}

/// A writer that keeps the first `limit` bytes and then refuses more.
pub(crate) struct LimitedBuffer {
    pub(crate) data: Vec<u8>,
    limit: usize,
    pub(crate) full: bool,
}

impl LimitedBuffer {
    pub(crate) fn new(limit: usize) -> Self {
        LimitedBuffer {
            data: Vec::new(),
            limit,
            full: false,
        }
    }
}

impl std::io::Write for LimitedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = self.limit - self.data.len();
        if room == 0 {
            self.full = true;
            return Err(std::io::Error::other("preview limit reached"));
        }
        let n = room.min(buf.len());
        self.data.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What an auditor will flag in the pack these options would produce.
#[tauri::command(async)]
pub fn pack_check(state: State<'_, AppState>, options: PackOptionsView) -> Reply<Vec<Finding>> {
    let options = options.into_options()?;
    with_ws(&state, |ws| Ok(ws.pack_check(&options)?))
}

/// Writes an audit pack to `dest`.
#[tauri::command(async)]
pub fn export_pack(
    app: AppHandle,
    state: State<'_, AppState>,
    dest: PathBuf,
    options: PackOptionsView,
    on_progress: Channel<ProgressView>,
) -> Reply<PackSummaryView> {
    let mut options = options.into_options()?;
    let grant = state
        .grants
        .check(&dest, grants::access_for(PathPurpose::WritePack))?;
    if options.overwrite && dest.exists() {
        replace_agreed(&app, grant, &dest, "audit pack")?;
    } else {
        options.overwrite = false;
    }
    let mut progress = ProgressSender::new(&on_progress, &state);
    with_ws(&state, |ws| {
        Ok(PackSummaryView::from(&ws.export_pack(
            &dest,
            &options,
            &mut |p| progress.send(p),
        )?))
    })
}

/// Replacing a file needs the user's word in a native dialog: the save dialog's own question
/// when the file existed as it was chosen (`grant`), or ours now, naming `what` replaces it.
fn replace_agreed(app: &AppHandle, grant: grants::Access, dest: &Path, what: &str) -> Reply<()> {
    let confirmed = matches!(
        grant,
        grants::Access::Write {
            replace_confirmed: true
        }
    ) || grants::confirm_replace(app, dest, what);
    if confirmed {
        Ok(())
    } else {
        Err(ErrorPayload::new(
            ErrorKind::Cancelled,
            format!("{} was not replaced", dest.display()),
        ))
    }
}

/// Writes the board report (PDF) to `dest`, a path the user chose in the save dialog.
#[tauri::command(async)]
pub fn write_board_report(
    app: AppHandle,
    state: State<'_, AppState>,
    dest: PathBuf,
) -> Reply<BoardReportView> {
    let grant = state
        .grants
        .check(&dest, grants::access_for(PathPurpose::WriteReport))?;
    let overwrite = dest.exists();
    if overwrite {
        replace_agreed(&app, grant, &dest, "board report")?;
    }
    with_ws(&state, |ws| {
        let today = ws.today()?;
        Ok(BoardReportView::from(&ws.write_board_report(
            &dest,
            &today,
            assessment::EXPIRY_WARNING_DAYS,
            overwrite,
        )?))
    })
}

/// Verifies an audit pack and reads it for auditor mode; no workspace is involved. The
/// fingerprint the sender gave apart, when the auditor typed one, must match (`--expect`).
#[tauri::command(async)]
pub fn open_pack(
    state: State<'_, AppState>,
    path: PathBuf,
    expect: String,
    on_progress: Channel<ProgressView>,
) -> Reply<PackContentsView> {
    let path = chosen(&state, &path.to_string_lossy(), PathPurpose::OpenPack)?;
    let mut progress = ProgressSender::new(&on_progress, &state);
    let contents = pack::open_pack(&path, &mut |p| progress.send(p))?;
    let mut verification = PackVerificationView::from(&contents.verification);
    verification.expect(&expect);
    Ok(PackContentsView {
        verification,
        data: contents.data,
    })
}

/// Opens the board report the user just saved (a path they chose in the save dialog) in the
/// default application, or, with `folder`, the folder it is in, in the file manager.
#[tauri::command(async)]
pub fn open_board_report(state: State<'_, AppState>, path: String, folder: bool) -> Reply<()> {
    let path = chosen(&state, &path, PathPurpose::WriteReport)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    opener::check_document(name.as_deref().unwrap_or_default())?;
    if folder {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        let dir = dir.unwrap_or(Path::new("."));
        opener::open_with_default_app(dir.as_os_str(), &dir.display().to_string())
    } else {
        opener::open_with_default_app(path.as_os_str(), &path.display().to_string())
    }
}

/// The audit pack the app was started with (a file manager's "Open with Annexa" on a zip),
/// once: the window opens it in the auditor's mode. Given by the user, it may be read.
#[tauri::command(async)]
pub fn startup_pack(state: State<'_, AppState>) -> Reply<Option<String>> {
    let taken = lock(&state.startup_pack).take();
    Ok(taken.map(|path| {
        state.grants.grant(&path, grants::Access::Read);
        path.display().to_string()
    }))
}

/// Extracts one file of an audit pack (checked against its manifest) into a per-user
/// temporary folder and opens it in the default application.
#[tauri::command(async)]
pub fn open_pack_file(state: State<'_, AppState>, path: PathBuf, entry: String) -> Reply<()> {
    let path = chosen(&state, &path.to_string_lossy(), PathPurpose::OpenPack)?;
    opener::check_document(entry.rsplit('/').next().unwrap_or(&entry))?;
    // A pack's file is not the workspace's evidence: its copy is deleted at the next start.
    let file = pack::extract_pack_file(&path, &entry, &opener::fresh_dir("")?)?;
    opener::open_with_default_app(file.as_os_str(), &file.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(dir: &std::path::Path) -> AppState {
        let ws = Workspace::create(&dir.join("w.annexa"), &NewWorkspace::named("W")).expect("ws");
        AppState {
            workspace: Mutex::new(Ok(ws)),
            preferences: Mutex::new(Preferences::default()),
            preferences_file: None,
            cancel: AtomicBool::new(false),
            grants: grants::Grants::default(),
            startup_pack: Mutex::new(None),
        }
    }

    /// A panic inside a command is reported as an internal error, rolls back what it had
    /// started, and leaves the lock usable for the next command.
    #[test]
    fn a_panicking_command_neither_poisons_the_lock_nor_changes_the_workspace() {
        let dir = tempfile::tempdir().expect("temp");
        let state = state(dir.path());
        let before = with_ws(&state, |ws| Ok(ws.history(None)?.len())).expect("history");
        let result: Reply<()> = with_ws(&state, |ws| {
            ws.write(|tx| {
                tx.execute(
                    "UPDATE workspace SET organisation = 'Changed' WHERE id = 1",
                    [],
                )
                .map_err(|e| annexa_core::store::WorkspaceError::Unknown {
                    message: e.to_string(),
                })?;
                panic!("a bug in the middle of a transaction");
            })?;
            Ok(())
        });
        let err = result.expect_err("the panic is an error");
        assert_eq!(err.kind, ErrorKind::Internal);
        // Said in words; the panic's own text is for the crash report, not the window.
        assert!(
            err.message.contains("internal error") && err.message.contains("Please report it"),
            "{}",
            err.message
        );
        assert!(
            !err.message.contains("a bug in the middle"),
            "{}",
            err.message
        );
        assert!(!state.workspace.is_poisoned());
        let org = with_ws(&state, |ws| Ok(ws.organisation()?.name)).expect("still works");
        assert_eq!(org, "W", "the transaction was rolled back");
        let after = with_ws(&state, |ws| Ok(ws.history(None)?.len())).expect("history");
        assert_eq!(before, after);
    }
}

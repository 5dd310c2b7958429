//! The Tauri commands: thin adapters from IPC to `annexa-core`.
//!
//! Every command returns `Result<_, ErrorPayload>` so the window receives `{kind, message}`
//! and can switch on the kind. The names here are the ones `ui/src/lib/ipc.ts` invokes and
//! that `build.rs` grants to the main window's capability. Each runs off the main thread
//! (`async`), takes the workspace lock, calls one core function and maps the result.

use std::path::PathBuf;

use annexa_core::assessment;
use annexa_core::catalogue::Catalogue;
use annexa_core::preferences::Preferences;
use annexa_core::wire::{
    ActionInputView, ActionView, CatalogueView, ChangeView, ClauseInputView, ClauseStateView,
    ControlEdit, ControlStateView, HistoryView, NewWorkspaceView, PersonInputView, PersonView,
    ReportView, SnapshotView, WorkspaceSummary, control_patch,
};
use annexa_core::workspace::{NewWorkspace, Workspace};
use annexa_core::{ErrorKind, ErrorPayload};
use tauri::State;

use crate::AppState;

type Reply<T> = Result<T, ErrorPayload>;

fn poisoned() -> ErrorPayload {
    ErrorPayload::new(
        ErrorKind::Internal,
        "a lock was poisoned by an earlier failure",
    )
}

/// Runs `f` on the open workspace, or returns why none is open.
fn with_ws<T>(state: &AppState, f: impl FnOnce(&mut Workspace) -> Reply<T>) -> Reply<T> {
    let mut guard = state.workspace.lock().map_err(|_| poisoned())?;
    match &mut *guard {
        Ok(ws) => f(ws),
        Err(e) => Err(e.clone()),
    }
}

fn actor(state: &AppState) -> Reply<String> {
    Ok(state.preferences.lock().map_err(|_| poisoned())?.actor())
}

/// Records a newly opened workspace in the recent list (best effort: a read-only config
/// directory must not stop the user working).
fn remember(state: &AppState, ws: &Workspace) -> Reply<()> {
    let mut prefs = state.preferences.lock().map_err(|_| poisoned())?;
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

/// Creates a workspace file and switches the window to it.
#[tauri::command(async)]
pub fn create_workspace(
    state: State<'_, AppState>,
    input: NewWorkspaceView,
) -> Reply<WorkspaceSummary> {
    let new = NewWorkspace {
        organisation: input.organisation,
        scope: input.scope,
        target_date: input.target_date.filter(|d| !d.trim().is_empty()),
    };
    let ws = Workspace::create(&PathBuf::from(input.path.trim()), &new)?;
    switch_to(&state, ws)
}

/// Opens an existing workspace file and switches the window to it.
#[tauri::command(async)]
pub fn open_workspace(state: State<'_, AppState>, path: String) -> Reply<WorkspaceSummary> {
    let ws = Workspace::open(&PathBuf::from(path.trim()))?;
    switch_to(&state, ws)
}

fn switch_to(state: &AppState, ws: Workspace) -> Reply<WorkspaceSummary> {
    let summary = WorkspaceSummary::of(&ws)?;
    remember(state, &ws)?;
    *state.workspace.lock().map_err(|_| poisoned())? = Ok(ws);
    Ok(summary)
}

/// The user's preferences: history name and recent workspaces.
#[tauri::command(async)]
pub fn preferences(state: State<'_, AppState>) -> Reply<Preferences> {
    Ok(state.preferences.lock().map_err(|_| poisoned())?.clone())
}

/// Sets the name recorded in the history.
#[tauri::command(async)]
pub fn set_user_name(state: State<'_, AppState>, name: String) -> Reply<Preferences> {
    let mut prefs = state.preferences.lock().map_err(|_| poisoned())?;
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
        Ok(ws.controls()?.iter().map(ControlStateView::from).collect())
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
        Ok(ControlStateView::from(&ws.set_control(
            &id,
            &control_patch(&edits),
            &actor,
        )?))
    })
}

/// The history of one control, person, action or snapshot, or of the whole workspace.
#[tauri::command(async)]
pub fn history(state: State<'_, AppState>, id: Option<String>) -> Reply<Vec<HistoryView>> {
    with_ws(&state, |ws| {
        Ok(ws
            .history(id.as_deref())?
            .iter()
            .map(HistoryView::from)
            .collect())
    })
}

/// The people directory.
#[tauri::command(async)]
pub fn people(state: State<'_, AppState>) -> Reply<Vec<PersonView>> {
    with_ws(&state, |ws| {
        Ok(ws.people()?.iter().map(PersonView::from).collect())
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
        let before = ws.snapshot_controls(&from)?;
        let after = match &to {
            Some(name) => ws.snapshot_controls(name)?,
            None => ws.controls()?,
        };
        Ok(assessment::compare(&before, &after)
            .iter()
            .map(ChangeView::from)
            .collect())
    })
}

/// Readiness, Statement of Applicability completeness, late and unowned work, as of today.
#[tauri::command(async)]
pub fn report(state: State<'_, AppState>) -> Reply<ReportView> {
    with_ws(&state, |ws| {
        let today = ws.today()?;
        Ok(ReportView::from(&ws.report(&today)?))
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

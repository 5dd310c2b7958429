// The one gateway from the window to Rust. Only this module imports @tauri-apps/api (an ESLint
// rule enforces it); components call the typed functions below. Each returns the Rust
// command's value or throws an `ErrorPayload` ({kind, message}) that callers can switch on.

import { invoke } from '@tauri-apps/api/core';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import type {
  ActionInputView,
  ActionView,
  CatalogueView,
  ChangeView,
  ClauseInputView,
  ClauseStateView,
  ControlEdit,
  ControlStateView,
  ErrorKind,
  ErrorPayload,
  HistoryView,
  NewWorkspaceView,
  PersonInputView,
  PersonView,
  Preferences,
  ReportView,
  SnapshotView,
  WorkspaceSummary,
} from './bindings';

export type { ErrorPayload };

/** True when `value` is the `{kind, message}` error that every Annexa command rejects with. */
export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** Turns anything a command threw into an ErrorPayload, so the UI has one error shape. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (isErrorPayload(error)) return error;
  const kind: ErrorKind = 'internal';
  return { kind, message: error instanceof Error ? error.message : String(error) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toErrorPayload(error);
  }
}

/** The bundled ISO/IEC 27001:2022 catalogue. */
export function catalogue(): Promise<CatalogueView> {
  return call<CatalogueView>('catalogue');
}

/** The workspace the window has open. */
export function workspaceSummary(): Promise<WorkspaceSummary> {
  return call<WorkspaceSummary>('workspace_summary');
}

/** Creates a workspace file and switches to it. */
export function createWorkspace(input: NewWorkspaceView): Promise<WorkspaceSummary> {
  return call('create_workspace', { input });
}

/** Opens a workspace file and switches to it. */
export function openWorkspace(path: string): Promise<WorkspaceSummary> {
  return call('open_workspace', { path });
}

/** The user's name for the history and the recent workspaces. */
export function preferences(): Promise<Preferences> {
  return call('preferences');
}

/** Sets the name recorded in the history (empty: the operating system user). */
export function setUserName(name: string): Promise<Preferences> {
  return call('set_user_name', { name });
}

/** The assessment of all 93 controls. */
export function assessment(): Promise<ControlStateView[]> {
  return call('assessment');
}

/** Applies edits to one control in one transaction. */
export function setControl(id: string, edits: ControlEdit[]): Promise<ControlStateView> {
  return call('set_control', { id, edits });
}

/** The history of one control (or person, action, snapshot), or of the whole workspace. */
export function history(id: string | null): Promise<HistoryView[]> {
  return call('history', { id });
}

export function people(): Promise<PersonView[]> {
  return call('people');
}

export function addPerson(input: PersonInputView): Promise<PersonView> {
  return call('add_person', { input });
}

export function actions(): Promise<ActionView[]> {
  return call('actions');
}

export function addAction(input: ActionInputView): Promise<ActionView> {
  return call('add_action', { input });
}

export function updateAction(id: number, input: ActionInputView): Promise<ActionView> {
  return call('update_action', { id, input });
}

export function snapshots(): Promise<SnapshotView[]> {
  return call('snapshots');
}

export function takeSnapshot(name: string): Promise<SnapshotView> {
  return call('take_snapshot', { name });
}

/** What moved from snapshot `from` to snapshot `to`, or to now when `to` is null. */
export function compareSnapshots(from: string, to: string | null): Promise<ChangeView[]> {
  return call('compare_snapshots', { from, to });
}

export function report(): Promise<ReportView> {
  return call('report');
}

export function clauseStates(): Promise<ClauseStateView[]> {
  return call('clause_states');
}

export function setClause(id: string, input: ClauseInputView): Promise<ClauseStateView> {
  return call('set_clause', { id, input });
}

export function setDocument(id: string, present: boolean): Promise<void> {
  return call('set_document', { id, present });
}

const WORKSPACE_FILTER = [{ name: 'Annexa workspace', extensions: ['annexa'] }];

/** Asks the OS file dialog for a workspace to open; null when the user cancels. */
export async function pickWorkspaceToOpen(): Promise<string | null> {
  const picked = await openDialog({ multiple: false, directory: false, filters: WORKSPACE_FILTER });
  return typeof picked === 'string' ? picked : null;
}

/** Asks the OS save dialog where to create a workspace; null when the user cancels. */
export async function pickWorkspaceToCreate(): Promise<string | null> {
  const picked = await saveDialog({ filters: WORKSPACE_FILTER, defaultPath: 'client.annexa' });
  return picked ?? null;
}

// The one gateway from the window to Rust. Only this module imports @tauri-apps/api (an ESLint
// rule enforces it); components call the typed functions below. Each returns the Rust
// command's value or throws an `ErrorPayload` ({kind, message}) that callers can switch on.

import { Channel, convertFileSrc, invoke } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import type {
  CompactView,
  ActionInputView,
  ActionView,
  AssetInputView,
  AssetView,
  BoardReportView,
  DecisionInputView,
  OwnControlInputView,
  OwnControlView,
  RiskInputView,
  RiskMethodView,
  RiskRegisterView,
  RiskView,
  CatalogueView,
  DashboardChartsView,
  EvidencePageView,
  ChangeView,
  ClauseInputView,
  ClauseStateView,
  ControlEdit,
  ControlStateView,
  ErrorKind,
  ErrorPayload,
  EvidenceInputView,
  EvidenceView,
  Finding,
  HistoryView,
  ImportView,
  NewWorkspaceView,
  PackContentsView,
  PackOptionsView,
  PackSummaryView,
  PathPurpose,
  PathRequestView,
  PersonInputView,
  PersonWorkView,
  RecentWorkspaceView,
  PersonView,
  Preferences,
  ProgressView,
  ReportView,
  SnapshotView,
  VerifyView,
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

/** The recently opened workspaces with their organisation, last change and readiness. */
export function recentWorkspaces(): Promise<RecentWorkspaceView[]> {
  return call('recent_workspaces');
}

/** Writes "Example Ltd" afresh (the previous example is thrown away) and opens it. */
export function openExample(): Promise<WorkspaceSummary> {
  return call('open_example');
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

/** Applies the same edits to several controls in one transaction: all of them, or none. */
export function setControls(ids: string[], edits: ControlEdit[]): Promise<ControlStateView[]> {
  return call('set_controls', { ids, edits });
}

/**
 * The history of one subject, typed (`control:A.5.1`, `clause:5.1`, `action:3`, `evidence:3`,
 * `person:Ana Silva`), or of the whole workspace.
 */
export function history(subject: string | null): Promise<HistoryView[]> {
  return call('history', { subject });
}

export function people(): Promise<PersonView[]> {
  return call('people');
}

/** What one person owns, contributes to, is assigned and provided, and what of it is late. */
export function personWork(name: string): Promise<PersonWorkView> {
  return call('person_work', { name });
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

/** The risk register: method, risks, assets, heat maps (SVG from the core) and findings. */
export function riskRegister(): Promise<RiskRegisterView> {
  return call('risk_register');
}

export function addRisk(input: RiskInputView): Promise<RiskView> {
  return call('add_risk', { input });
}

/** Changes a risk; `id` as the register writes it (`R-001`). */
export function updateRisk(id: string, input: RiskInputView): Promise<RiskView> {
  return call('update_risk', { id, input });
}

/** Rates a risk again today; `treated` when its treatment is done (the residual risk). */
export function rerateRisk(
  id: string,
  likelihood: number,
  impact: number,
  treated: boolean,
): Promise<RiskView> {
  return call('rerate_risk', { id, likelihood, impact, treated });
}

/** Records a risk owner's decision: approving the plan, accepting the residual risk, or rejecting. */
export function decideRisk(id: string, input: DecisionInputView): Promise<RiskView> {
  return call('decide_risk', { id, input });
}

/** Adds a control of the organisation's own, beyond Annex A (`reference` e.g. ORG-1). */
export function addOwnControl(
  reference: string,
  input: OwnControlInputView,
): Promise<OwnControlView> {
  return call('add_own_control', { reference, input });
}

export function updateOwnControl(
  reference: string,
  input: OwnControlInputView,
): Promise<OwnControlView> {
  return call('update_own_control', { reference, input });
}

/** The owner accepts several residual risks within the criteria at once (a collective sign-off). */
export function acceptRisks(ids: string[], input: DecisionInputView): Promise<RiskView[]> {
  return call('accept_risks', { ids, input });
}

export function addAsset(input: AssetInputView): Promise<AssetView> {
  return call('add_asset', { input });
}

/** Sets the method to a preset and, or, records who adopted it as the criteria. */
export function setRiskMethod(
  preset: string | null,
  adoptedBy: string | null,
): Promise<RiskMethodView> {
  return call('set_risk_method', { preset, adoptedBy });
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

/** How many late actions and expiring pieces of evidence the dashboard lists by name. */
export const REPORT_LIST = 10;

/**
 * The report; evidence expiring within `expiryDays` (default 30) is counted, and the first
 * REPORT_LIST late actions and pieces of evidence listed (the totals count all).
 */
export function report(expiryDays: number | null = null): Promise<ReportView> {
  return call('report', { expiryDays, listLimit: REPORT_LIST });
}

/** The dashboard's charts, drawn as SVG by the core (the audit pack shows the same ones). */
export function charts(expiryDays: number | null): Promise<DashboardChartsView> {
  return call('charts', { expiryDays });
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

/**
 * Asks Rust to open the OS dialog for `purpose` and returns what the user chose (empty when
 * cancelled). With `typed`, the dialog opens at that path so the user confirms it: commands
 * accept only paths chosen this way or dropped on the window, never a path the page names.
 */
export function choosePaths(
  purpose: PathPurpose,
  options: { typed?: string; suggested?: string; folder?: string } = {},
): Promise<string[]> {
  const request: PathRequestView = {
    purpose,
    typed: options.typed?.trim() || null,
    suggested: options.suggested ?? null,
    folder: options.folder ?? null,
  };
  return call<string[]>('choose_path', { request });
}

/** The one path the user chose (or confirmed, for a typed one); null when cancelled. */
export async function choosePath(
  purpose: PathPurpose,
  options: { typed?: string; suggested?: string; folder?: string } = {},
): Promise<string | null> {
  const [first] = await choosePaths(purpose, options);
  return first ?? null;
}

/** Asks the OS file dialog for a workspace to open; null when the user cancels. */
export function pickWorkspaceToOpen(): Promise<string | null> {
  return choosePath('open_workspace');
}

/** Asks the OS save dialog where to create a workspace; null when the user cancels. */
export function pickWorkspaceToCreate(): Promise<string | null> {
  return choosePath('create_workspace', { suggested: 'client.annexa' });
}

/** Called with each progress report of a long operation (storing files, verifying). */
export type OnProgress = (progress: ProgressView) => void;

function progressChannel(onProgress: OnProgress): Channel<ProgressView> {
  const channel = new Channel<ProgressView>();
  channel.onmessage = onProgress;
  return channel;
}

/**
 * A page of evidence, newest first: all of it or what proves one control or clause, searched
 * by title, file name, link or SHA-256 (case and accents aside) in Rust.
 */
export function evidencePage(
  filter: { control?: string; clause?: string },
  query: string,
  offset: number,
  limit: number,
): Promise<EvidencePageView> {
  return call('evidence_page', {
    control: filter.control ?? null,
    clause: filter.clause ?? null,
    query,
    offset,
    limit,
  });
}

/** Stores files as evidence; all or none are added. */
export function addEvidenceFiles(
  paths: string[],
  input: EvidenceInputView,
  onProgress: OnProgress,
): Promise<EvidenceView[]> {
  return call('add_evidence_files', { paths, input, onProgress: progressChannel(onProgress) });
}

/**
 * Stores every file of a folder, by the control ids in their names or all to `input`'s; files
 * already stored for the same controls are skipped and listed.
 */
export function importEvidenceFolder(
  folder: string,
  input: EvidenceInputView,
  onProgress: OnProgress,
): Promise<ImportView> {
  return call('import_evidence_folder', { folder, input, onProgress: progressChannel(onProgress) });
}

/** Stops the running store or verification (it rolls back). */
export function cancelOperation(): Promise<void> {
  return call('cancel_operation');
}

export function addEvidenceLink(
  url: string,
  note: string,
  input: EvidenceInputView,
): Promise<EvidenceView> {
  return call('add_evidence_link', { url, note, input });
}

export function addEvidenceNote(text: string, input: EvidenceInputView): Promise<EvidenceView> {
  return call('add_evidence_note', { text, input });
}

export function updateEvidence(id: number, input: EvidenceInputView): Promise<EvidenceView> {
  return call('update_evidence', { id, input });
}

export function addEvidenceVersion(
  id: number,
  path: string,
  onProgress: OnProgress,
): Promise<EvidenceView> {
  return call('add_evidence_version', { id, path, onProgress: progressChannel(onProgress) });
}

export function removeEvidence(id: number): Promise<void> {
  return call('remove_evidence', { id });
}

/** Writes a file evidence to `dest`; returns the path written. */
export function exportEvidence(id: number, version: number | null, dest: string): Promise<string> {
  return call('export_evidence', { id, version, dest });
}

/** Opens a file evidence in the operating system's default application. */
export function openEvidence(id: number, version: number | null): Promise<void> {
  return call('open_evidence', { id, version });
}

/** The start of a text evidence, for the preview. */
export function evidenceText(sha256: string): Promise<string> {
  return call('evidence_text', { sha256 });
}

export function verifyEvidence(onProgress: OnProgress): Promise<VerifyView> {
  return call('verify_evidence', { onProgress: progressChannel(onProgress) });
}

/** Rewrites the open workspace without the free pages removals left; Cancel stops it. */
export function compactWorkspace(onProgress: OnProgress): Promise<CompactView> {
  return call('compact_workspace', { onProgress: progressChannel(onProgress) });
}

/** The URL under which the preview pane loads a stored image or PDF. */
export function evidenceUrl(sha256: string): string {
  return convertFileSrc(sha256, 'evidence');
}

/** Asks the OS file dialog for evidence files; an empty list when the user cancels. */
export function pickEvidenceFiles(): Promise<string[]> {
  return choosePaths('evidence_files');
}

/** Asks the OS file dialog for one file (a new version); null when the user cancels. */
export function pickEvidenceFile(): Promise<string | null> {
  return choosePath('evidence_file');
}

/** Asks the OS file dialog for a folder to import; null when the user cancels. */
export function pickEvidenceFolder(): Promise<string | null> {
  return choosePath('evidence_folder');
}

/** Asks the OS save dialog where to export a file; null when the user cancels. */
export function pickExportPath(suggested: string): Promise<string | null> {
  return choosePath('export_file', { suggested });
}

/** Files dropped on the window: their paths and where (CSS pixels) they were dropped. */
export type Dropped = { paths: string[]; x: number; y: number };

/**
 * Calls `onHover` while files are dragged over the window (null when they leave) and `onDrop`
 * when they are dropped. Returns the function that stops listening.
 */
export async function onFilesDropped(
  onDrop: (dropped: Dropped) => void,
  onHover: (at: { x: number; y: number } | null) => void,
): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
    const p = event.payload;
    const scale = window.devicePixelRatio || 1;
    if (p.type === 'drop') {
      onHover(null);
      onDrop({ paths: p.paths, x: p.position.x / scale, y: p.position.y / scale });
    } else if (p.type === 'over' || p.type === 'enter') {
      onHover({ x: p.position.x / scale, y: p.position.y / scale });
    } else {
      onHover(null);
    }
  });
}

/** What an auditor will flag in the pack these options would produce. */
export function packCheck(options: PackOptionsView): Promise<Finding[]> {
  return call('pack_check', { options });
}

/** Writes an audit pack to `dest` (through a temporary file, renamed at the end). */
export function exportPack(
  dest: string,
  options: PackOptionsView,
  onProgress: OnProgress,
): Promise<PackSummaryView> {
  return call('export_pack', { dest, options, onProgress: progressChannel(onProgress) });
}

/** Writes the board report (PDF) to `dest`, chosen in the save dialog. */
export function writeBoardReport(dest: string): Promise<BoardReportView> {
  return call('write_board_report', { dest });
}

/**
 * Asks the OS save dialog where to save the board report, opening it in `folder` with the name
 * `suggested` to confirm or change; null when the user cancels.
 */
export function pickReportToWrite(folder: string, suggested: string): Promise<string | null> {
  return choosePath('write_report', { folder, suggested });
}

/**
 * Verifies an audit pack and reads it for auditor mode; `expect` is the fingerprint the
 * sender gave apart from the pack ('' when none was given), which must then match.
 */
export function openPack(
  path: string,
  expect: string,
  onProgress: OnProgress,
): Promise<PackContentsView> {
  return call('open_pack', { path, expect, onProgress: progressChannel(onProgress) });
}

/** Opens the board report just saved, or (`folder`) the folder it is in. */
export function openBoardReport(path: string, folder: boolean): Promise<void> {
  return call('open_board_report', { path, folder });
}

/** The audit pack the app was started with ("Open with Annexa" on a zip), once; or null. */
export function startupPack(): Promise<string | null> {
  return call('startup_pack');
}

/** Opens one file of an audit pack (checked against its manifest) in the default application. */
export function openPackFile(path: string, entry: string): Promise<void> {
  return call('open_pack_file', { path, entry });
}

/** Asks the OS save dialog where to write an audit pack; null when the user cancels. */
export function pickPackToWrite(suggested: string): Promise<string | null> {
  return choosePath('write_pack', { suggested });
}

/** Asks the OS file dialog for an audit pack to open; null when the user cancels. */
export function pickPackToOpen(): Promise<string | null> {
  return choosePath('open_pack');
}

// Fast entry in a workshop: what a key does on a row of the assessment, the edits that undo
// a change, and how control ids compare (for the table's order). Pure, for Vitest.

import type { ControlEdit, ControlStateView, Status } from './bindings';
import { STATUSES } from './assessment';

export type KeyAction =
  | { kind: 'move'; to: 'previous' | 'next' | 'first' | 'last' }
  | { kind: 'cell'; to: 'left' | 'right' }
  | { kind: 'status'; value: Status }
  | { kind: 'applicable'; value: boolean | null }
  | { kind: 'open' }
  | { kind: 'owner' }
  | { kind: 'target' }
  | { kind: 'toggle' }
  | { kind: 'undo' }
  | { kind: 'fill' };

type Key = { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean };

/**
 * What a key pressed on a cell of a row does, whichever cell has focus: ↑↓ and Home/End move
 * between rows (staying in the column), ←→ between the row's cells, 0–4 set the status (not
 * assessed … implemented), y/n/u set applicability, Enter opens the detail (on the control's
 * name) or the field, o opens the owner and t the target date, Space picks the row, Ctrl+D
 * copies the cell above into this one (as in a spreadsheet), Ctrl+Z undoes the last change;
 * anything else is left to the page.
 */
export function workshopKey(e: Key): KeyAction | null {
  if (e.altKey) return null;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') return { kind: 'undo' };
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'd') return { kind: 'fill' };
  if (e.ctrlKey || e.metaKey) return null;
  switch (e.key) {
    case 'ArrowUp':
      return { kind: 'move', to: 'previous' };
    case 'ArrowDown':
      return { kind: 'move', to: 'next' };
    case 'Home':
      return { kind: 'move', to: 'first' };
    case 'End':
      return { kind: 'move', to: 'last' };
    case 'ArrowLeft':
      return { kind: 'cell', to: 'left' };
    case 'ArrowRight':
      return { kind: 'cell', to: 'right' };
    case 'Enter':
      return { kind: 'open' };
    case ' ':
      return { kind: 'toggle' };
    case 'y':
      return { kind: 'applicable', value: true };
    case 'n':
      return { kind: 'applicable', value: false };
    case 'u':
      return { kind: 'applicable', value: null };
    case 'o':
      return { kind: 'owner' };
    case 't':
      return { kind: 'target' };
  }
  const digit = /^[0-4]$/.test(e.key) ? Number(e.key) : -1;
  const status = STATUSES[digit];
  return status ? { kind: 'status', value: status } : null;
}

/** The edits that put back what `edits` changed on `before`. */
export function undoEdits(before: ControlStateView, edits: ControlEdit[]): ControlEdit[] {
  return edits.map((edit): ControlEdit => {
    switch (edit.field) {
      case 'applicable':
        return { field: 'applicable', value: before.applicable };
      case 'justification':
        return { field: 'justification', value: before.justification };
      case 'reasons':
        return { field: 'reasons', value: [...before.reasons] };
      case 'status':
        return { field: 'status', value: before.status };
      case 'maturity':
        return { field: 'maturity', value: before.maturity };
      case 'owner':
        return { field: 'owner', value: before.owner };
      case 'contributors':
        return { field: 'contributors', value: [...before.contributors] };
      case 'target_date':
        return { field: 'target_date', value: before.target_date };
      case 'priority':
        return { field: 'priority', value: before.priority };
      case 'current_state':
        return { field: 'current_state', value: before.current_state };
      case 'gap':
        return { field: 'gap', value: before.gap };
    }
  });
}

/**
 * The row as it will read once `edits` are saved, so the table shows a change in the frame
 * after the key, not after the round trip; the saved row from Rust replaces it (or `before`
 * comes back when the save is refused).
 */
export function applyEdits(before: ControlStateView, edits: ControlEdit[]): ControlStateView {
  const after = { ...before };
  for (const edit of edits) {
    switch (edit.field) {
      case 'applicable':
        after.applicable = edit.value;
        break;
      case 'justification':
        after.justification = edit.value;
        break;
      case 'reasons':
        after.reasons = [...edit.value];
        break;
      case 'status':
        after.status = edit.value;
        break;
      case 'maturity':
        after.maturity = edit.value;
        break;
      case 'owner':
        after.owner = edit.value;
        break;
      case 'contributors':
        after.contributors = [...edit.value];
        break;
      case 'target_date':
        after.target_date = edit.value;
        break;
      case 'priority':
        after.priority = edit.value;
        break;
      case 'current_state':
        after.current_state = edit.value;
        break;
      case 'gap':
        after.gap = edit.value;
        break;
    }
  }
  return after;
}

/**
 * A date as typed into a date cell: empty (no date), or an ISO date that exists on the
 * calendar (`2027-03-31`, not `2027-02-30`). Returns the date to save, or an error in words.
 */
export function typedDate(text: string): { date: string | null } | { error: string } {
  const t = text.trim();
  if (t === '') return { date: null };
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (!m) return { error: `“${t}” is not a date: type it as YYYY-MM-DD, e.g. 2027-03-31.` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) {
    return { error: `${t} is not a day of the calendar.` };
  }
  return { date: t };
}

/** `A.5.10` after `A.5.9`: ids compared by their numbers. */
export function compareIds(a: string, b: string): number {
  const parts = (id: string) => id.replace(/^A\./, '').split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

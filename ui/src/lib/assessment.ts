// Labels and small computations for the assessment screens. Pure, so unit-tested.

import type { ActionStatus, ControlStateView, Priority, Reason, Status } from './bindings';

export const STATUSES: readonly Status[] = [
  'not_assessed',
  'not_implemented',
  'planned',
  'partially_implemented',
  'implemented',
];

export const STATUS_LABELS: Record<Status, string> = {
  not_assessed: 'Not assessed',
  not_implemented: 'Not implemented',
  planned: 'Planned',
  partially_implemented: 'Partially implemented',
  implemented: 'Implemented',
};

export const REASONS: readonly Reason[] = [
  'risk_assessment',
  'legal_regulatory',
  'contractual',
  'business_requirement',
  'best_practice',
];

export const REASON_LABELS: Record<Reason, string> = {
  risk_assessment: 'Risk assessment',
  legal_regulatory: 'Legal or regulatory',
  contractual: 'Contractual',
  business_requirement: 'Business requirement',
  best_practice: 'Best practice',
};

export const PRIORITIES: readonly Priority[] = ['low', 'medium', 'high', 'critical'];

export const ACTION_STATUSES: readonly ActionStatus[] = [
  'open',
  'in_progress',
  'done',
  'cancelled',
];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const MATURITY_LABELS = [
  'Non-existent',
  'Initial',
  'Repeatable',
  'Defined',
  'Managed',
  'Optimised',
] as const;

/** `true` → "yes", `false` → "no", `null` → "" (not decided), as the select shows it. */
export function applicableValue(a: boolean | null): '' | 'yes' | 'no' {
  return a === null ? '' : a ? 'yes' : 'no';
}

export function parseApplicable(v: string): boolean | null {
  return v === 'yes' ? true : v === 'no' ? false : null;
}

/** A 0–1 score as a whole percentage. */
export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

/** True when an applicable, unfinished control's target date is before `today`. */
export function isLate(c: ControlStateView, today: string): boolean {
  return (
    c.applicable !== false &&
    c.status !== 'implemented' &&
    c.target_date !== null &&
    c.target_date < today
  );
}

/** Today as YYYY-MM-DD in local time. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** What the Annex A table can be narrowed to, as the dashboard's cards count it. */
export type Show = '' | 'late' | 'unowned' | 'undecided';
export const SHOW_LABELS: Record<Show, string> = {
  '': 'All controls',
  late: 'Late',
  unowned: 'Without an owner',
  undecided: 'Not decided',
};

/** Whether a control belongs to what `show` narrows the table to. */
export function isShown(c: ControlStateView, show: Show, today: string): boolean {
  switch (show) {
    case '':
      return true;
    case 'late':
      return isLate(c, today);
    case 'unowned':
      return c.applicable === true && !c.owner;
    case 'undecided':
      return c.applicable === null;
  }
}

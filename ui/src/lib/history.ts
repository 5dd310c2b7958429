// The history in words: a change as people read it (labels, not stored values), and its time
// in the reader's own time zone. The stored values stay as they are. Pure, for Vitest.

import type { HistoryView } from './bindings';
import { MATURITY_LABELS, REASON_LABELS, STATUS_LABELS } from './assessment';

const FIELD_LABELS: Record<string, string> = {
  applicable: 'Applicable',
  status: 'Status',
  maturity: 'Maturity',
  owner: 'Owner',
  target_date: 'Target date',
  reasons: 'Reasons',
  gap: 'Gap',
  justification: 'Justification',
  contributors: 'Contributors',
  evidence: 'Evidence',
  priority: 'Priority',
  current_state: 'Current state',
};

const APPLICABLE: Record<string, string> = { yes: 'Yes', no: 'No', undecided: 'Not decided' };

/** A stored value of `field` as the window shows it; empty is "–". */
export function valueText(field: string, value: string | null): string {
  if (value === null || value === '') return '–';
  switch (field) {
    case 'status':
      return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? value;
    case 'applicable':
      return APPLICABLE[value] ?? value;
    case 'maturity': {
      const n = Number(value);
      return Number.isInteger(n) && MATURITY_LABELS[n] ? `${n} ${MATURITY_LABELS[n]}` : value;
    }
    case 'reasons':
      return value
        .split(',')
        .map((r) => REASON_LABELS[r.trim() as keyof typeof REASON_LABELS] ?? r.trim())
        .join(', ');
    case 'evidence':
      return value.startsWith('#') ? `evidence ${value}` : value;
    default:
      return value;
  }
}

/** One change in words: "Status: Not assessed → Partially implemented". */
export function changeText(h: HistoryView): { field: string; from: string; to: string } {
  return {
    field: FIELD_LABELS[h.field] ?? h.field,
    from: valueText(h.field, h.old_value),
    to: valueText(h.field, h.new_value),
  };
}

/** A stored UTC time as a reader reads it: "7 Dec 2026, 20:46" in their time zone. */
export function readableTime(at: string, timeZone?: string): string {
  const t = new Date(at);
  if (Number.isNaN(t.getTime())) return at;
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(t);
}

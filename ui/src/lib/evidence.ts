// Pure helpers for showing evidence: sizes, statuses, previews. No IPC here, so vitest can
// check them without a window.

import type {
  EvidenceInputView,
  EvidenceStatus,
  EvidenceView,
  LeftOutView,
  ProgressView,
  ReviewInterval,
} from './bindings';

export const EVIDENCE_STATUSES: EvidenceStatus[] = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'expired',
];

export const EVIDENCE_STATUS_LABELS: Record<EvidenceStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
};

export const REVIEW_INTERVALS: ReviewInterval[] = ['monthly', 'quarterly', 'yearly'];

/** 1536 → "1.5 KiB", as the CLI writes it. */
export function humanSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** How the preview pane can show a file: inline image, PDF frame, text, or not at all. */
export function previewKind(mediaType: string | null): 'image' | 'pdf' | 'text' | null {
  if (!mediaType) return null;
  if (mediaType === 'image/svg+xml') return 'text';
  if (mediaType.startsWith('image/')) return 'image';
  if (mediaType === 'application/pdf') return 'pdf';
  if (
    mediaType.startsWith('text/') ||
    mediaType === 'application/json' ||
    mediaType === 'application/xml'
  )
    return 'text';
  return null;
}

/** A blank form for new evidence proving `control` (and nothing else yet). */
export function blankInput(control: string | null): EvidenceInputView {
  return {
    title: '',
    description: '',
    issued_on: '',
    valid_until: '',
    review_interval: null,
    provided_by: '',
    status: null,
    controls: control ? [control] : [],
    clauses: [],
  };
}

/** The edit form for existing evidence, with every field as stored. */
export function inputOf(e: EvidenceView): EvidenceInputView {
  return {
    title: e.title,
    description: e.description,
    issued_on: e.issued_on ?? '',
    valid_until: e.valid_until ?? '',
    review_interval: e.review_interval,
    provided_by: e.provided_by ?? '',
    status: e.recorded_status,
    controls: [...e.controls],
    clauses: [...e.clauses],
  };
}

/** "A.5.1, 8.13 , clause 6.1.2" → controls ["A.5.1", "A.8.13"] and clauses ["6.1.2"]. */
export function parseTargets(text: string): { controls: string[]; clauses: string[] } {
  const controls: string[] = [];
  const clauses: string[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const clause = /^clause\s+(.+)$/i.exec(item);
    if (clause?.[1]) clauses.push(clause[1].trim());
    else controls.push(`A.${item.replace(/^a\.?\s*/i, '')}`);
  }
  return { controls, clauses };
}

/** The inverse of `parseTargets`, as the edit form shows it. */
export function formatTargets(controls: string[], clauses: string[]): string {
  return [...controls, ...clauses.map((c) => `clause ${c}`)].join(', ');
}

/** The share of a long operation done, 0 to 1 (bytes when known, else files). */
export function fractionDone(p: ProgressView | null): number {
  if (!p) return 0;
  if (p.bytes_total > 0) return Math.min(1, p.bytes_done / p.bytes_total);
  if (p.files_total > 0) return Math.min(1, p.files_done / p.files_total);
  return 0;
}

/** Expired first, then by expiry date; evidence without an end date last. */
export function byExpiry(a: EvidenceView, b: EvidenceView): number {
  const ka = a.expires_on ?? '9999-12-31';
  const kb = b.expires_on ?? '9999-12-31';
  return ka < kb ? -1 : ka > kb ? 1 : a.id - b.id;
}

/**
 * What a folder import did not take, as a sentence to follow the import's message: each
 * thing by its name and why (a named pipe, a hidden file), the first three, then how many
 * more. Empty when nothing was left out.
 */
export function leftOutSentence(leftOut: LeftOutView[]): string {
  if (leftOut.length === 0) return '';
  const name = (path: string) => path.split('/').pop() || path;
  const shown = leftOut.slice(0, 3).map((l) => `${name(l.path)}: ${l.reason}`);
  const more = leftOut.length > 3 ? ` and ${leftOut.length - 3} more` : '';
  return ` Left out ${shown.join('; ')}${more}.`;
}

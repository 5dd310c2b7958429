// The assessment table's optional columns and which of them the user has hidden. Kept in the
// webview's local storage, like the theme: a preference of this machine's window.

export const COLUMNS = [
  ['applicable', 'Applicable'],
  ['status', 'Status'],
  ['owner', 'Owner'],
  ['maturity', 'Maturity'],
  ['target', 'Target'],
  ['evidence', 'Evidence'],
] as const;

export type ColumnKey = (typeof COLUMNS)[number][0];

const KEY = 'annexa.assessment.hidden-columns';
const KNOWN: readonly string[] = COLUMNS.map(([key]) => key);

/** A stored value read back: the known column keys it names, in table order; else none. */
export function parseHidden(value: string | null | undefined): ColumnKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return COLUMNS.map(([key]) => key).filter((key) => parsed.includes(key) && KNOWN.includes(key));
}

export function loadHidden(): ColumnKey[] {
  try {
    return parseHidden(globalThis.localStorage?.getItem(KEY));
  } catch {
    return [];
  }
}

export function saveHidden(hidden: readonly ColumnKey[]): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(hidden));
  } catch {
    // Without storage the choice lasts until the window closes.
  }
}

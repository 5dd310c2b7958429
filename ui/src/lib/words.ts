// Words the window writes around numbers. Pure, for Vitest.

/** "1 file", "2 files", "0 files": a count with its noun in the right number. */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

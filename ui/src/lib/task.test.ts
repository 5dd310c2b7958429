import { describe, expect, it } from 'vitest';
import { cornerAwayFrom, doneText } from './task.svelte';

describe('doneText', () => {
  it('says how long the work took, in seconds people read', () => {
    expect(doneText('Importing a folder', 3240)).toBe('Importing a folder: done in 3.2 s');
    expect(doneText('Exporting the audit pack', 2000)).toBe(
      'Exporting the audit pack: done in 2 s',
    );
    expect(doneText('Verifying stored files', 73_600)).toBe('Verifying stored files: done in 74 s');
  });

  it('says "under a second" rather than "0 s"', () => {
    expect(doneText('Verifying the audit pack', 120)).toBe(
      'Verifying the audit pack: done in under a second',
    );
    expect(doneText('Verifying the audit pack', 1000)).toBe(
      'Verifying the audit pack: done in 1 s',
    );
  });
});

describe('cornerAwayFrom', () => {
  const at = (left: number, top: number) => ({ left, right: left + 100, top, bottom: top + 30 });
  it('keeps the toasts off the control just used', () => {
    // The drawer's "Add files…" low on the right at 1024×700: the toasts go left.
    expect(cornerAwayFrom(at(880, 600), 1024, 700)).toBe('left');
    // A header action high on the right, a form on the left: the usual corner.
    expect(cornerAwayFrom(at(880, 20), 1024, 700)).toBe('right');
    expect(cornerAwayFrom(at(220, 640), 1024, 700)).toBe('right');
    expect(cornerAwayFrom(null, 1024, 700)).toBe('right');
  });
});

import { describe, expect, it } from 'vitest';
import { doneText } from './task.svelte';

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

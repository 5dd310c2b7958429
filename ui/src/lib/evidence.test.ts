import { describe, expect, it } from 'vitest';
import {
  blankInput,
  byExpiry,
  formatTargets,
  fractionDone,
  humanSize,
  leftOutSentence,
  parseTargets,
  previewKind,
} from './evidence';
import type { EvidenceView } from './bindings';

describe('evidence helpers', () => {
  it('writes sizes as the CLI does', () => {
    expect(humanSize(0)).toBe('0 B');
    expect(humanSize(1023)).toBe('1023 B');
    expect(humanSize(1536)).toBe('1.5 KiB');
    expect(humanSize(1024 ** 3)).toBe('1.0 GiB');
  });

  it('previews only what the window can show safely', () => {
    expect(previewKind('image/png')).toBe('image');
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('text/csv')).toBe('text');
    expect(previewKind('image/svg+xml')).toBe('text');
    expect(previewKind('application/zip')).toBeNull();
    expect(previewKind(null)).toBeNull();
  });

  it('reads and writes targets as people type them', () => {
    expect(parseTargets('A.5.1, 8.13 ,clause 6.1.2,, a5.15, A 8.2')).toEqual({
      controls: ['A.5.1', 'A.8.13', 'A.5.15', 'A.8.2'],
      clauses: ['6.1.2'],
    });
    expect(formatTargets(['A.5.1'], ['6.1.2'])).toBe('A.5.1, clause 6.1.2');
    expect(parseTargets(formatTargets(['A.5.1', 'A.8.34'], ['9.2.2']))).toEqual({
      controls: ['A.5.1', 'A.8.34'],
      clauses: ['9.2.2'],
    });
    expect(blankInput('A.5.1').controls).toEqual(['A.5.1']);
    expect(blankInput(null).controls).toEqual([]);
  });

  it('measures progress by bytes, else by files', () => {
    const p = { files_done: 1, files_total: 4, bytes_done: 0, bytes_total: 0, current: '' };
    expect(fractionDone(null)).toBe(0);
    expect(fractionDone(p)).toBe(0.25);
    expect(fractionDone({ ...p, bytes_done: 30, bytes_total: 40 })).toBe(0.75);
  });

  it('sorts by expiry with open-ended evidence last', () => {
    const e = (id: number, expires_on: string | null) =>
      ({ id, expires_on }) as unknown as EvidenceView;
    const sorted = [e(1, null), e(2, '2027-01-01'), e(3, '2026-01-01')].sort(byExpiry);
    expect(sorted.map((x) => x.id)).toEqual([3, 2, 1]);
  });

  it('says what a folder import left out, and why', () => {
    expect(leftOutSentence([])).toBe('');
    const pipe = { path: '/work/evidence/A.5.15 pipe', reason: 'a named pipe (FIFO), not a file' };
    expect(leftOutSentence([pipe])).toBe(' Left out A.5.15 pipe: a named pipe (FIFO), not a file.');
    const many = Array.from({ length: 5 }, (_, i) => ({ path: `/f/.h${i}`, reason: 'hidden' }));
    expect(leftOutSentence(many)).toBe(
      ' Left out .h0: hidden; .h1: hidden; .h2: hidden and 2 more.',
    );
  });
});

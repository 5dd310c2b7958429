import { describe, expect, it } from 'vitest';
import { control } from './testing';
import { applyEdits, compareIds, typedDate, undoEdits, workshopKey } from './workshop';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean }> = {}) =>
  workshopKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('workshopKey', () => {
  it('maps single keys to what they do on a row', () => {
    expect(key('ArrowDown')).toEqual({ kind: 'move', to: 'next' });
    expect(key('Home')).toEqual({ kind: 'move', to: 'first' });
    expect(key('4')).toEqual({ kind: 'status', value: 'implemented' });
    expect(key('0')).toEqual({ kind: 'status', value: 'not_assessed' });
    expect(key('y')).toEqual({ kind: 'applicable', value: true });
    expect(key('u')).toEqual({ kind: 'applicable', value: null });
    expect(key('z', { ctrlKey: true })).toEqual({ kind: 'undo' });
    expect(key(' ')).toEqual({ kind: 'toggle' });
    expect(key('ArrowRight')).toEqual({ kind: 'cell', to: 'right' });
    expect(key('ArrowLeft')).toEqual({ kind: 'cell', to: 'left' });
    expect(key('t')).toEqual({ kind: 'target' });
    expect(key('o')).toEqual({ kind: 'owner' });
    expect(key('d', { ctrlKey: true })).toEqual({ kind: 'fill' });
  });

  it('leaves other keys, and the Alt shortcuts of the views, to the page', () => {
    expect(key('5')).toBeNull();
    expect(key('x')).toBeNull();
    expect(key('2', { altKey: true })).toBeNull();
    expect(key('c', { ctrlKey: true })).toBeNull();
  });
});

describe('applyEdits', () => {
  const before = control('A.5.1', { status: 'planned', owner: 'Ana', applicable: true });

  it('shows each field an edit sets, and leaves the others and the row given alone', () => {
    const check = (edits: Parameters<typeof applyEdits>[1], expected: Partial<typeof before>) => {
      const after = applyEdits(before, edits);
      expect(after).toEqual({ ...before, ...expected });
      expect(before.status).toBe('planned');
      expect(before.owner).toBe('Ana');
    };
    check([{ field: 'status', value: 'implemented' }], { status: 'implemented' });
    check([{ field: 'owner', value: null }], { owner: null });
    check([{ field: 'maturity', value: 3 }], { maturity: 3 });
    check([{ field: 'target_date', value: '2027-03-31' }], { target_date: '2027-03-31' });
    check(
      [
        { field: 'justification', value: 'No offices' },
        { field: 'applicable', value: false },
      ],
      { justification: 'No offices', applicable: false },
    );
    check([{ field: 'contributors', value: ['Bo', 'Cy'] }], { contributors: ['Bo', 'Cy'] });
    check([{ field: 'gap', value: 'No review yet' }], { gap: 'No review yet' });
  });

  it('undone by undoEdits: the row comes back as it was', () => {
    const edits: Parameters<typeof applyEdits>[1] = [
      { field: 'status', value: 'implemented' },
      { field: 'applicable', value: null },
      { field: 'reasons', value: ['legal_regulatory'] },
      { field: 'priority', value: 'high' },
    ];
    const after = applyEdits(before, edits);
    expect(after).not.toEqual(before);
    expect(applyEdits(after, undoEdits(before, edits))).toEqual(before);
  });
});

describe('undoEdits', () => {
  it('puts back the fields an edit changed, and only those', () => {
    const before = control('A.5.1', { status: 'planned', owner: 'Ana', applicable: true });
    expect(
      undoEdits(before, [
        { field: 'status', value: 'implemented' },
        { field: 'owner', value: null },
      ]),
    ).toEqual([
      { field: 'status', value: 'planned' },
      { field: 'owner', value: 'Ana' },
    ]);
  });
});

describe('sorting', () => {
  it('compares ids by their numbers', () => {
    expect(['A.5.10', 'A.5.9', 'A.8.1', 'A.5.1'].sort(compareIds)).toEqual([
      'A.5.1',
      'A.5.9',
      'A.5.10',
      'A.8.1',
    ]);
  });
});

describe('typedDate', () => {
  it('takes an ISO date that exists, and empty for no date', () => {
    expect(typedDate('2027-03-31')).toEqual({ date: '2027-03-31' });
    expect(typedDate(' 2028-02-29 ')).toEqual({ date: '2028-02-29' });
    expect(typedDate('')).toEqual({ date: null });
  });

  it('says what is wrong with anything else', () => {
    expect(typedDate('31/03/2027')).toEqual({
      error: '“31/03/2027” is not a date: type it as YYYY-MM-DD, e.g. 2027-03-31.',
    });
    expect(typedDate('2027-3-31')).toHaveProperty('error');
    expect(typedDate('2027-02-29')).toEqual({ error: '2027-02-29 is not a day of the calendar.' });
    expect(typedDate('2027-13-01')).toHaveProperty('error');
  });
});

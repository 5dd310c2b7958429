import { describe, expect, it } from 'vitest';
import { control } from './testing';
import { compareIds, undoEdits, workshopKey } from './workshop';

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
  });

  it('leaves other keys, and the Alt shortcuts of the views, to the page', () => {
    expect(key('5')).toBeNull();
    expect(key('x')).toBeNull();
    expect(key('2', { altKey: true })).toBeNull();
    expect(key('c', { ctrlKey: true })).toBeNull();
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

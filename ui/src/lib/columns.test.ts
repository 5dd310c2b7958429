import { describe, expect, it } from 'vitest';
import { parseHidden, toggleColumn } from './columns';

describe('parseHidden', () => {
  it('keeps the known columns a stored value names, in table order', () => {
    expect(parseHidden('["target","owner","nonsense"]')).toEqual(['owner', 'target']);
  });
  it('reads nothing, or anything else, as every column shown', () => {
    expect(parseHidden(null)).toEqual([]);
    expect(parseHidden('not json')).toEqual([]);
    expect(parseHidden('{"owner":true}')).toEqual([]);
  });
});

describe('toggleColumn', () => {
  it('hides a shown column and shows a hidden one', () => {
    const hidden = toggleColumn([], 'maturity');
    expect(hidden).toEqual(['maturity']);
    expect(toggleColumn(toggleColumn(hidden, 'applicable'), 'maturity')).toEqual(['applicable']);
  });
});

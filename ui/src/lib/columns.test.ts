import { describe, expect, it } from 'vitest';
import { parseHidden } from './columns';

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

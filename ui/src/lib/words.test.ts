import { describe, expect, it } from 'vitest';
import { plural } from './words';

describe('plural', () => {
  it('puts the noun in the number the count asks for', () => {
    expect(plural(1, 'file', 'files')).toBe('1 file');
    expect(plural(2, 'file', 'files')).toBe('2 files');
    expect(plural(0, 'person', 'people')).toBe('0 people');
    expect(plural(12500, 'item', 'items')).toBe('12,500 items');
  });
});

import { describe, expect, it } from 'vitest';
import { fileName } from './paths';

describe('fileName', () => {
  it('keeps the last part of a path with either slash', () => {
    expect(fileName('/home/ana/clients/acme.annexa')).toBe('acme.annexa');
    expect(fileName('C:\\clients\\bo.annexa')).toBe('bo.annexa');
    expect(fileName('plain.annexa')).toBe('plain.annexa');
  });
});

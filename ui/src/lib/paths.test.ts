import { describe, expect, it } from 'vitest';
import { fileName, folderOf } from './paths';

describe('fileName', () => {
  it('keeps the last part of a path with either slash', () => {
    expect(fileName('/home/ana/clients/acme.annexa')).toBe('acme.annexa');
    expect(fileName('C:\\clients\\bo.annexa')).toBe('bo.annexa');
    expect(fileName('plain.annexa')).toBe('plain.annexa');
  });
});

describe('folderOf', () => {
  it('keeps all but the last part of a path', () => {
    expect(folderOf('/home/ana/clients/acme.annexa')).toBe('/home/ana/clients');
    expect(folderOf('C:\\clients\\bo.annexa')).toBe('C:\\clients');
    expect(folderOf('/acme.annexa')).toBe('/');
    expect(folderOf('acme.annexa')).toBe('');
  });
});

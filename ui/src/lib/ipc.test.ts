import { describe, expect, it } from 'vitest';
import { isErrorPayload, toErrorPayload } from './ipc';

describe('errors from Rust', () => {
  it('recognises the {kind, message} payload', () => {
    expect(isErrorPayload({ kind: 'not_found', message: 'no workspace at x' })).toBe(true);
    expect(isErrorPayload({ kind: 'not_found' })).toBe(false);
    expect(isErrorPayload('boom')).toBe(false);
    expect(isErrorPayload(null)).toBe(false);
  });

  it('keeps a payload as it is and wraps anything else as internal', () => {
    const payload = { kind: 'busy', message: 'being written' } as const;
    expect(toErrorPayload(payload)).toBe(payload);
    expect(toErrorPayload(new Error('bad'))).toEqual({ kind: 'internal', message: 'bad' });
    expect(toErrorPayload('text')).toEqual({ kind: 'internal', message: 'text' });
  });
});

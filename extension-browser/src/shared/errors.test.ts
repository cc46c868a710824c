import { describe, expect, it, vi } from 'vitest';
import { generateKey } from '../../../test/helpers/keys.ts';
import { logError, scrub, serializeError } from './errors.ts';

describe('errors', () => {
  it('serializes any thrown value to {name, code, message} with keys, JWTs and bearer values hidden', () => {
    const key = generateKey();
    const jwt = `eyJ${'a'.repeat(20)}.eyJ${'b'.repeat(20)}.${'c'.repeat(20)}`;
    const error = Object.assign(new TypeError(`failed for ${key} with ${jwt} and Bearer secret-token-value`), { code: 'E_X' });
    const out = serializeError(error);
    expect(out).toEqual({ name: 'TypeError', code: 'E_X', message: `failed for rt_live_…${key.slice(-4)} with eyJ… and Bearer …` });
    expect(serializeError(`plain ${key}`)).toEqual({ name: 'Error', code: 'E_UNEXPECTED', message: `plain rt_live_…${key.slice(-4)}` });
    expect(scrub(key)).not.toContain(key);
  });

  it('logError writes one redacted console line', () => {
    const key = generateKey('rt_test_');
    const lines: unknown[][] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args));
    logError('paste', new Error(`could not inspect ${key}`));
    spy.mockRestore();
    expect(lines).toEqual([[`[rt-guard] paste: Error E_UNEXPECTED: could not inspect rt_test_…${key.slice(-4)}`]]);
  });
});

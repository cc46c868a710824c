import { generateKeyBody } from '../../core/src/detect/fill-slots.ts';

/**
 * A real-looking key, made at test time so none is ever committed: `prefix` + `length` random
 * base62 characters that the detector's placeholder filter accepts (so it is always found).
 */
export function generateKey(prefix = 'rt_live_', length = 32): string {
  return prefix + generateKeyBody(length);
}

/** The last 4 characters of a key: what its redacted form shows. */
export function tail(key: string): string {
  return key.slice(-4);
}

/** A Runtype live API key. */
export const liveKey = (): string => generateKey('rt_live_');
/** A Runtype test API key. */
export const testKey = (): string => generateKey('rt_test_');
/** A Runtype client token (public by design). */
export const clientToken = (): string => generateKey('ct_live_');

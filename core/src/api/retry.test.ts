import { describe, expect, it } from 'vitest';
import { backoffDelay, isIdempotent, isRetryableStatus, parseRetryAfter, resolveRetry } from './retry.ts';

describe('retry policy', () => {
  it('only idempotent methods', () => {
    expect(['GET', 'PUT', 'DELETE', 'get'].map(isIdempotent)).toEqual([true, true, true, true]);
    expect(isIdempotent('POST')).toBe(false);
  });

  it('429 and 5xx (except 501) are retryable, 4xx not', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 501].some(isRetryableStatus)).toBe(false);
  });

  it('full jitter, doubling, capped', () => {
    const r = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, r, () => 0.999999))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(3, r, () => 0)).toBe(0);
    expect(backoffDelay(3, r, () => 0.5)).toBe(200);
  });

  it('Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

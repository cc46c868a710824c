import { CACHE_TTL } from '@rt-guard/core';
import { describe, expect, it } from 'vitest';
import type { TabState } from '../shared/messages.ts';
import { createMemoryVerificationCache, withKnownStatus } from './verification-cache.ts';

const fp = (c: string) => c.repeat(64);

function state(): TabState {
  const base = {
    ruleId: 'runtype-live-api-key',
    kind: 'live',
    redacted: 'rt_live_…abcd',
    source: 'inline-script',
    where: 'inline script #1',
    frameId: 0,
  } as const;
  return {
    detections: [
      { ...base, id: 'a', fingerprint: fp('a') },
      { ...base, id: 'b', fingerprint: fp('b') },
      { ...base, id: 'c', fingerprint: fp('c') },
    ],
    pageScanCount: 1,
  };
}

describe('background verification cache', () => {
  it('keeps invalid long, live briefly, unknown never; the popup state carries what it knows', () => {
    let now = new Date('2026-11-30T10:00:00Z');
    const cache = createMemoryVerificationCache(() => now);
    cache.set(fp('a'), { status: 'invalid', checkedAt: now.toISOString(), reason: 'Revoked by a rotation.' });
    cache.set(fp('b'), { status: 'live', checkedAt: now.toISOString() });
    cache.set(fp('c'), { status: 'unknown', checkedAt: now.toISOString() });
    expect(withKnownStatus(state(), cache).detections.map((d) => d.knownStatus)).toEqual(['invalid', 'live', undefined]);

    now = new Date(now.getTime() + CACHE_TTL.liveMs + 1);
    expect(withKnownStatus(state(), cache).detections.map((d) => d.knownStatus)).toEqual(['invalid', undefined, undefined]);
    now = new Date(now.getTime() + CACHE_TTL.invalidMs);
    expect(cache.get(fp('a'))).toBeUndefined();
  });

  it('a revoke after a live answer replaces it at once; an unknown answer erases nothing', () => {
    const cache = createMemoryVerificationCache();
    cache.set(fp('a'), { status: 'live', checkedAt: '' });
    cache.set(fp('a'), { status: 'invalid', checkedAt: '' });
    expect(cache.get(fp('a'))?.status).toBe('invalid');
    cache.set(fp('a'), { status: 'unknown', checkedAt: '' });
    expect(cache.get(fp('a'))?.status).toBe('invalid');
  });
});

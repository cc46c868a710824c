import { describe, expect, it } from 'vitest';
import { CACHE_TTL } from './ports.ts';
import { createMemoryVerificationCache } from './memory-cache.ts';
import type { Verification } from '../verify/types.ts';

const at = (status: Verification['status']): Verification => ({ status, checkedAt: '2026-11-30T08:00:00.000Z' });

describe('createMemoryVerificationCache', () => {
  it('keeps live for CACHE_TTL.liveMs and invalid for CACHE_TTL.invalidMs, never unknown', () => {
    let t = Date.parse('2026-11-30T08:00:00Z');
    const cache = createMemoryVerificationCache({ now: () => new Date(t), onUnknown: 'keep' });
    cache.set('live', at('live'));
    cache.set('dead', at('invalid'));
    cache.set('odd', at('unknown'));
    expect(cache.get('odd')).toBeUndefined();
    t += CACHE_TTL.liveMs;
    expect(cache.get('live')?.status).toBe('live');
    t += 1;
    expect(cache.get('live')).toBeUndefined();
    expect(cache.get('dead')?.status).toBe('invalid');
    t += CACHE_TTL.invalidMs;
    expect(cache.get('dead')).toBeUndefined();
  });

  it("an unknown answer keeps the held verdict with onUnknown 'keep', drops it with 'forget'", () => {
    const keep = createMemoryVerificationCache({ onUnknown: 'keep' });
    const forget = createMemoryVerificationCache({ onUnknown: 'forget' });
    for (const cache of [keep, forget]) {
      cache.set('k', at('invalid'));
      cache.set('k', at('unknown'));
    }
    expect(keep.get('k')?.status).toBe('invalid');
    expect(forget.get('k')).toBeUndefined();
  });

  it('delete and clear drop entries', () => {
    const cache = createMemoryVerificationCache({ onUnknown: 'keep' });
    cache.set('a', at('live'));
    cache.set('b', at('live'));
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    cache.clear();
    expect(cache.get('b')).toBeUndefined();
  });
});

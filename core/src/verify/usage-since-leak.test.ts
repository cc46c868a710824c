import { describe, expect, it } from 'vitest';
import { usageSinceLeak } from './usage-since-leak.ts';

const leakedAt = '2026-11-28T10:00:00.000Z';
const run = { from: '2026-11-30T09:00:00.000Z', to: '2026-11-30T09:00:02.000Z' };

describe('usageSinceLeak', () => {
  it('used after the leak: true, with the last use', () => {
    expect(usageSinceLeak({ leakedAt, lastUsedBeforeProbe: '2026-11-29T12:00:00.000Z', ownProbes: [run] })).toEqual({
      leakedAt,
      lastUsedAt: '2026-11-29T12:00:00.000Z',
      usedSinceLeak: true,
    });
  });

  it('never used: false', () => {
    expect(usageSinceLeak({ leakedAt, lastUsedBeforeProbe: null, lastUsedAfterProbe: '2026-11-30T09:00:01.000Z', ownProbes: [run] })).toEqual({
      leakedAt,
      lastUsedAt: null,
      usedSinceLeak: false,
    });
  });

  it('last used before the leak: false', () => {
    expect(usageSinceLeak({ leakedAt, lastUsedBeforeProbe: '2026-11-01T00:00:00.000Z', ownProbes: [run] }).usedSinceLeak).toBe(false);
  });

  it("rt-guard's own probes are not use: this run's and an earlier run's; behind them the answer is unknown", () => {
    const earlier = { from: '2026-11-29T07:59:00.000Z', to: '2026-11-29T08:00:00.000Z' };
    expect(usageSinceLeak({ leakedAt, lastUsedBeforeProbe: '2026-11-29T08:00:00.500Z', ownProbes: [earlier, run] })).toEqual({ leakedAt, usedSinceLeak: null });
    // Someone else used it after our probe: that counts.
    expect(
      usageSinceLeak({ leakedAt, lastUsedBeforeProbe: '2026-11-29T08:00:00.500Z', lastUsedAfterProbe: '2026-11-30T09:30:00.000Z', ownProbes: [earlier, run] })
        .usedSinceLeak,
    ).toBe(true);
  });

  it('without a record the answer is unknown', () => {
    expect(usageSinceLeak({ leakedAt, lastUsedBeforeProbe: undefined, ownProbes: [run] })).toEqual({ leakedAt, usedSinceLeak: null });
  });
});

import { describe, expect, it } from 'vitest';
import { pendingRotations } from './rotation-journals.ts';

/** A Memento over a Map, with journals in several states. */
function memento(entries: Record<string, unknown>) {
  const values = new Map(Object.entries(entries));
  return { keys: () => [...values.keys()], get: <T>(key: string) => values.get(key) as T | undefined };
}

const journal = (state: string, startedAt: string, oldRedacted: string) => ({
  version: 1,
  state,
  startedAt,
  oldRedacted,
  oldFingerprint: oldRedacted,
  history: [],
});

describe('pendingRotations', () => {
  it('lists only rotations in their grace period, oldest first, and ignores other workspace state', () => {
    const state = memento({
      'rtGuard.rotation.b': journal('grace', '2026-11-02T00:00:00Z', 'rt_live_…bbbb'),
      'rtGuard.rotation.a': journal('grace', '2026-11-01T00:00:00Z', 'rt_live_…aaaa'),
      'rtGuard.rotation.c': journal('done', '2026-10-01T00:00:00Z', 'rt_live_…cccc'),
      'rtGuard.rotation.d': journal('creating', '2026-10-02T00:00:00Z', 'rt_live_…dddd'),
      'rtGuard.hookOffered': journal('grace', '2026-01-01T00:00:00Z', 'not a journal'),
    });
    expect(pendingRotations(state).map((j) => j.oldRedacted)).toEqual(['rt_live_…aaaa', 'rt_live_…bbbb']);
    expect(pendingRotations(memento({}))).toEqual([]);
  });
});

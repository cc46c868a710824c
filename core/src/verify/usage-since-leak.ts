/**
 * "Was it used after it leaked?" from what the API says about the key's last use, discounting
 * rt-guard's own probes: checking a key authenticates with it, and the API records that as use.
 */

/** When rt-guard itself used the key (its live checks), as ISO times. */
export interface ProbeWindow {
  from: string;
  to: string;
}

export interface UsageEvidence {
  /** When the key leaked: the commit's date, or the file's modification time. ISO. */
  leakedAt: string;
  /**
   * `lastUsedAt` of the key's record read BEFORE this run probed the key: an ISO time, `null` when
   * the API says never used, undefined when unknown (no record matched, the read failed).
   */
  lastUsedBeforeProbe: string | null | undefined;
  /** `lastUsedAt` read after probing (the key's analytics), when read. */
  lastUsedAfterProbe?: string | null | undefined;
  /** This run's probes and earlier runs' (rt-guard's probe log). */
  ownProbes: readonly ProbeWindow[];
}

/** The answer, as `verification.leakedAt` / `lastUsedAt` / `usedSinceLeak`. */
export interface UsageSinceLeak {
  leakedAt: string;
  /** The last use rt-guard did not make itself; `null` when never used (as far as the API shows). */
  lastUsedAt?: string | null;
  /** true: used after it leaked; false: not; null: cannot tell (no record, or only rt-guard's own use is visible). */
  usedSinceLeak: boolean | null;
}

/** Clock skew and request time allowed around an own probe. */
export const OWN_PROBE_SLACK_MS = 60_000;

/**
 * Decides whether a key was used after it leaked. A `lastUsedAt` inside one of rt-guard's own
 * probe windows (± OWN_PROBE_SLACK_MS) is not use; when the only use the API shows is rt-guard's
 * own, any earlier use is hidden behind it, so the answer is `null`, not `false`.
 *
 * @example usageSinceLeak({ leakedAt: '2026-11-28T10:00:00Z', lastUsedBeforeProbe: '2026-11-29T08:00:00Z', ownProbes: [] }).usedSinceLeak // true
 */
export function usageSinceLeak(evidence: UsageEvidence): UsageSinceLeak {
  const leaked = Date.parse(evidence.leakedAt);
  const windows = evidence.ownProbes.map((w) => [Date.parse(w.from) - OWN_PROBE_SLACK_MS, Date.parse(w.to) + OWN_PROBE_SLACK_MS] as const);
  const isOwn = (time: number): boolean => windows.some(([from, to]) => time >= from && time <= to);
  const seen = [evidence.lastUsedBeforeProbe, evidence.lastUsedAfterProbe].filter((t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)));
  const foreign = seen.filter((t) => !isOwn(Date.parse(t))).sort((a, b) => Date.parse(b) - Date.parse(a));
  const base = { leakedAt: evidence.leakedAt };
  const last = foreign[0];
  if (last !== undefined) return { ...base, lastUsedAt: last, usedSinceLeak: Number.isNaN(leaked) ? null : Date.parse(last) > leaked };
  const before = evidence.lastUsedBeforeProbe;
  if (before === null) return { ...base, lastUsedAt: null, usedSinceLeak: false };
  // Unknown, or the last use the API shows is rt-guard's own: any earlier use is hidden.
  return { ...base, usedSinceLeak: null };
}

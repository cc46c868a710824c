import type { Finding } from '../detect/types.ts';

/**
 * One sentence on "used since it leaked?" (`scan --verify` with a management token), e.g.
 * `used after it was committed on 2026-11-28 (last used 2026-11-29T08:00:00Z): rotate now and review its usage`.
 * Undefined when not known.
 */
export function usageLine(f: Finding): string | undefined {
  const v = f.verification;
  if (!v?.leakedAt || v.usedSinceLeak === undefined || v.usedSinceLeak === null) return undefined;
  const how = f.commit ? 'committed' : 'written to this file';
  const day = v.leakedAt.slice(0, 10);
  if (v.usedSinceLeak) return `used after it was ${how} on ${day} (last used ${v.lastUsedAt ?? 'recently'}): rotate now and review its usage`;
  return `not used since it was ${how} on ${day}${v.lastUsedAt ? ` (last used ${v.lastUsedAt})` : ' (never used)'}: revoke or rotate it before someone does`;
}

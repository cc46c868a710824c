import { cacheDirFrom, openVerificationCache, type VerificationCache } from '@rt-guard/core/node';
import type { Io } from '../io.ts';

/**
 * The disk verification cache `scan --verify` reads (per API origin), so that what an action learns
 * (a revoked key is invalid) is seen by the next scan. Undefined when `RT_GUARD_NO_CACHE=1` or it
 * cannot be opened (the cache only saves requests).
 */
export async function openCliCache(io: Io, baseUrl: string): Promise<VerificationCache | undefined> {
  if (io.env.RT_GUARD_NO_CACHE === '1') return undefined;
  return openVerificationCache({ dir: cacheDirFrom(io.env), baseUrl, now: () => io.now() }).catch(() => undefined);
}

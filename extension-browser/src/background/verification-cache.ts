/**
 * The background's verification cache (issue 11 item 6), by key fingerprint: `invalid` kept
 * long, `live` briefly, `unknown` never (core's CACHE_TTL). In memory: a restarted service worker
 * starts empty, which only costs a fresh check. Inspect, Revoke and rotations write it; the popup
 * reads it to mark keys already known dead.
 */
import { cacheTtlOf, type Verification, type VerificationCachePort } from '@rt-guard/core';

export function createMemoryVerificationCache(now: () => Date = () => new Date()): VerificationCachePort {
  const entries = new Map<string, { at: number; verification: Verification }>();
  return {
    get(fingerprint) {
      const entry = entries.get(fingerprint);
      if (!entry) return undefined;
      if (now().getTime() - entry.at > cacheTtlOf(entry.verification)) {
        entries.delete(fingerprint);
        return undefined;
      }
      return entry.verification;
    },
    set(fingerprint, verification) {
      if (cacheTtlOf(verification) > 0) entries.set(fingerprint, { at: now().getTime(), verification });
      else entries.delete(fingerprint);
    },
  };
}

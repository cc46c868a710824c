/**
 * The background's verification cache (issue 11 item 6), by key fingerprint: `invalid` kept
 * long, `live` briefly, `unknown` never (core's CACHE_TTL). In memory: a restarted service worker
 * starts empty, which only costs a fresh check. Inspect, Revoke and rotations write it; the popup
 * reads it to mark keys already known dead.
 */
import { cacheTtlOf, type Verification, type VerificationCachePort } from '@rt-guard/core';
import type { TabState } from '../shared/messages.ts';

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
      // `unknown` stores nothing: a network failure must not erase a known verdict.
      if (cacheTtlOf(verification) > 0) entries.set(fingerprint, { at: now().getTime(), verification });
    },
  };
}

/** `state` with each detection's cached verdict (`live`/`invalid`), for the popup. */
export function withKnownStatus(state: TabState, cache: Pick<VerificationCachePort, 'get'>): TabState {
  return {
    ...state,
    detections: state.detections.map((detection) => {
      const status = cache.get(detection.fingerprint)?.status;
      return status === 'live' || status === 'invalid' ? { ...detection, knownStatus: status } : detection;
    }),
  };
}

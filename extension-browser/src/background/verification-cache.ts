/**
 * The background's verification cache (issue 11 item 6), by key fingerprint: `invalid` kept
 * long, `live` briefly, `unknown` never (core's CACHE_TTL). In memory: a restarted service worker
 * starts empty, which only costs a fresh check. Inspect, Revoke and rotations write it; the popup
 * reads it to mark keys already known dead.
 */
import { createMemoryVerificationCache as createCoreMemoryCache, type VerificationCachePort } from '@rt-guard/core';
import type { TabState } from '../shared/messages.ts';

/** The background's cache: an `unknown` answer keeps the verdict already held (a network failure must not erase it). */
export function createMemoryVerificationCache(now: () => Date = () => new Date()): VerificationCachePort {
  return createCoreMemoryCache({ now, onUnknown: 'keep' });
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

import { cacheTtlOf, type VerificationCachePort } from './ports.ts';
import type { Verification } from '../verify/types.ts';

/** An in-memory verification cache: what the editor and the browser keep while they run. */
export interface MemoryVerificationCache extends VerificationCachePort {
  delete(fingerprint: string): void;
  clear(): void;
}

/**
 * A verification cache in memory, by key fingerprint: each verdict lives as long as core's
 * `cacheTtlOf` says (`invalid` long, `live` briefly), and `unknown` is never stored. `onUnknown`
 * says what an `unknown` answer does to a verdict already held: `keep` it (a network failure must
 * not erase what is known; the browser) or `forget` it (the next read asks the API again; the editor).
 */
export function createMemoryVerificationCache(options: { now?: () => Date; onUnknown: 'keep' | 'forget' }): MemoryVerificationCache {
  const now = options.now ?? (() => new Date());
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
      else if (options.onUnknown === 'forget') entries.delete(fingerprint);
    },
    delete: (fingerprint) => void entries.delete(fingerprint),
    clear: () => entries.clear(),
  };
}

import type { RuntypeClient } from '../api/client.ts';
import { isApiError } from '../api/errors.ts';
import type { ApiKey } from '../api/schemas.ts';
import type { Verification } from '../verify/types.ts';
import { verifyKey } from '../verify/verify-key.ts';
import type { VerificationCachePort } from './ports.ts';

/** What the verifier opens on first use: the client (and its pool) and the cache, or undefined when it cannot. */
export interface VerifierSession {
  client: RuntypeClient;
  cache?: VerificationCachePort | undefined;
  /** The key records, when the opener already listed them (scan --verify reads them before any probe). */
  records?: readonly ApiKey[] | undefined;
}

export interface KeyVerifierOptions {
  /** Opens the client and cache once, on the first key; undefined (e.g. a bad API URL) makes every key `unknown`-free: not checked. */
  open: () => Promise<VerifierSession | undefined>;
  now: () => Date;
  /** With a management credential, each live key gets its record (one key list for all keys). */
  managementToken?: string | undefined;
  /** Parallel API requests; default 8. */
  concurrency?: number;
}

/** Verification of many keys that starts while they are still being found (a scan streams them in). */
export interface KeyVerifier {
  /** Starts checking this key now, unless its fingerprint was added already. Never throws. */
  add(fingerprint: string, key: string): void;
  /**
   * Waits for every check; returns verifications by fingerprint (keys never checked are absent).
   * Flushes the cache; `cacheWriteFailed` says when that failed (the results stand).
   */
  finish(): Promise<{ results: Map<string, Verification>; cacheWriteFailed: boolean }>;
}

/**
 * A verifier whose `concurrency` workers take keys as they are added, so the API's latency
 * overlaps the search instead of following it. Cached answers are reused (an answer cached without
 * the record is asked again when a management token is given); every answer goes to the cache
 * (which stores `unknown` never). Deduplicates by fingerprint; never throws.
 *
 * @example
 * const verifier = createKeyVerifier({ open: async () => ({ client, cache }), now: () => new Date() });
 * for (const f of findings) verifier.add(f.fingerprint, f.secret);
 * const { results } = await verifier.finish();
 */
export function createKeyVerifier(options: KeyVerifierOptions): KeyVerifier {
  const concurrency = options.concurrency ?? 8;
  const { now, managementToken } = options;
  const queue: [fingerprint: string, key: string][] = [];
  const queued = new Set<string>();
  const results = new Map<string, Verification>();
  const running = new Set<Promise<void>>();
  let looping = 0; // workers still taking keys from the queue
  let opened: Promise<VerifierSession | undefined> | undefined;
  // One key list for all keys, fetched lazily by the first key that needs it.
  let records: Promise<readonly ApiKey[]> | undefined;
  const open = () => (opened ??= options.open().catch(() => undefined));

  async function worker(): Promise<void> {
    // No await between the last shift() and `looping--`: add() never sees a worker that will not take its key.
    try {
      const session = await open();
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [fingerprint, key] = next;
        if (!session) continue;
        const { client, cache } = session;
        const cached = cache?.get(fingerprint);
        if (cached && (!managementToken || cached.record || cached.status !== 'live')) {
          results.set(fingerprint, cached);
          continue;
        }
        let verification: Verification;
        try {
          if (managementToken && !records) {
            records = session.records ? Promise.resolve(session.records) : client.listKeys(managementToken).then((list) => list.apiKeys);
            // Awaited by each verification later; a failure before that is not an unhandled rejection.
            records.catch(() => undefined);
          }
          verification = await verifyKey(key, { client, now, records });
        } catch (error) {
          verification = { status: 'unknown', reason: isApiError(error) ? error.message : 'Verification failed unexpectedly.', checkedAt: now().toISOString() };
        }
        cache?.set(fingerprint, verification);
        results.set(fingerprint, verification);
      }
    } finally {
      looping--;
    }
  }

  return {
    add(fingerprint, key) {
      if (queued.has(fingerprint)) return;
      queued.add(fingerprint);
      queue.push([fingerprint, key]);
      if (looping < concurrency) {
        looping++;
        const run: Promise<void> = worker().finally(() => running.delete(run));
        running.add(run);
      }
    },
    async finish() {
      while (running.size > 0) await Promise.all(running);
      const session = opened ? await opened : undefined;
      let cacheWriteFailed = false;
      await session?.cache?.flush?.().catch(() => {
        cacheWriteFailed = true;
      });
      return { results, cacheWriteFailed };
    },
  };
}

import type { RuntypeClient } from '../api/client.ts';
import type { Verification } from '../verify/types.ts';

/**
 * A verification cache by key fingerprint (the CLI's disk cache, VS Code's and the browser's
 * in-memory caches). Implementations decide how long an entry lives; `set` of an `unknown`
 * verification must store nothing (see `CACHE_TTL`).
 */
export interface VerificationCachePort {
  get(fingerprint: string): Verification | undefined;
  set(fingerprint: string, verification: Verification): void;
  /** Persists pending writes, when the cache has a backing store. */
  flush?(): Promise<void>;
}

/**
 * How long a verification may be reused (issue 11): `invalid` long (a revoked key stays dead),
 * `live` briefly (a live key may be revoked any minute, and calling a dead key live hides nothing
 * but calling a live key safe would), `unknown` never.
 */
export const CACHE_TTL = { liveMs: 5 * 60_000, invalidMs: 24 * 3_600_000 } as const;

/** How long `verification` may be cached, in ms; 0 means never. */
export function cacheTtlOf(verification: Pick<Verification, 'status'>, ttl: { liveMs: number; invalidMs: number } = CACHE_TTL): number {
  if (verification.status === 'live') return ttl.liveMs;
  if (verification.status === 'invalid') return ttl.invalidMs;
  return 0;
}

/** What every key action needs: the API client, the clock, and optionally the management credential and a cache. */
export interface ActionContext {
  client: RuntypeClient;
  now: () => Date;
  /** The management credential (a dashboard session token, or an API key allowed to manage keys). */
  managementToken?: string | undefined;
  /** Updated with what an action learns (a revoked key is `invalid` at once); read by the verifier. */
  cache?: VerificationCachePort | undefined;
}

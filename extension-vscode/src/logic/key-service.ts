import {
  createMemoryVerificationCache,
  createRuntypeClient,
  verifyKey,
  type FetchLike,
  type FindingWithSecret,
  type RuntypeClient,
  type Verification,
  type VerificationCachePort,
} from '@rt-guard/core';
import { WorkspaceNotTrustedError } from './workspace-trust-error.ts';

/**
 * The extension's door to the Runtype API (through core's client and verification). Caches
 * verification results by fingerprint; the key itself is never stored beyond the call.
 */
export interface EditorKeyService {
  verify(finding: FindingWithSecret, options?: { force?: boolean }): Promise<Verification>;
  cached(fingerprint: string): Verification | undefined;
  forget(fingerprint: string): void;
  client(): RuntypeClient;
  token(): Promise<string | undefined>;
  /** The verification cache as core's actions see it: a revoke marks the key invalid here at once. */
  readonly cache: VerificationCachePort;
}

/**
 * `isTrusted` is asked before every API call: in Restricted Mode nothing is sent to the API (issue 10).
 */
export function createEditorKeyService(options: {
  baseUrl: () => string;
  tokens: { get(): Promise<string | undefined> };
  fetch: FetchLike;
  isTrusted: () => boolean;
  now?: () => Date;
}): EditorKeyService {
  const now = options.now ?? (() => new Date());
  // invalid kept long, live briefly, unknown never (core's CACHE_TTL); an unknown answer forgets the old verdict.
  const cache = createMemoryVerificationCache({ now, onUnknown: 'forget' });
  const inflight = new Map<string, Promise<Verification>>();
  let client: RuntypeClient | undefined;
  let clientBase = '';
  const getClient = () => {
    if (!options.isTrusted()) throw new WorkspaceNotTrustedError('Talking to the Runtype API (verify, revoke, rotate)');
    const baseUrl = options.baseUrl();
    if (!client || clientBase !== baseUrl) {
      client = createRuntypeClient({ baseUrl, fetch: options.fetch, userAgent: 'rt-guard-vscode' });
      clientBase = baseUrl;
      cache.clear();
    }
    return client;
  };
  return {
    cache,
    async verify(finding, { force = false } = {}) {
      const key = finding.fingerprint;
      if (!options.isTrusted()) throw new WorkspaceNotTrustedError(`Verifying ${finding.redacted}`);
      const cached = force ? undefined : cache.get(key);
      if (cached) return cached;
      const running = inflight.get(key);
      if (running) return running;
      const promise = (async () => {
        const adminToken = await options.tokens.get();
        const verification = await verifyKey(finding.secret, { client: getClient(), adminToken, now });
        cache.set(key, verification);
        return verification;
      })().finally(() => inflight.delete(key));
      inflight.set(key, promise);
      return promise;
    },
    cached: (fingerprint) => cache.get(fingerprint),
    forget: (fingerprint) => void cache.delete(fingerprint),
    client: getClient,
    token: () => options.tokens.get(),
  };
}

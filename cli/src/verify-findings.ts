import { isApiError, verifyKey, type ApiKey, type FindingWithSecret, type Verification } from '@rt-guard/core';
import { cacheDirFrom, openVerificationCache, type VerificationCache } from '@rt-guard/core/node';
import { openApiSession, type ApiSession } from './api-session.ts';
import type { Io } from './io.ts';
import { apiKeyRules, prefixPattern } from '@rt-guard/core';

export interface VerifyFindingsOptions {
  /** Parallel API requests; default 8. */
  concurrency?: number;
  /** Reuse and store answers in the disk cache (by fingerprint); default true, `RT_GUARD_NO_CACHE=1` turns it off. */
  cache?: boolean;
}

// Only Runtype API keys (rule kinds live/test/legacy) are credentials of Runtype's API.
const VERIFIABLE = prefixPattern(apiKeyRules());

/**
 * `scan --verify`: sets `finding.verification` on each finding (deduplicated by fingerprint,
 * cached on disk by fingerprint). Never throws for a failed check: the status is then `unknown`.
 * Returns warnings (redacted) to print.
 */
export async function verifyFindings(
  findings: FindingWithSecret[],
  io: Io,
  options: VerifyFindingsOptions = {},
): Promise<{ warnings: string[] }> {
  return createVerifier(io, options).finish(findings);
}

/** Verification that starts while the scan is still running. */
export interface Verifier {
  /** Starts checking this finding's key now, if it is verifiable and not checked yet. Never throws. */
  add(finding: FindingWithSecret): void;
  /**
   * Checks whatever of `findings` was not added yet, waits for every check, then sets
   * `verification` on each of `findings` and sorts them live first. Closes the connection pool.
   */
  finish(findings: FindingWithSecret[]): Promise<{ warnings: string[] }>;
}

/**
 * A verifier whose `concurrency` workers take keys as the scan finds them (`add`), so the API's
 * latency overlaps the scan instead of following it. The disk cache opens at once; the connection
 * pool and the key list (with a management credential) with the first request.
 */
export function createVerifier(io: Io, options: VerifyFindingsOptions = {}): Verifier {
  const concurrency = options.concurrency ?? 8;
  const now = () => io.now();
  const adminToken = io.env.RUNTYPE_ADMIN_TOKEN?.trim() || undefined;
  const warnings: string[] = [];
  const queue: [fingerprint: string, secret: string][] = [];
  const queued = new Set<string>();
  const results = new Map<string, Verification>();
  const running = new Set<Promise<void>>();
  let looping = 0; // workers still taking keys from the queue
  let setup: Promise<{ session: ApiSession; cache: VerificationCache | undefined } | undefined> | undefined;
  // One key list for all findings, fetched lazily on the first key that needs it.
  let records: Promise<readonly ApiKey[]> | undefined;

  const open = () =>
    (setup ??= (async () => {
      let session: ApiSession;
      try {
        session = openApiSession(io, concurrency);
      } catch (error) {
        warnings.push(`--verify skipped: ${(error as Error).message}`);
        return undefined;
      }
      let cache: VerificationCache | undefined;
      if (options.cache !== false && io.env.RT_GUARD_NO_CACHE !== '1') {
        cache = await openVerificationCache({ dir: cacheDirFrom(io.env), baseUrl: session.client.baseUrl, now, ttlMs: ttlFrom(io.env) }).catch(() => undefined);
      }
      return { session, cache };
    })());

  async function worker(): Promise<void> {
    // No await between the last shift() and `looping--`: add() never sees a worker that will not take its key.
    try {
      const opened = await open();
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [fingerprint, secret] = next;
        if (!opened) continue;
        const { session, cache } = opened;
        const cached = cache?.get(fingerprint);
        // An answer cached without a management credential lacks the record: ask again when one is set.
        if (cached && (!adminToken || cached.record || cached.status !== 'live')) {
          results.set(fingerprint, cached);
          continue;
        }
        let verification: Verification;
        try {
          if (adminToken) records ??= session.client.listKeys(adminToken).then((list) => list.apiKeys);
          verification = await verifyKey(secret, { client: session.client, now, records });
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

  function add(finding: FindingWithSecret): void {
    if (!isVerifiable(finding) || queued.has(finding.fingerprint)) return;
    queued.add(finding.fingerprint);
    queue.push([finding.fingerprint, finding.secret]);
    if (looping < concurrency) {
      looping++;
      const run: Promise<void> = worker().finally(() => running.delete(run));
      running.add(run);
    }
  }

  async function finish(findings: FindingWithSecret[]): Promise<{ warnings: string[] }> {
    for (const finding of findings) add(finding);
    while (running.size > 0) await Promise.all(running);
    if (setup) {
      const opened = await setup;
      if (opened) {
        await opened.cache?.flush().catch(() => warnings.push('Could not write the verification cache.'));
        await opened.session.close();
      }
    }
    for (const finding of findings) {
      if (!isVerifiable(finding)) {
        // A RunTools key (same prefix) must not be sent to Runtype: that would leak it to another vendor.
        finding.verification = {
          status: 'unknown',
          reason: finding.attribution === 'other' ? 'Not checked: the context says this key belongs to RunTools, not Runtype.' : 'Not checked: only Runtype API keys (rt_/tv_) can be verified.',
          checkedAt: now().toISOString(),
        };
        continue;
      }
      const verification = results.get(finding.fingerprint);
      if (verification) finding.verification = { ...verification };
    }
    const checked = [...new Set(findings.filter(isVerifiable).map((f) => f.fingerprint))].map((fp) => results.get(fp)).filter((v) => v !== undefined);
    const unknown = checked.filter((v) => v.status === 'unknown');
    if (unknown.length > 0) {
      warnings.push(`${unknown.length} key(s) could not be verified (status unknown, NOT safe): ${unknown[0]!.reason ?? ''}`);
    }
    const recordProblem = checked.find((v) => v.recordError)?.recordError;
    if (recordProblem) warnings.push(recordProblem);
    // Live keys first: they are the ones to act on now.
    findings.sort(compareByVerification);
    return { warnings };
  }

  // Open now: the cache is read while the scan walks. undici loads with the first request that
  // misses the cache (a fully cached scan never loads it).
  void open();
  return { add, finish };
}

function isVerifiable(finding: FindingWithSecret): boolean {
  return VERIFIABLE.test(finding.secret) && finding.attribution !== 'other';
}

/**
 * Sort order of `scan --verify` output: live, then unknown, then invalid, then unchecked.
 * Stable sorts keep the location order inside each group.
 */
export function compareByVerification(a: Pick<FindingWithSecret, 'verification'>, b: Pick<FindingWithSecret, 'verification'>): number {
  return rank(a) - rank(b);
}

function rank(finding: Pick<FindingWithSecret, 'verification'>): number {
  const status = finding.verification?.status;
  return status === 'live' ? 0 : status === 'unknown' ? 1 : status === 'invalid' ? 2 : 3;
}

function ttlFrom(env: Record<string, string | undefined>): number {
  const seconds = Number(env.RT_GUARD_VERIFY_TTL);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 3_600_000;
}

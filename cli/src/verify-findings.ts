import { isApiError, verifyKey, type ApiKey, type FindingWithSecret, type Verification } from '@rt-guard/core';
import { cacheDirFrom, openVerificationCache, type VerificationCache } from '@rt-guard/core/node';
import { openApiSession } from './api-session.ts';
import type { Io } from './io.ts';

export interface VerifyFindingsOptions {
  /** Parallel API requests; default 8. */
  concurrency?: number;
  /** Reuse and store answers in the disk cache (by fingerprint); default true, `RT_GUARD_NO_CACHE=1` turns it off. */
  cache?: boolean;
}

// Only these are credentials of Runtype's API; tv_ is the product's former name.
const VERIFIABLE = /^(?:rt|tv)_(?:live|test)_/;

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
  const warnings: string[] = [];
  const concurrency = options.concurrency ?? 8;
  const now = () => io.now();
  const byFingerprint = new Map<string, FindingWithSecret[]>();
  for (const finding of findings) {
    if (!VERIFIABLE.test(finding.secret) || finding.attribution === 'other') {
      // A RunTools key (same prefix) must not be sent to Runtype: that would leak it to another vendor.
      finding.verification = {
        status: 'unknown',
        reason: finding.attribution === 'other' ? 'Not checked: the context says this key belongs to RunTools, not Runtype.' : 'Not checked: only Runtype API keys (rt_/tv_) can be verified.',
        checkedAt: now().toISOString(),
      };
      continue;
    }
    const group = byFingerprint.get(finding.fingerprint);
    if (group) group.push(finding);
    else byFingerprint.set(finding.fingerprint, [finding]);
  }
  if (byFingerprint.size === 0) return { warnings };

  let session;
  try {
    session = openApiSession(io, concurrency);
  } catch (error) {
    return { warnings: [`--verify skipped: ${(error as Error).message}`] };
  }
  const adminToken = io.env.RUNTYPE_ADMIN_TOKEN?.trim() || undefined;
  let cache: VerificationCache | undefined;
  if (options.cache !== false && io.env.RT_GUARD_NO_CACHE !== '1') {
    cache = await openVerificationCache({ dir: cacheDirFrom(io.env), baseUrl: session.client.baseUrl, now, ttlMs: ttlFrom(io.env) }).catch(() => undefined);
  }
  // One key list for all findings, fetched lazily on the first key that needs it.
  let records: Promise<readonly ApiKey[]> | undefined;
  const recordsOnce = () => (records ??= session.client.listKeys(adminToken ?? '').then((list) => list.apiKeys));

  const queue = [...byFingerprint.entries()];
  const results = new Map<string, Verification>();
  async function worker(): Promise<void> {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [fingerprint, group] = next;
      const cached = cache?.get(fingerprint);
      // An answer cached without a management credential lacks the record: ask again when one is set.
      if (cached && (!adminToken || cached.record || cached.status !== 'live')) {
        results.set(fingerprint, cached);
        continue;
      }
      const secret = group[0]!.secret;
      let verification: Verification;
      try {
        verification = await verifyKey(secret, { client: session!.client, now, records: adminToken ? recordsOnce() : undefined });
      } catch (error) {
        verification = { status: 'unknown', reason: isApiError(error) ? error.message : 'Verification failed unexpectedly.', checkedAt: now().toISOString() };
      }
      cache?.set(fingerprint, verification);
      results.set(fingerprint, verification);
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, () => worker()));
  } finally {
    await cache?.flush().catch(() => warnings.push('Could not write the verification cache.'));
    await session.close();
  }
  for (const [fingerprint, group] of byFingerprint) {
    const verification = results.get(fingerprint);
    if (verification) for (const finding of group) finding.verification = { ...verification };
  }
  const unknown = [...results.values()].filter((v) => v.status === 'unknown');
  if (unknown.length > 0) {
    warnings.push(`${unknown.length} key(s) could not be verified (status unknown, NOT safe): ${unknown[0]!.reason ?? ''}`);
  }
  const recordProblem = [...results.values()].find((v) => v.recordError)?.recordError;
  if (recordProblem) warnings.push(recordProblem);
  // Live keys first: they are the ones to act on now.
  findings.sort(compareByVerification);
  return { warnings };
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

import { createKeyVerifier, readUsageSnapshot, type FindingWithSecret, type UsageSnapshot, type VerifierSession } from '@rt-guard/core';
import { cacheDirFrom, openVerificationCache, type VerificationCache } from '@rt-guard/core/node';
import { openApiSession, type ApiSession } from './api/client.ts';
import type { Io } from './io.ts';
import { addUsageSinceLeak } from './usage-since-leak.ts';
import { apiKeyRules, prefixPattern } from '@rt-guard/core';

export interface VerifyFindingsOptions {
  /** Parallel API requests; default 8. */
  concurrency?: number;
  /** Reuse and store answers in the disk cache (by fingerprint; live 5 min, invalid 24 h); default true, `RT_GUARD_NO_CACHE=1` turns it off. */
  cache?: boolean;
}

// Only Runtype API keys (rule kinds live/test/legacy) are credentials of Runtype's API.
const VERIFIABLE = prefixPattern(apiKeyRules());

/**
 * `scan --verify`: sets `finding.verification` on each finding (deduplicated by fingerprint,
 * cached on disk by fingerprint). Never throws for a failed check: the status is then `unknown`.
 * Returns warnings (redacted) to print.
 */
export async function verifyFindings(findings: FindingWithSecret[], io: Io, options: VerifyFindingsOptions = {}): Promise<{ warnings: string[] }> {
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
 * `scan --verify` over core's streaming verifier (`createKeyVerifier`): keys start being checked as
 * the scan finds them. The disk cache opens at once; the connection pool with the first request.
 */
export function createVerifier(io: Io, options: VerifyFindingsOptions = {}): Verifier {
  const concurrency = options.concurrency ?? 8;
  const now = () => io.now();
  const warnings: string[] = [];
  let session: ApiSession | undefined;
  const managementToken = io.env.RUNTYPE_ADMIN_TOKEN?.trim() || undefined;
  // "Used since it leaked?" needs each key's last use as it was BEFORE rt-guard probed it.
  let usage: UsageSnapshot | undefined;
  const opening = (async (): Promise<VerifierSession | undefined> => {
    try {
      session = openApiSession(io, concurrency);
    } catch (error) {
      warnings.push(`--verify skipped: ${(error as Error).message}`);
      return undefined;
    }
    if (managementToken) {
      usage = await readUsageSnapshot(session.client, managementToken, now);
    }
    let cache: VerificationCache | undefined;
    if (options.cache !== false && io.env.RT_GUARD_NO_CACHE !== '1') {
      cache = await openVerificationCache({ dir: cacheDirFrom(io.env), baseUrl: session.client.baseUrl, now, ttlMs: ttlFrom(io.env) }).catch(() => undefined);
    }
    return { client: session.client, cache, ...(usage?.records ? { records: usage.records } : {}) };
  })();
  const verifier = createKeyVerifier({ open: () => opening, now, managementToken, concurrency });

  function add(finding: FindingWithSecret): void {
    if (isVerifiable(finding)) verifier.add(finding.fingerprint, finding.secret);
  }

  async function finish(findings: FindingWithSecret[]): Promise<{ warnings: string[] }> {
    for (const finding of findings) add(finding);
    const { results, cacheWriteFailed } = await verifier.finish();
    await opening;
    if (cacheWriteFailed) warnings.push('Could not write the verification cache.');
    for (const finding of findings) {
      if (!isVerifiable(finding)) {
        // A RunTools key (same prefix) must not be sent to Runtype: that would leak it to another vendor.
        finding.verification = {
          status: 'unknown',
          reason:
            finding.attribution === 'other'
              ? 'Not checked: the context says this key belongs to RunTools, not Runtype.'
              : 'Not checked: only Runtype API keys (rt_/tv_) can be verified.',
          checkedAt: now().toISOString(),
        };
        continue;
      }
      const verification = results.get(finding.fingerprint);
      if (verification) finding.verification = { ...verification };
    }
    if (session && usage && managementToken) {
      const options = { client: session.client, token: managementToken, snapshot: usage, now, cwd: io.cwd, env: io.env };
      await addUsageSinceLeak(findings.filter(isVerifiable), options).catch(() => undefined);
    }
    await session?.close();
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
  // Live answers only (invalid ones keep 24 h): a live key may be revoked any minute.
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 300_000;
}

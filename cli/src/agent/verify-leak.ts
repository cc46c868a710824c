import { createKeyVerifier, type FindingWithSecret, type Verification } from '@rt-guard/core';
import type { Io } from '../io.ts';

const VERIFY_BUDGET_MS = 5000;
const VERIFIABLE = /^(?:rt|tv)_(?:live|test)_/;

/**
 * The live status of each leaked key (by fingerprint) checked with RUNTYPE_ADMIN_TOKEN, within a
 * few seconds: a Verification, or why there is none. Empty without a token.
 */
export async function verifyLeakedKeys(findings: readonly FindingWithSecret[], io: Io): Promise<Map<string, Verification | string>> {
  const statuses = new Map<string, Verification | string>();
  const adminToken = io.env.RUNTYPE_ADMIN_TOKEN?.trim();
  if (!adminToken) return statuses;
  const unique = [...new Map(findings.map((f) => [f.fingerprint, f])).values()].filter((f) => VERIFIABLE.test(f.secret) && f.attribution !== 'other');
  if (unique.length === 0) return statuses;
  // Loaded only here: the HTTP client is the heaviest part of the CLI.
  const { openApiSession } = await import('../api/client.ts');
  let session: Awaited<ReturnType<typeof openApiSession>>;
  try {
    session = openApiSession(io, 4);
  } catch (error) {
    for (const f of unique) statuses.set(f.fingerprint, `not checked: ${(error as Error).message}`);
    return statuses;
  }
  // core's verifier: one key list for all keys, the 401 rules of the contract; no disk cache here.
  const verifier = createKeyVerifier({ open: async () => ({ client: session.client }), now: () => io.now(), managementToken: adminToken, concurrency: 4 });
  for (const f of unique) verifier.add(f.fingerprint, f.secret);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, VERIFY_BUDGET_MS);
  });
  try {
    await Promise.race([
      verifier.finish().then(({ results }) => {
        for (const [fingerprint, verification] of results) statuses.set(fingerprint, verification);
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    await session.close().catch(() => undefined);
  }
  for (const f of unique) if (!statuses.has(f.fingerprint)) statuses.set(f.fingerprint, 'status unknown (the API did not answer in time)');
  return statuses;
}

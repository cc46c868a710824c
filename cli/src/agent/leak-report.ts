import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDetector, createKeyVerifier, type FindingWithSecret, type Verification } from '@rt-guard/core';
import type { Io } from '../io.ts';
import type { Leak } from './decide.ts';
import { isDotenvName, variableOnLine } from './dotenv-target.ts';
import type { HookVerdict } from './hook-answer.ts';
import { leakedMessages } from './hook-messages.ts';

const VERIFY_BUDGET_MS = 5000;
const VERIFIABLE = /^(?:rt|tv)_(?:live|test)_/;

/**
 * Tells agent and user that a key entered the conversation: with its live status when a management
 * token (RUNTYPE_ADMIN_TOKEN) is set (bounded to a few seconds), and the command that rotates it.
 */
export async function reportLeak(leak: Leak, projectDir: string, io: Io): Promise<HookVerdict> {
  const statuses = await verifyAll(leak.findings, io);
  const command = await rotateCommandFor(leak.findings[0]!, projectDir);
  return { kind: 'notify', ...leakedMessages(leak.findings, leak.source, statuses, command) };
}

async function verifyAll(findings: readonly FindingWithSecret[], io: Io): Promise<Map<string, Verification | string>> {
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

/** `rt-guard rotate --env-file <file> --var <NAME>` when a dotenv file at the project root holds the key. */
async function rotateCommandFor(finding: FindingWithSecret, projectDir: string): Promise<string> {
  const names = await readdir(projectDir).catch(() => [] as string[]);
  const detector = createDetector();
  for (const name of names.filter(isDotenvName).sort()) {
    const text = await readFile(join(projectDir, name), 'utf8').catch(() => '');
    const match = detector.scan(text).find((f) => f.fingerprint === finding.fingerprint);
    if (!match) continue;
    const line = text.split(/\r?\n/)[match.line - 1] ?? '';
    const variable = variableOnLine(line);
    if (variable) return `rt-guard rotate --env-file ${name} --var ${variable}`;
  }
  return 'rt-guard rotate --print (with the key in RUNTYPE_API_KEY; it prints the new key once)';
}

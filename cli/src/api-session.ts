import { baseUrlFromEnv, createRuntypeClient, type RuntypeClient } from '@rt-guard/core';
import { cacheDirFrom, createNodeFetch, openVerificationCache, type NodeFetch, type VerificationCache } from '@rt-guard/core/node';
import { CliError, type Io } from './io.ts';
import { apiKeyRules, keyPattern } from '@rt-guard/core';

/**
 * What the API commands share: the client on undici, and the two credentials kept apart.
 * Secrets come from the environment or stdin, never from argv (argv is visible to other users
 * in `ps` and lands in shell history).
 */
export interface ApiSession {
  client: RuntypeClient;
  close(): Promise<void>;
}

/** Opens a client for `RUNTYPE_API_URL` (default https://api.runtype.com). */
export function openApiSession(io: Io, connections = 16): ApiSession {
  let baseUrl: string;
  try {
    baseUrl = baseUrlFromEnv(io.env);
  } catch (error) {
    throw new CliError((error as Error).message, 'E_USAGE');
  }
  const fetch: NodeFetch = createNodeFetch({ connections });
  return { client: createRuntypeClient({ baseUrl, fetch, userAgent: 'rt-guard' }), close: () => fetch.close() };
}

/**
 * The disk verification cache `scan --verify` reads (per API origin), so that what an action learns
 * (a revoked key is invalid) is seen by the next scan. Undefined when `RT_GUARD_NO_CACHE=1` or it
 * cannot be opened (the cache only saves requests).
 */
export async function openCliCache(io: Io, baseUrl: string): Promise<VerificationCache | undefined> {
  if (io.env.RT_GUARD_NO_CACHE === '1') return undefined;
  return openVerificationCache({ dir: cacheDirFrom(io.env), baseUrl, now: () => io.now() }).catch(() => undefined);
}

/** The management credential, `RUNTYPE_ADMIN_TOKEN`; a clear error naming what is needed when absent. */
export function requireAdminToken(io: Io, purpose: string): string {
  const token = io.env.RUNTYPE_ADMIN_TOKEN?.trim();
  if (!token) {
    throw new CliError(
      `${purpose} needs a management credential: set RUNTYPE_ADMIN_TOKEN to a dashboard session token ` +
        '(or, to list and revoke, an API key allowed to manage keys). It is read from the environment only.',
      'E_USAGE',
    );
  }
  return token;
}

/** True when stdin is an interactive terminal. */
export function isStdinTty(io: Io): boolean {
  return (io.stdin as { isTTY?: boolean }).isTTY === true;
}

/**
 * Reads a key: from stdin when it is piped, else from the env variable `envName`. Never argv.
 * Throws a CliError saying how to pass it when neither has one.
 */
export async function readKeyInput(io: Io, envName: string): Promise<string> {
  if (!isStdinTty(io)) {
    const text = (await readAll(io)).trim();
    if (text) {
      if (/\s/.test(text)) throw new CliError('stdin must hold exactly one key (no spaces or extra lines).', 'E_USAGE');
      return requireApiKeyShape(text, 'stdin');
    }
  }
  const fromEnv = io.env[envName]?.trim();
  if (fromEnv) return requireApiKeyShape(fromEnv, envName);
  throw new CliError(`No key given: pipe it on stdin (e.g. \`printenv ${envName} | rt-guard …\`) or set ${envName}. Keys are never read from arguments.`, 'E_USAGE');
}

// Only Runtype API keys are ever sent to the API as "the key": never a session token or another secret.
const API_KEY = keyPattern(apiKeyRules());

/** Returns `key` when it is shaped like a Runtype API key; else a CliError naming where it came from. */
export function requireApiKeyShape(key: string, source: string): string {
  if (!API_KEY.test(key)) {
    throw new CliError(`${source} does not hold a Runtype API key (rt_live_…/rt_test_… followed by 16-128 letters and digits).`, 'E_USAGE');
  }
  return key;
}

/** Reads all of stdin (piped input). */
export async function readAll(io: Io): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) text += chunk.toString();
  return text;
}

/**
 * Asks "yes/no" on stderr and reads the answer from the terminal. Refuses, with what to do,
 * when stdin is not a terminal and `--yes` was not given.
 */
export async function confirm(io: Io, question: string, assumeYes: boolean | undefined): Promise<boolean> {
  if (assumeYes) return true;
  if (!isStdinTty(io)) {
    throw new CliError('Refusing to act without confirmation: stdin is not a terminal. Re-run with --yes to confirm.', 'E_USAGE');
  }
  io.stderr.write(`${question} [y/N] `);
  const line = await readLine(io);
  return /^y(es)?$/i.test(line.trim());
}

async function readLine(io: Io): Promise<string> {
  return new Promise((resolve) => {
    let buffer = '';
    const onData = (chunk: Buffer | string) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end >= 0) {
        io.stdin.off('data', onData);
        io.stdin.pause();
        resolve(buffer.slice(0, end));
      }
    };
    io.stdin.on('data', onData);
    io.stdin.once('end', () => resolve(buffer));
    io.stdin.resume();
  });
}

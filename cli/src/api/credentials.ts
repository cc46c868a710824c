import { apiKeyRules, keyPattern } from '@rt-guard/core';
import { CliError, type Io } from '../io.ts';
import { isStdinTty, readAll } from '../read-stdin.ts';

// The two credentials are kept apart: the management token comes from the environment only, the key
// an action is about from stdin or the environment. Never from argv (argv is visible to other users
// in `ps` and lands in shell history).

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
  throw new CliError(
    `No key given: pipe it on stdin (e.g. \`printenv ${envName} | rt-guard …\`) or set ${envName}. Keys are never read from arguments.`,
    'E_USAGE',
  );
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

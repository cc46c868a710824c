import { constants } from 'node:fs';
import { access, readFile, realpath } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { HOOK_MARKER, gitHooksDir, installHooks, type InstallHooksResult } from '@rt-guard/core/node';

/**
 * Host-free: finds the rt-guard CLI a git hook should run, as the absolute `[node, rt-guard launcher]` argv
 * that core's `installHooks` records. Looks in the repository's `node_modules/.bin`, then on PATH.
 */
export async function findCliCommand(repoRoot: string, env: Record<string, string | undefined>): Promise<string[] | undefined> {
  const pathDirs = (env['PATH'] ?? '').split(delimiter).filter((dir) => isAbsolute(dir));
  const node = await firstAccessible(pathDirs.map((dir) => join(dir, 'node')), constants.X_OK);
  // The script is run by node, so it need not be executable itself (workspace builds are not).
  const bin = await firstAccessible([join(repoRoot, 'node_modules/.bin/rt-guard'), ...pathDirs.map((dir) => join(dir, 'rt-guard'))], constants.R_OK);
  if (!node || !bin) return undefined;
  return [node, await realpath(bin)];
}

async function firstAccessible(paths: string[], mode: number): Promise<string | undefined> {
  for (const path of paths) {
    try {
      await access(path, mode);
      return path;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/** True when rt-guard's pre-commit hook is already in the folder git runs hooks from. */
export async function hasRtGuardHook(repoRoot: string): Promise<boolean> {
  try {
    const text = await readFile(join(await gitHooksDir(repoRoot), 'pre-commit'), 'utf8');
    return text.includes(HOOK_MARKER);
  } catch {
    return false;
  }
}

/** Installs the pre-commit hook with the same installer as `rt-guard hook install`. */
export async function installPreCommitHook(repoRoot: string, env: Record<string, string | undefined>): Promise<InstallHooksResult> {
  const command = await findCliCommand(repoRoot, env);
  if (!command) {
    throw new Error('the rt-guard CLI was not found (neither node_modules/.bin/rt-guard nor rt-guard on PATH): install it with `npm install -D rt-guard`, then try again.');
  }
  return installHooks({ cwd: repoRoot, hooks: ['pre-commit'], command });
}

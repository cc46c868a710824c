import { constants } from 'node:fs';
import { access, lstat, readFile, realpath } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { HOOK_MARKER, gitHooksDir, installHooks, type InstallHooksResult } from '@rt-guard/core/node';

/**
 * Host-free: the rt-guard CLI a git hook should run, as the absolute `[node, bin]` argv that core's
 * `installHooks` records: the extension's own CLI (`ownCli`), else `rt-guard` on PATH. Never a
 * `node_modules/.bin/rt-guard` of the repository: that is code the repository ships, and the hook
 * would run it on every commit (issue 10).
 */
export async function findCliCommand(ownCli: string | undefined, env: Record<string, string | undefined>): Promise<string[] | undefined> {
  const pathDirs = (env['PATH'] ?? '').split(delimiter).filter((dir) => isAbsolute(dir));
  const node = await firstAccessible(
    pathDirs.map((dir) => join(dir, 'node')),
    constants.X_OK,
  );
  // The script is run by node, so it need not be executable itself.
  const bin = await firstAccessible([...(ownCli ? [ownCli] : []), ...pathDirs.map((dir) => join(dir, 'rt-guard'))], constants.R_OK);
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

/**
 * The environment for the git that core's installer runs: `core.fsmonitor` off (the equivalent of
 * `git -c core.fsmonitor=false`), so a repository's config cannot make it run a command.
 */
export function gitSafeEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const count = Number.parseInt(env['GIT_CONFIG_COUNT'] ?? '0', 10);
  const index = Number.isInteger(count) && count > 0 ? count : 0;
  return { ...env, GIT_CONFIG_COUNT: String(index + 1), [`GIT_CONFIG_KEY_${index}`]: 'core.fsmonitor', [`GIT_CONFIG_VALUE_${index}`]: 'false' };
}

/**
 * The repository root above `folder`: the nearest folder holding `.git`, found without git. git then
 * runs there, never in a folder below it whose files could pass for another git directory.
 */
export async function findRepositoryRoot(folder: string): Promise<string | undefined> {
  for (let dir = folder; ; dir = dirname(dir)) {
    try {
      await lstat(join(dir, '.git'));
      return dir;
    } catch {
      if (dirname(dir) === dir) return undefined;
    }
  }
}

/** True when rt-guard's pre-commit hook is already in the folder git runs hooks from. */
export async function hasRtGuardHook(folder: string, env: Record<string, string | undefined> = process.env): Promise<boolean> {
  const repoRoot = await findRepositoryRoot(folder);
  if (!repoRoot) return false;
  try {
    const text = await readFile(join(await gitHooksDir(repoRoot, gitSafeEnv(env)), 'pre-commit'), 'utf8');
    return text.includes(HOOK_MARKER);
  } catch {
    return false;
  }
}

/** Installs the pre-commit hook with the same installer as `rt-guard hook install`, running `ownCli`. */
export async function installPreCommitHook(folder: string, env: Record<string, string | undefined>, ownCli: string | undefined): Promise<InstallHooksResult> {
  const repoRoot = await findRepositoryRoot(folder);
  if (!repoRoot) throw new Error(`${folder} is not inside a git repository: run \`git init\` first, then install the hook.`);
  const command = await findCliCommand(ownCli, env);
  if (!command) {
    throw new Error(
      "no rt-guard CLI to run from the hook: node was not found on PATH, or the extension's own CLI is missing (reinstall the extension, or install rt-guard globally with `npm install -g rt-guard`).",
    );
  }
  return installHooks({ cwd: repoRoot, hooks: ['pre-commit'], command, env: gitSafeEnv(env) });
}

import { execFile } from 'node:child_process';
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { RtGuardError } from '../errors.ts';
import { CHAINED_SUFFIX, HOOK_MARKER, renderHookScript, type HookName } from './hook-script.ts';
import { readIfExists } from './read-if-exists.ts';

export { HOOK_MARKER, CHAINED_SUFFIX, renderHookScript, prefilterNeedles, type HookName } from './hook-script.ts';

/** Codes of {@link GitHookError}. */
export type GitHookErrorCode = 'E_HOOK_NOT_A_REPO' | 'E_HOOK_GIT' | 'E_HOOK_ALREADY_INSTALLED' | 'E_HOOK_CHAIN_EXISTS' | 'E_HOOK_BAD_OPTIONS';

/** Installing or removing a hook failed; `code` says why, the message says what to do. */
export class GitHookError extends RtGuardError {
  declare readonly code: GitHookErrorCode;
  constructor(code: GitHookErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** What {@link installHooks} installs, where, and which rt-guard the hooks call. */
export interface InstallHooksOptions {
  /** Any folder inside the repository (or worktree, or submodule). */
  cwd: string;
  /** Default: `['pre-commit']`. */
  hooks?: readonly HookName[];
  /**
   * Argv that runs rt-guard, recorded in the hook: normally `[process.execPath, '/abs/cli/dist/bin.cjs']`,
   * so the hook uses the rt-guard it was installed from, not whatever is on PATH.
   */
  command: readonly string[];
  /** Environment for git (default: inherited). */
  env?: Record<string, string | undefined>;
}

/** One hook file written by {@link installHooks}. */
export interface InstalledHook {
  hook: HookName;
  /** Absolute path of the hook file written. */
  path: string;
  /** Where the hook that was there before now lives; our hook runs it after its own check. */
  chainedTo?: string;
}

/** What {@link installHooks} did. */
export interface InstallHooksResult {
  /** The folder git runs hooks from (honours core.hooksPath, worktrees, submodules). */
  hooksDir: string;
  installed: InstalledHook[];
}

/** One hook removed by {@link uninstallHooks}. */
export interface UninstalledHook {
  hook: HookName;
  path: string;
  /** True when the chained hook was moved back into place. */
  restored: boolean;
}

/** What {@link uninstallHooks} did. */
export interface UninstallHooksResult {
  hooksDir: string;
  /** Empty when no rt-guard hook was installed. */
  removed: UninstalledHook[];
}

const ALL_HOOKS: readonly HookName[] = ['pre-commit', 'pre-push'];

/**
 * Installs rt-guard's git hooks into the folder git really runs hooks from. An existing hook keeps
 * working: it is moved to `<hook>.rt-guard-chained` and our hook calls it. Refuses (and changes
 * nothing) when any requested hook is already rt-guard's.
 *
 * @example await installHooks({ cwd: repo, hooks: ['pre-commit', 'pre-push'], command: [process.execPath, binPath] })
 */
export async function installHooks(options: InstallHooksOptions): Promise<InstallHooksResult> {
  const hooks = [...new Set<HookName>(options.hooks ?? ['pre-commit'])];
  if (hooks.length === 0 || hooks.some((hook) => !ALL_HOOKS.includes(hook))) {
    throw new GitHookError('E_HOOK_BAD_OPTIONS', `hooks must be a non-empty list of ${ALL_HOOKS.join(', ')}`);
  }
  if (options.command.length === 0 || !isAbsolute(options.command[0]!)) {
    throw new GitHookError('E_HOOK_BAD_OPTIONS', 'command must start with the absolute path of the program that runs rt-guard (e.g. node)');
  }
  const hooksDir = await gitHooksDir(options.cwd, options.env);
  // Check everything before touching anything, so a refusal leaves the folder as it was.
  const plans: Array<{ hook: HookName; path: string; chained: string; hasExisting: boolean }> = [];
  for (const hook of hooks) {
    const path = join(hooksDir, hook);
    const chained = path + CHAINED_SUFFIX;
    const existing = await readIfExists(path);
    if (existing !== undefined && isOurs(existing)) {
      throw new GitHookError(
        'E_HOOK_ALREADY_INSTALLED',
        `rt-guard's ${hook} hook is already installed in ${hooksDir}: run \`rt-guard hook uninstall\` first to reinstall it`,
      );
    }
    if (existing !== undefined && (await exists(chained))) {
      throw new GitHookError(
        'E_HOOK_CHAIN_EXISTS',
        `${chained} already exists, so the current ${hook} hook cannot be moved aside: move or delete one of them by hand, then install again`,
      );
    }
    plans.push({ hook, path, chained, hasExisting: existing !== undefined });
  }
  await mkdir(hooksDir, { recursive: true });
  const installed: InstalledHook[] = [];
  for (const plan of plans) {
    if (plan.hasExisting) await rename(plan.path, plan.chained);
    await writeFile(plan.path, renderHookScript(plan.hook, options.command), { mode: 0o755 });
    await chmod(plan.path, 0o755); // mode is masked by umask on create
    installed.push({ hook: plan.hook, path: plan.path, ...(plan.hasExisting ? { chainedTo: plan.chained } : {}) });
  }
  return { hooksDir, installed };
}

/**
 * Removes rt-guard's hooks and moves back the hooks they chained to. Hooks that are not
 * rt-guard's are never touched.
 *
 * @example const { removed } = await uninstallHooks({ cwd: repo }); // removed: [] when nothing was installed
 */
export async function uninstallHooks(options: { cwd: string; env?: Record<string, string | undefined> }): Promise<UninstallHooksResult> {
  const hooksDir = await gitHooksDir(options.cwd, options.env);
  const removed: UninstalledHook[] = [];
  for (const hook of ALL_HOOKS) {
    const path = join(hooksDir, hook);
    const existing = await readIfExists(path);
    if (existing === undefined || !isOurs(existing)) continue;
    await rm(path);
    const chained = path + CHAINED_SUFFIX;
    const restored = await exists(chained);
    if (restored) await rename(chained, path);
    removed.push({ hook, path, restored });
  }
  return { hooksDir, removed };
}

/**
 * The absolute folder git runs hooks from. `git rev-parse --git-path hooks` already resolves
 * core.hooksPath, the common dir of a linked worktree and a submodule's `.git/modules/<name>`.
 */
export async function gitHooksDir(cwd: string, env?: Record<string, string | undefined>): Promise<string> {
  const stdout = await git(['rev-parse', '--path-format=absolute', '--git-path', 'hooks'], cwd, env).catch(async (error: unknown) => {
    // --path-format arrived in git 2.31; older gits print a path relative to cwd.
    if (error instanceof GitHookError && error.code === 'E_HOOK_GIT') return git(['rev-parse', '--git-path', 'hooks'], cwd, env);
    throw error;
  });
  return resolve(cwd, stdout.trim());
}

function isOurs(text: string): boolean {
  return text.split('\n', 3).some((line) => line.includes(HOOK_MARKER));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function git(args: string[], cwd: string, env?: Record<string, string | undefined>): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('git', args, { cwd, ...(env ? { env } : {}), encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolvePromise(stdout);
      const message = stderr.trim().split('\n')[0] ?? error.message;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !stderr) {
        return reject(new GitHookError('E_HOOK_GIT', 'git was not found on PATH: install git first', { cause: error }));
      }
      if (/not a git repository/i.test(stderr)) {
        return reject(
          new GitHookError('E_HOOK_NOT_A_REPO', `${cwd} is not inside a git repository: run \`git init\` first, or install from inside the repository`),
        );
      }
      reject(new GitHookError('E_HOOK_GIT', `git ${args[0]} failed: ${message}`, { cause: error }));
    });
  });
}

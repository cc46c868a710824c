import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CliError } from '../io.ts';

/** Where and how git runs. `env` replaces the inherited environment (hooks pass GIT_INDEX_FILE through it). */
export interface GitContext {
  cwd: string;
  env?: Record<string, string | undefined>;
}

/**
 * Config that would change git's output under us: colours, external diff drivers and prefixes
 * are also switched off by flags, these cover the rest (quoted non-ASCII paths, pagers). And config
 * a repository could use to run a command of its choosing: `core.fsmonitor` (issue 10).
 */
export const STABLE_CONFIG: readonly string[] = [
  '-c',
  'core.quotePath=false',
  '-c',
  'color.ui=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.mnemonicPrefix=false',
  '-c',
  'core.fsmonitor=false',
];

/** Flags that make a patch parseable whatever the user's config says. */
export const PATCH_FLAGS = ['-U0', '--full-index', '--no-color', '--no-ext-diff', '--no-textconv', '--no-relative', '-M', '--src-prefix=a/', '--dst-prefix=b/'];

/** The git command of `scan --staged`: the index against HEAD (or the empty tree). */
export const STAGED_DIFF_ARGS: readonly string[] = ['diff', '--cached', ...PATCH_FLAGS];

/** Starts `git <args>` with output to pipes. The caller owns the process. */
export function spawnGit(args: readonly string[], context: GitContext): ChildProcessWithoutNullStreams {
  const env = context.env ? { ...definedOnly(context.env), GIT_PAGER: 'cat', LC_ALL: 'C' } : undefined;
  return spawn('git', [...STABLE_CONFIG, ...args], { cwd: context.cwd, ...(env ? { env } : {}), stdio: 'pipe' });
}

/** Runs git to completion and returns stdout; throws a CliError quoting git's own complaint. */
export async function runGit(args: readonly string[], context: GitContext, input?: string): Promise<string> {
  const child = spawnGit(args, context);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdin.on('error', () => undefined);
  child.stdin.end(input ?? '');
  const code = await exitCodeOf(child);
  if (code !== 0) throw gitFailed(args, Buffer.concat(err).toString('utf8'), code);
  return Buffer.concat(out).toString('utf8');
}

/**
 * Resolves with the exit code; a missing git binary becomes a clear CliError. The promise is
 * marked handled at once: callers await it after reading stdout, and a missing git rejects before
 * that, which Node would otherwise treat as an unhandled rejection and crash on.
 */
export function exitCodeOf(child: ChildProcessWithoutNullStreams): Promise<number> {
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new CliError('git was not found on PATH: install git, or run rt-guard where git is available', 'E_GIT_MISSING') : error);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  exited.catch(() => undefined);
  return exited;
}

/** A failed git call, with the first lines of git's message (which never holds file content). */
export function gitFailed(args: readonly string[], stderr: string, code: number): CliError {
  const message = stderr.trim().split('\n').slice(0, 3).join('; ') || `exit code ${code}`;
  if (/not a git repository/i.test(message)) return notARepository();
  return new CliError(`git ${args[0] ?? ''} failed: ${message}`, 'E_GIT');
}

/** The error for "this folder is not inside a git repository". */
export function notARepository(): CliError {
  return new CliError(
    'not a git repository (or any parent folder): run this inside a git repository, or scan files with `rt-guard scan <paths>`',
    'E_NOT_A_REPO',
  );
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}

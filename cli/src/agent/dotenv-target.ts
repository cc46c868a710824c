import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { testPathItself, withoutNegatedClasses } from '@rt-guard/core';
import { isTrackedInIndex } from './git-index.ts';
import { readRegularFile } from './read-regular-file.ts';
import { globalExcludesFile } from './global-excludes.ts';

/** `.env`, `.env.local`, `.env.production`, `prod.env`: the files keys belong in. */
export function isDotenvName(path: string): boolean {
  const name = basename(path);
  return name === '.env' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > 4);
}

/** Resolves symlinks of an existing path, or of its nearest existing parent for a file not written yet. */
function realPathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    if (parent === path) return undefined;
    const real = realPathOf(parent);
    return real === undefined ? undefined : join(real, basename(path));
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep);
}

/** The nearest folder at or above `dir` holding `.git`: the repository root. */
function repositoryRoot(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * A gitignore-format file's rules, case-sensitive as git is by default (core.ignorecase is false
 * on Linux: `.env.local` does not ignore `.env.LOCAL`, which git commits), and without the rules
 * the `ignore` package misreads (negated classes, see {@link withoutNegatedClasses}): a file is
 * never judged ignored when git would commit it. Read as {@link readRegularFile} does (no FIFO, no
 * device, at most 1 MiB; links followed only when `follow`): a hostile repository cannot hang the hook.
 */
function readPatterns(file: string, follow: boolean): Ignore | undefined {
  const data = readRegularFile(file, { follow, maxBytes: 1024 * 1024 });
  if (!(data instanceof Buffer)) return undefined;
  try {
    return ignore({ ignorecase: false }).add(withoutNegatedClasses(data.toString('utf8').split(/\r?\n/)).join('\n'));
  } catch {
    return undefined;
  }
}

/**
 * Whether git would ignore `path` (absolute, symlinks resolved) in repository `root`, judged like
 * git with the `ignore` package from, lowest precedence first: the user's global excludes file
 * (located from the user's global git config and `env`, never from the repository's config), the
 * repository's `.git/info/exclude` and its `.gitignore` files. No git process is started: a
 * repository's config (core.fsmonitor, …) could make git run commands.
 */
export function isGitIgnored(path: string, root: string, env: Record<string, string | undefined> = {}): boolean {
  const rel = relative(root, path).split(sep).join('/');
  const parts = rel.split('/');
  // Pattern sources, lowest precedence first, each with the folder its patterns are relative to.
  const levels: Array<{ base: string; patterns: Ignore }> = [];
  const globalFile = globalExcludesFile(env);
  const global = globalFile === undefined ? undefined : readPatterns(globalFile, true); // the user's own: links followed
  if (global) levels.push({ base: '', patterns: global });
  const exclude = readPatterns(join(root, '.git/info/exclude'), false);
  if (exclude) levels.push({ base: '', patterns: exclude });
  for (let i = 0; i < parts.length; i++) {
    const base = parts.slice(0, i).join('/');
    const patterns = readPatterns(join(root, base, '.gitignore'), false); // git does not follow a linked .gitignore
    if (patterns) levels.push({ base, patterns });
  }
  const ignoredByLevels = (target: string): boolean => {
    let ignored = false;
    for (const level of levels) {
      // A folder's own .gitignore applies below it, not to the folder itself.
      if (level.base !== '' && (!target.startsWith(`${level.base}/`) || target === `${level.base}/`)) continue;
      // The path itself: ignore's test() also reports a folder above it that this layer ignores, even where a deeper .gitignore re-included it.
      const result = testPathItself(level.patterns, level.base === '' ? target : target.slice(level.base.length + 1));
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  };
  // git does not look inside an ignored folder: nothing under it can be re-included.
  for (let i = 1; i < parts.length; i++) if (ignoredByLevels(`${parts.slice(0, i).join('/')}/`)) return true;
  return ignoredByLevels(rel);
}

/**
 * True when an agent may write a key into `path`: a dotenv file (by its name and by the name of
 * what it resolves to), inside the project once symlinks are resolved, ignored by git and not
 * tracked by it.
 */
export function isAllowedKeyFile(path: string, projectDir: string, env: Record<string, string | undefined> = {}): boolean {
  if (!isDotenvName(path)) return false;
  const real = realPathOf(path);
  const project = realPathOf(projectDir);
  if (real === undefined || project === undefined || !isDotenvName(real) || !isInside(project, real)) return false;
  const root = repositoryRoot(dirname(real));
  if (root === undefined || !isGitIgnored(real, root, env)) return false;
  // .gitignore does not apply to a file git already tracks: it would go into the next commit.
  return isTrackedInIndex(root, relative(root, real).split(sep).join('/')) === false;
}

/** The variable a dotenv line assigns (`KEY=…`, `export KEY=…`), or undefined. */
export function variableOnLine(line: string): string | undefined {
  return /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
}

// A command that prints a file (cat, grep, head, …) with a dotenv file among its arguments, before
// the next pipe or command separator. `source .env` and `--env-file .env` read it without printing.
const PRINTS_DOTENV =
  /(?:^|[\s;&|(`$])(?:cat|tac|less|more|head|tail|grep|egrep|fgrep|rg|ag|awk|sed|cut|sort|uniq|nl|strings|xxd|hexdump|od|base64|bat|jq|diff|type|Get-Content|gc)\s(?:[^;&|\n]*?[\s'"=/])?(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.env)(?=$|[\s'"|;&)>])/;

/** True when a shell command prints a dotenv file into the conversation (`cat .env`, `grep KEY .env.local`). */
export function printsDotenv(command: string): boolean {
  return PRINTS_DOTENV.test(command);
}

import { constants } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { testPathItself, withoutNegatedClasses } from '@rt-guard/core';

/** A `.gitignore` larger than this is not read (a real one is a few KiB). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;
/** How far above the workspace folder a repository root is looked for. */
const MAX_PARENT_LEVELS = 64;

/**
 * Host-free: whether git would ignore a file, decided in-process from the `.gitignore` files
 * (the `ignore` package, as the CLI's walk does), never by running git. Running git in a folder
 * a repository chose runs whatever that folder's git config says (`core.fsmonitor`), so opening a
 * file must not start git at all (issue 10).
 *
 * The root is the nearest folder holding `.git` (the file's own repository, nested ones included),
 * else the workspace folder: a folder that is not a repository yet honours its `.gitignore` too.
 * `.gitignore` files from that root down to the file apply, deeper ones first, with negations; a
 * file under an ignored folder is ignored (git cannot re-include it). `.git/info/exclude` and
 * `core.excludesFile` are local to one clone and not read, like the CLI.
 */
export interface GitignoreJudge {
  isIgnored(path: string, workspaceFolder: string): Promise<boolean>;
  /** Forgets every `.gitignore` read (call when one changes). */
  clear(): void;
}

export function createGitignoreJudge(
  read: (path: string) => Promise<string | undefined> = readGitignoreFile,
  exists: (path: string) => Promise<boolean> = pathExists,
): GitignoreJudge {
  // Keyed by the file's identity (size, mtime), checked on every use: a .gitignore just written
  // (by "Move to .env") counts at once, without waiting for a file watcher.
  const matchers = new Map<string, { signature: string; matcher: Promise<Ignore | undefined> }>();
  const repositories = new Map<string, Promise<boolean>>();

  const matcherOf = async (dir: string) => {
    const path = join(dir, '.gitignore');
    const signature = await signatureOf(path);
    const cached = matchers.get(dir);
    if (cached?.signature === signature) return cached.matcher;
    const matcher = signature === 'missing' ? Promise.resolve(undefined) : read(path).then((text) => (text === undefined ? undefined : gitignoreMatcher(text)));
    matchers.set(dir, { signature, matcher });
    return matcher;
  };
  const isRepository = (dir: string) => {
    let answer = repositories.get(dir);
    if (!answer) {
      answer = exists(join(dir, '.git'));
      repositories.set(dir, answer);
    }
    return answer;
  };

  async function rootOf(fileDir: string, workspaceFolder: string): Promise<string> {
    // The deepest repository between the workspace folder and the file (a nested repository wins).
    for (let dir = fileDir; isInside(dir, workspaceFolder); dir = dirname(dir)) {
      if (await isRepository(dir)) return dir;
      if (dir === workspaceFolder) break;
    }
    // A workspace folder opened inside a repository: the repository's root .gitignore applies too.
    let dir = workspaceFolder;
    for (let level = 0; level < MAX_PARENT_LEVELS && dirname(dir) !== dir; level++) {
      dir = dirname(dir);
      if (await isRepository(dir)) return dir;
    }
    return workspaceFolder;
  }

  return {
    async isIgnored(path, workspaceFolder) {
      if (!isInside(path, workspaceFolder) || path === workspaceFolder) return false;
      const root = await rootOf(dirname(path), workspaceFolder);
      const segments = relative(root, path).split(sep);
      if (segments.includes('.git')) return false;
      // Layer i is the .gitignore of root/segments[0..i-1]; it applies to paths below it.
      const layers: (Ignore | undefined)[] = [];
      for (let depth = 0; depth < segments.length; depth++) {
        layers.push(await matcherOf(join(root, ...segments.slice(0, depth))));
        const isDirectory = depth < segments.length - 1;
        let isIgnored = false;
        for (let base = 0; base <= depth; base++) {
          const matcher = layers[base];
          if (!matcher) continue;
          const rel = segments.slice(base, depth + 1).join('/') + (isDirectory ? '/' : '');
          // The rules on this path alone: the folders above it were judged at the depths before.
          const verdict = testPathItself(matcher, rel);
          if (verdict.ignored) isIgnored = true;
          else if (verdict.unignored) isIgnored = false;
        }
        // An ignored folder hides everything below it, whatever deeper files say.
        if (isIgnored) return true;
      }
      return false;
    },
    clear() {
      matchers.clear();
      repositories.clear();
    },
  };
}

/** Whether the rules of one `.gitignore` text ignore `path` (relative to its folder), judged as git does (gitignoreMatcher). */
export function gitignoreTextIgnores(text: string, path: string): boolean {
  return gitignoreMatcher(text).ignores(path);
}

/**
 * Case-sensitive as git is by default (`*.log` does not hide `DEBUG.LOG`, which git commits), and
 * negated classes that `ignore` misreads defused (withoutNegatedClasses): a wrong "ignored" would
 * hide a key's diagnostics in a file git commits.
 */
function gitignoreMatcher(text: string): Ignore {
  return ignore({ ignorecase: false }).add(withoutNegatedClasses(text.split(/\r?\n/)).join('\n'));
}

/**
 * Reads a `.gitignore` the repository controls, defensively: only a regular file (not a FIFO that
 * would block, nor a link to `/dev/zero`), at most {@link MAX_GITIGNORE_BYTES}.
 */
export async function readGitignoreFile(path: string): Promise<string | undefined> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_GITIGNORE_BYTES) return undefined;
    const buffer = Buffer.alloc(Math.min(info.size, MAX_GITIGNORE_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

async function signatureOf(path: string): Promise<string> {
  try {
    const info = await stat(path);
    return `${info.ino}:${info.size}:${info.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

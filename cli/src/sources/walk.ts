import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { testPathItself, withoutNegatedClasses } from '@rt-guard/core';

/** A regular file to scan. */
export interface WalkEntry {
  /** Absolute path. */
  path: string;
  /** Path relative to the scan root (`cwd`) with `/` separators: what reports show. */
  relative: string;
  /**
   * The folder named on the command line this file was found in, by plain descent (no link on
   * the way): a native search of that folder sees this file at `path` relative to it. Unset for
   * files named on the command line and files reached through a followed link.
   */
  folder?: string;
}

export interface WalkOptions {
  /** The scan root: reported paths are relative to it. */
  cwd: string;
  /** Folder the config's ignore patterns are relative to (where `.rt-guard.json` lives). */
  configRoot: string;
  /** The config's ignore rules: path relative to `configRoot` (folders end in `/`) → true to skip. */
  isIgnored: (relativePath: string) => boolean;
  /**
   * True when every pattern behind `isIgnored` names folders only (ends in `/`, see
   * foldersOnly): a file is then ignored only through its folder, which the walk has already
   * checked, so files are not tested one by one (20,000 files cost ~0.1 s in `ignore`).
   */
  isIgnoredFoldersOnly?: boolean;
  /** Non-fatal problems (a broken link, an unreadable folder), one line each. */
  onWarning: (message: string) => void;
  /** Called for each file or folder passed over because of an ignore rule, or a link not followed. */
  onSkip?: () => void;
  /**
   * Follow symlinks met inside a folder (default false: they are passed over, as ripgrep and
   * gitleaks do). Even then a link is followed only when its target lies inside the scanned path.
   */
  followSymlinks?: boolean;
  /** Details for `--verbose`: each link passed over and why. */
  onVerbose?: (message: string) => void;
}

/** Folders never worth scanning: git's object store and installed dependencies. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

interface GitignoreLayer {
  base: string;
  matcher: Ignore;
  /** Some rule may match a file itself (not only a folder): files are tested one by one. */
  matchesFiles: boolean;
  /** Those rules as a test of the file's name alone, when they are all simple (nameTest). */
  matchesName?: ((name: string) => boolean) | undefined;
}

/**
 * Lists the files under `paths` (files or folders), depth-first in name order. Honours
 * `.gitignore` files (the repository's, from its root down, and nested ones) and the config's
 * ignore rules, skips `.git` and `node_modules`, and reports unreadable entries as warnings.
 * Files and folders named explicitly are scanned even if `.gitignore` names them (and followed if
 * they are links: the user named them); config ignore rules still apply. Links met inside a folder
 * are passed over unless `followSymlinks`, and then only followed to targets inside the scanned
 * path (a repository's link to `~/.ssh` is never read), never into a folder already entered (so a
 * link loop ends).
 */
export function* walkPaths(paths: readonly string[], options: WalkOptions): Generator<WalkEntry> {
  const visited = new Set<string>();
  for (const input of paths) {
    const path = resolve(options.cwd, input);
    let info;
    try {
      info = statSync(path);
    } catch (error) {
      options.onWarning(`cannot read ${input} (${codeOf(error)}); skipped`);
      continue;
    }
    if (info.isDirectory()) {
      // A folder named on the command line is scanned even if an outer .gitignore excludes it
      // (as ripgrep does): the layers that exclude it are left out for this walk.
      const layers = ancestorLayers(path).filter((layer) => !layer.matcher.ignores(`${relativeTo(layer.base, path)}/`));
      let root: string;
      try {
        root = realpathSync(path);
      } catch (error) {
        options.onWarning(`cannot read ${input} (${codeOf(error)}); skipped`);
        continue;
      }
      // A file is tested against the config only if a rule can match a file, or the folder itself
      // is ignored (then every file is, each counted as skipped, as before).
      const filesNeedConfigTest = !options.isIgnoredFoldersOnly || isConfigIgnored(path, true, options);
      yield* walkDirectory(path, root, layers, visited, { ...options, root, folder: path, filesNeedConfigTest });
    } else if (info.isFile()) {
      if (isConfigIgnored(path, false, options)) {
        options.onSkip?.();
        continue;
      }
      yield { path, relative: toRelative(options.cwd, path) };
    } else {
      options.onWarning(`${input} is not a regular file or folder; skipped`);
    }
  }
}

/**
 * `root`: where a followed link may lead, the real path of the folder named on the command line.
 * `folder`: that folder as named (resolved), while no link has been followed on the way down.
 */
type DirectoryOptions = WalkOptions & { root: string; folder?: string | undefined; filesNeedConfigTest: boolean };

/**
 * `real`: the real path of `dir`. Known without asking the file system on a plain descent (no
 * link on the way: the real path of the parent plus the name), which saves a realpath per folder.
 */
function* walkDirectory(dir: string, real: string, layers: readonly GitignoreLayer[], visited: Set<string>, options: DirectoryOptions): Generator<WalkEntry> {
  if (visited.has(real)) return;
  visited.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    options.onWarning(`cannot read folder ${toRelative(options.cwd, dir)} (${codeOf(error)}); skipped`);
    return;
  }
  // Only a folder that lists a .gitignore costs a read (a failed read throws, which is slow).
  const own = entries.some((entry) => entry.name === '.gitignore') ? loadGitignore(dir) : undefined;
  const active = own ? [...layers, own] : layers;
  // Layers whose rules can match a file by itself; the others ignore a file only through its
  // folder, and this folder is not ignored (the walk would not be here).
  const fileLayers = active.filter((layer) => layer.matchesFiles);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (ALWAYS_SKIPPED.has(entry.name)) continue;
    const path = dir.endsWith(sep) ? dir + entry.name : dir + sep + entry.name; // join() normalises: slower, same result here
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    // A followed link to a file is read at the target checked here, not through the link again.
    let readPath = path;
    let realPath = real.endsWith(sep) ? real + entry.name : real + sep + entry.name;
    if (entry.isSymbolicLink()) {
      if (!options.followSymlinks) {
        options.onVerbose?.(
          `skipped link ${toRelative(options.cwd, path)} (links are not followed; --follow-symlinks follows those inside the scanned folder)`,
        );
        options.onSkip?.();
        continue;
      }
      try {
        const real = realpathSync(path);
        if (!isInside(options.root, real)) {
          options.onVerbose?.(`skipped link ${toRelative(options.cwd, path)}: it points outside the scanned folder`);
          options.onSkip?.();
          continue;
        }
        const target = statSync(real);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
        readPath = real;
        realPath = real;
      } catch (error) {
        options.onWarning(`cannot read ${toRelative(options.cwd, path)} (${codeOf(error)}: broken link); skipped`);
        continue;
      }
    }
    if (!isDirectory && !isFile) continue; // sockets, FIFOs, devices: reading one could block forever
    const ignored = isDirectory
      ? isGitignored(path, true, active) || isConfigIgnored(path, true, options)
      : (fileLayers.length > 0 && isGitignoredFile(path, entry.name, fileLayers)) ||
        ((options.filesNeedConfigTest || entry.name.includes('\\')) && isConfigIgnored(path, false, options));
    if (ignored) {
      options.onSkip?.();
      continue;
    }
    const viaLink = readPath !== path || entry.isSymbolicLink();
    if (isDirectory) yield* walkDirectory(path, realPath, active, visited, viaLink ? { ...options, folder: undefined } : options);
    else if (!viaLink && options.folder !== undefined) yield { path, relative: toRelative(options.cwd, path), folder: options.folder };
    else yield { path: readPath, relative: toRelative(options.cwd, path) };
  }
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** A `.gitignore` larger than this is not read (a real one is a few KiB): its folder is scanned in full. */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

function loadGitignore(dir: string): GitignoreLayer | undefined {
  const text = readGitignore(join(dir, '.gitignore'));
  if (text === undefined) return undefined;
  try {
    const lines = withoutNegatedClasses(text.split(/\r?\n/));
    // Case-sensitive, as git is by default (core.ignorecase is false on Linux): `*.env` does not
    // hide `PROD.ENV`, which git would commit. Where git folds case, scanning more is harmless.
    return { base: dir, matcher: ignore({ ignorecase: false }).add(lines.join('\n')), matchesFiles: !foldersOnly(lines), matchesName: nameTest(lines) };
  } catch {
    return undefined;
  }
}

/**
 * A repository's `.gitignore`, read defensively: a regular file only, not through a link (git does
 * not follow a linked `.gitignore` either; a link to /dev/zero ate 16 GB), not a FIFO (the scan
 * waited forever), at most MAX_GITIGNORE_BYTES. Undefined otherwise: nothing is ignored by it.
 */
function readGitignore(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > MAX_GITIGNORE_BYTES) return undefined;
    const text = readFileSync(fd, 'utf8');
    return text.length > MAX_GITIGNORE_BYTES ? undefined : text;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * True when every rule among gitignore `lines` names folders only (`dist/`, `!keep/`,
 * `**\/build/`): such a rule never matches a file's own path, so a file is ignored only when
 * its folder (or one above) is. A line with anything after its last `/` (trailing spaces
 * included) counts as a rule that may match files.
 */
export function foldersOnly(lines: readonly string[]): boolean {
  return lines.every((line) => line === '' || /^\s+$/.test(line) || line.startsWith('#') || /[^\\/]\/$/.test(line));
}

/** `.gitignore` files of the folders between the repository root and `dir` (exclusive). */
function ancestorLayers(dir: string): GitignoreLayer[] {
  const chain: string[] = [];
  for (let current = dirname(dir); ; current = dirname(current)) {
    chain.unshift(current);
    if (existsSync(join(current, '.git')) || dirname(current) === current) break;
  }
  if (!existsSync(join(chain[0]!, '.git'))) return [];
  return chain.map(loadGitignore).filter((layer): layer is GitignoreLayer => layer !== undefined);
}

/**
 * The file rules of gitignore `lines` as one test of a file's name, for a file whose folder is not
 * ignored, when every rule is simple: a name (`.env`), `*` and a suffix (`*.log`), or a folder
 * (ignored for files). Case-sensitive, as the layer's `ignore` matcher. Undefined when any rule is
 * anything else or a negation: `ignore` then tests each file's path.
 */
export function nameTest(lines: readonly string[]): ((name: string) => boolean) | undefined {
  const names = new Set<string>();
  const suffixes: string[] = [];
  for (const line of lines) {
    if (line === '' || /^\s+$/.test(line) || line.startsWith('#') || /[^\\/]\/$/.test(line)) continue;
    const simple = /^(\*?)([A-Za-z0-9._-]+)$/.exec(line);
    if (!simple) return undefined;
    if (simple[1]) suffixes.push(simple[2]!);
    else names.add(simple[2]!);
  }
  return (name) => names.has(name) || suffixes.some((suffix) => name.endsWith(suffix));
}

/**
 * isGitignored for a file whose folder is not ignored: by its name where the layer allows it. A
 * name-test layer has no negation, so it either ignores the file or leaves it to outer layers.
 */
function isGitignoredFile(path: string, name: string, layers: readonly GitignoreLayer[]): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    if (!layer.matchesName) {
      const verdict = gitignoreVerdict(path, false, layer);
      if (verdict !== undefined) return verdict;
    } else if (layer.matchesName(name)) return true;
  }
  return false;
}

/**
 * As git decides, for a path whose folder the walk entered (so is not ignored): the deepest
 * `.gitignore` with a rule matching the path itself wins, so a nested `!prod.env` re-includes a
 * file an outer `*.env` ignores, and a nested `!build/` a folder an outer `build/` ignores (`layers`
 * run from the outermost in).
 */
function isGitignored(path: string, isDirectory: boolean, layers: readonly GitignoreLayer[]): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const verdict = gitignoreVerdict(path, isDirectory, layers[i]!);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

/** True: the layer ignores the path; false: a `!rule` of it re-includes it; undefined: no rule of it matches. */
function gitignoreVerdict(path: string, isDirectory: boolean, layer: GitignoreLayer): boolean | undefined {
  const rel = relativeTo(layer.base, path);
  if (rel === '' || rel.startsWith('..')) return undefined;
  const result = testPathItself(layer.matcher, isDirectory ? `${rel}/` : rel);
  return result.ignored ? true : result.unignored ? false : undefined;
}

function isConfigIgnored(path: string, isDirectory: boolean, options: WalkOptions): boolean {
  const rel = relativeTo(options.configRoot, path);
  if (rel === '' || rel.startsWith('..')) return false;
  return options.isIgnored(isDirectory ? `${rel}/` : rel);
}

/** `cwd`-relative path with `/` separators; `.` never appears for a file. */
export function toRelative(cwd: string, path: string): string {
  const rel = relativeTo(cwd, path);
  return rel === '' ? '.' : rel;
}

/** `relative()` with `/` separators, with a fast path for descendants (most calls, 20k+ per scan). */
function relativeTo(base: string, path: string): string {
  if (path.length > base.length + 1 && path.startsWith(base) && path[base.length] === sep) {
    const rel = path.slice(base.length + 1);
    return sep === '/' ? rel : rel.split(sep).join('/');
  }
  return relative(base, path).split(sep).join('/');
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

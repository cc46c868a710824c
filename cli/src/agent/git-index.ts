import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Whether git tracks `relativePath` (with `/` separators) in the repository at `root`, read from
 * its index file directly (no git process: a repository's config could make git run commands).
 * A tracked file stays in every commit even when .gitignore names it. Index versions 2 and 3 are
 * read; for anything else (version 4, an unreadable index) the answer is "maybe", so callers stay strict.
 */
export function isTrackedInIndex(root: string, relativePath: string): boolean | 'maybe' {
  let index: Buffer;
  try {
    index = readFileSync(join(gitDirOf(root), 'index'));
  } catch (error) {
    // No index yet (a fresh repository): nothing is tracked.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? false : 'maybe';
  }
  if (index.length < 12 || index.toString('latin1', 0, 4) !== 'DIRC') return 'maybe';
  const version = index.readUInt32BE(4);
  if (version !== 2 && version !== 3) return 'maybe';
  const count = index.readUInt32BE(8);
  const wanted = Buffer.from(relativePath, 'utf8');
  let offset = 12;
  for (let i = 0; i < count; i++) {
    if (offset + 62 > index.length) return 'maybe';
    const flags = index.readUInt16BE(offset + 60);
    const extended = version === 3 && (flags & 0x4000) !== 0;
    const pathStart = offset + 62 + (extended ? 2 : 0);
    const pathEnd = index.indexOf(0, pathStart);
    if (pathEnd < 0) return 'maybe';
    if (pathEnd - pathStart === wanted.length && index.subarray(pathStart, pathEnd).equals(wanted)) return true;
    // Entries are padded with 1–8 NUL bytes to a multiple of 8 bytes.
    const length = pathEnd - offset;
    offset += length + (8 - (length % 8));
  }
  return false;
}

/** The git directory of a repository: `.git`, or where a `.git` file (worktree, submodule) points. */
function gitDirOf(root: string): string {
  const dotGit = join(root, '.git');
  try {
    const text = readFileSync(dotGit, 'utf8');
    const target = /^gitdir: (.+)$/m.exec(text)?.[1]?.trim();
    if (target) return isAbsolute(target) ? target : resolve(root, target);
  } catch {
    // a folder (EISDIR) or missing: .git itself
  }
  return dotGit;
}

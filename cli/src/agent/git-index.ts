import { isAbsolute, join, resolve } from 'node:path';
import { readRegularFile } from './read-regular-file.ts';

/** A larger index is not read (one with 3 million entries is about 300 MB): 'maybe'. */
const MAX_INDEX_BYTES = 512 * 1024 * 1024;

/**
 * Whether git tracks `relativePath` (with `/` separators) in the repository at `root`, read from
 * its index file directly (no git process: a repository's config could make git run commands).
 * A tracked file stays in every commit even when .gitignore names it. Index versions 2, 3 and 4
 * (prefix-compressed paths) are read, and the whole file must be consistent (every entry's name
 * length, the extensions ending exactly at the trailing hash); anything else (an unknown version,
 * a damaged index, a split index whose entries live in another file, a path under a sparse
 * directory entry) answers "maybe", so callers stay strict.
 */
export function isTrackedInIndex(root: string, relativePath: string): boolean | 'maybe' {
  const index = readRegularFile(join(gitDirOf(root), 'index'), { follow: false, maxBytes: MAX_INDEX_BYTES });
  // No index yet (a fresh repository): nothing is tracked. A FIFO, a link, a huge file: cannot tell.
  if (index === 'missing') return false;
  if (index === undefined) return 'maybe';
  const wanted = Buffer.from(relativePath, 'utf8');
  // SHA-1 repositories have 20-byte object names, SHA-256 ones 32: only one size fits the file.
  const answers = [20, 32].map((hashSize) => lookUp(index, wanted, hashSize)).filter((answer) => answer !== undefined);
  return answers.length === 1 ? answers[0]! : 'maybe';
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

/**
 * Looks `wanted` up in an index whose object names are `hashSize` bytes. `undefined` when the file
 * does not parse with that size; 'maybe' when it parses but cannot answer (split index, sparse
 * directory entry above the path).
 */
function lookUp(index: Buffer, wanted: Buffer, hashSize: number): boolean | 'maybe' | undefined {
  if (index.length < 12 + hashSize || index.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = index.readUInt32BE(4);
  if (version !== 2 && version !== 3 && version !== 4) return undefined;
  const count = index.readUInt32BE(8);
  const end = index.length - hashSize; // the trailing checksum (all zeros with index.skipHash)
  // ctime, mtime (8 bytes each), dev, ino, mode, uid, gid, size (4 each), object name, flags (2).
  const fixed = 40 + hashSize + 2;
  let found: boolean | 'maybe' = false;
  // Version 4: the previous entry's path, which the next one is built from.
  let path = Buffer.alloc(256);
  let pathLength = 0;
  let offset = 12;
  for (let i = 0; i < count; i++) {
    if (offset + fixed > end) return undefined;
    const mode = index.readUInt32BE(offset + 24);
    const flags = index.readUInt16BE(offset + 40 + hashSize);
    const extended = (flags & 0x4000) !== 0;
    if (extended && version === 2) return undefined;
    let cursor = offset + fixed + (extended ? 2 : 0);
    // The entry's path: `length` bytes of `source` from `from` (no copy for versions 2 and 3).
    let source: Buffer;
    let from: number;
    let length: number;
    if (version === 4) {
      // A varint (git's varint.c) of how many bytes to drop from the previous path, then the NUL-terminated rest.
      const strip = readVarint(index, cursor, end);
      if (strip < 0 || strip > pathLength) return undefined;
      cursor = varintEnd;
      const suffixEnd = index.indexOf(0, cursor);
      if (suffixEnd < 0 || suffixEnd >= end) return undefined;
      const kept = pathLength - strip;
      pathLength = kept + (suffixEnd - cursor);
      if (pathLength > path.length) path = Buffer.concat([path.subarray(0, kept)], 2 * pathLength);
      index.copy(path, kept, cursor, suffixEnd);
      [source, from, length] = [path, 0, pathLength];
      offset = suffixEnd + 1; // no padding in version 4
    } else {
      const nameEnd = index.indexOf(0, cursor);
      if (nameEnd < 0 || nameEnd >= end) return undefined;
      [source, from, length] = [index, cursor, nameEnd - cursor];
      // Padded with 1–8 NUL bytes to a multiple of 8 bytes.
      const entryLength = nameEnd - offset;
      offset += entryLength + (8 - (entryLength % 8));
      if (offset > end) return undefined;
      for (let b = nameEnd; b < offset; b++) if (index[b] !== 0) return undefined;
    }
    // The flags hold the name's length (0xFFF for 4095 bytes or more): a second check of the parse.
    if ((flags & 0xfff) !== Math.min(length, 0xfff) || length === 0) return undefined;
    if (length === wanted.length && source.compare(wanted, 0, length, from, from + length) === 0) found = true;
    // A sparse index keeps a folder outside the sparse checkout as one entry (`dir/`): what is under it is not listed.
    else if ((mode & S_IFMT) === S_IFDIR && found === false && wanted.length > length && source.compare(wanted, 0, length, from, from + length) === 0)
      found = 'maybe';
  }
  // Extensions: a 4-byte signature and a 4-byte size each, up to the checksum exactly.
  while (offset < end) {
    if (offset + 8 > end) return undefined;
    const signature = index.toString('latin1', offset, offset + 4);
    const size = index.readUInt32BE(offset + 4);
    offset += 8 + size;
    if (offset > end) return undefined;
    // A split index ("link"): most entries live in a sharedindex file this one only points to.
    if (signature === 'link') return 'maybe';
  }
  return found;
}

/** Where the last {@link readVarint} stopped. */
let varintEnd = 0;

/** git's offset varint (varint.c): 7 bits a byte, high bit = more, each continuation adds one; -1 when damaged. */
function readVarint(buffer: Buffer, start: number, end: number): number {
  let cursor = start;
  if (cursor >= end) return -1;
  let byte = buffer[cursor++]!;
  let value = byte & 0x7f;
  while (byte & 0x80) {
    if (cursor >= end) return -1;
    value += 1;
    byte = buffer[cursor++]!;
    value = value * 128 + (byte & 0x7f);
    if (value > 0xffffffff) return -1; // no path is that long: a damaged index
  }
  varintEnd = cursor;
  return value;
}

/** The git directory of a repository: `.git`, or where a `.git` file (worktree, submodule) points. */
function gitDirOf(root: string): string {
  const dotGit = join(root, '.git');
  // A folder (or anything but a small regular file): .git itself.
  const file = readRegularFile(dotGit, { follow: false, maxBytes: 64 * 1024 });
  const target = file instanceof Buffer ? /^gitdir: (.+)$/m.exec(file.toString('utf8'))?.[1]?.trim() : undefined;
  if (target) return isAbsolute(target) ? target : resolve(root, target);
  return dotGit;
}

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isTrackedInIndex } from '../../cli/src/agent/git-index.ts';
import { cleanupProjects, makeProject, type Project } from './helpers.ts';

afterEach(cleanupProjects);

const gitIn =
  (p: Project) =>
  (...args: string[]) =>
    execFileSync('git', args, { cwd: p.dir, env: p.env, encoding: 'utf8' });

/** Index version git wrote (bytes 4–7 of .git/index). */
const indexVersion = (p: Project) => readFileSync(join(p.dir, '.git/index')).readUInt32BE(4);

/**
 * Paths that stress prefix compression: long shared prefixes, a path that is a prefix of the next,
 * non-ASCII and odd bytes, deep folders, names near git's 0xFFF name-length limit.
 */
function oddPaths(): string[] {
  const deep = 'a/very/long/shared/prefix/that/many/entries/have/in/common';
  const paths = [
    '.env',
    '.env.local',
    '.env.local.backup',
    'config/.env',
    'config/.env.production',
    'config/prod.env',
    'src/app.ts',
    'src/app.tsx',
    'src/apps/x.ts',
    'ünïcödé/.env',
    'ünïcödé/日本語.env',
    'spaces in name/.env local',
    'tab\there/x.env',
    'z',
    `${'x'.repeat(200)}/${'y'.repeat(200)}.env`,
  ];
  for (let i = 0; i < 60; i++) paths.push(`${deep}/${String(i).padStart(3, '0')}/file-${i % 7}.ts`);
  for (let i = 0; i < 20; i++) paths.push(`${deep}/${String(i).padStart(3, '0')}.env`);
  return paths;
}

/** Checks the index answer for every path (tracked or not) against `git ls-files`. */
function expectAgreesWithGit(p: Project, candidates: readonly string[]): void {
  const tracked = new Set(gitIn(p)('-c', 'core.quotePath=false', 'ls-files', '-z').split('\0').filter(Boolean));
  expect(tracked.size).toBeGreaterThan(10);
  for (const path of candidates) expect([path, isTrackedInIndex(p.dir, path)]).toEqual([path, tracked.has(path)]);
}

function projectWithOddPaths(): { p: Project; all: string[]; candidates: string[] } {
  const p = makeProject();
  const all = oddPaths();
  for (const path of all) p.write(path, `${path}\n`);
  // Every third path is left untracked; so are paths that exist nowhere, next to tracked ones.
  const tracked = all.filter((_, i) => i % 3 !== 1);
  const candidates = [...all, 'src/app', 'src/app.t', 'src/apps', 'src/apps/', 'ünïcödé', '.en', '.env.local.backup2', 'a/very/long/shared/prefix'];
  return { p, all: tracked, candidates };
}

describe('isTrackedInIndex (reads .git/index, runs no git)', () => {
  it('tells tracked from untracked files in index versions 2 and 3', () => {
    const p = makeProject();
    const git = gitIn(p);
    expect(isTrackedInIndex(p.dir, '.env')).toBe(false); // no index yet
    p.write('.env', 'A=1\n');
    p.write('config/.env.local', 'B=1\n');
    p.write('src/app.ts', 'x\n');
    git('add', '.env', 'src/app.ts');
    expect(indexVersion(p)).toBe(2);
    expect(isTrackedInIndex(p.dir, '.env')).toBe(true);
    expect(isTrackedInIndex(p.dir, 'src/app.ts')).toBe(true);
    expect(isTrackedInIndex(p.dir, 'config/.env.local')).toBe(false);
    expect(isTrackedInIndex(p.dir, 'app.ts')).toBe(false);
    // Version 3: an intent-to-add entry carries extended flags.
    git('add', '--intent-to-add', 'config/.env.local');
    git('update-index', '--index-version', '3');
    expect(indexVersion(p)).toBe(3);
    expect(isTrackedInIndex(p.dir, 'config/.env.local')).toBe(true);
    expect(isTrackedInIndex(p.dir, 'src/app.ts')).toBe(true);
    expect(isTrackedInIndex(p.dir, 'src/other.ts')).toBe(false);
  });

  it.each([2, 3, 4])('agrees with git ls-files for every path in index version %i (update-index --index-version)', (version) => {
    const { p, all, candidates } = projectWithOddPaths();
    const git = gitIn(p);
    git('add', '--', ...all);
    // An intent-to-add entry has extended flags, which make git write version 3 at least.
    if (version > 2) git('add', '--intent-to-add', 'config/.env.production');
    git('update-index', '--index-version', String(version));
    expect(indexVersion(p)).toBe(version);
    expectAgreesWithGit(p, candidates);
  });

  it('reads version 4 written by `git -c index.version=4 add`, and after a commit (TREE extension)', () => {
    const { p, all, candidates } = projectWithOddPaths();
    const git = gitIn(p);
    git('-c', 'index.version=4', 'add', '--', ...all);
    expect(indexVersion(p)).toBe(4);
    expectAgreesWithGit(p, candidates);
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'index.version=4', 'commit', '-qm', 'x');
    git('-c', 'index.version=4', 'rm', '-q', '--cached', '.env');
    expect(indexVersion(p)).toBe(4);
    expect(isTrackedInIndex(p.dir, '.env')).toBe(false);
    expectAgreesWithGit(p, candidates);
  });

  it('reads the version 4 index of a repository with feature.manyFiles (untracked cache extension)', () => {
    const { p, all, candidates } = projectWithOddPaths();
    const git = gitIn(p);
    git('config', 'feature.manyFiles', 'true');
    git('add', '--', ...all);
    git('status', '--porcelain'); // writes the untracked cache (UNTR extension) into the index
    expect(indexVersion(p)).toBe(4);
    expectAgreesWithGit(p, candidates);
  });

  it('reads a SHA-256 repository (32-byte object names) in versions 2 and 4', () => {
    const { p, all, candidates } = projectWithOddPaths();
    const git = gitIn(p);
    execFileSync('rm', ['-rf', join(p.dir, '.git')]);
    git('init', '-q', '--object-format=sha256');
    git('add', '--', ...all);
    expectAgreesWithGit(p, candidates);
    git('update-index', '--index-version', '4');
    expectAgreesWithGit(p, candidates);
  });

  it('answers "maybe" for a damaged version 4 index, whatever the damage', () => {
    const { p, all } = projectWithOddPaths();
    const git = gitIn(p);
    git('-c', 'index.version=4', 'add', '--', ...all);
    const file = join(p.dir, '.git/index');
    const good = readFileSync(file);
    expect(isTrackedInIndex(p.dir, '.env')).toBe(true);
    expect(isTrackedInIndex(p.dir, 'nothing-here')).toBe(false);
    const damaged = (change: (b: Buffer) => Buffer) => {
      writeFileSync(file, change(Buffer.from(good)));
      return [isTrackedInIndex(p.dir, '.env'), isTrackedInIndex(p.dir, 'nothing-here')];
    };
    // Cut short, anywhere.
    for (const cut of [13, 80, Math.floor(good.length / 2), good.length - 21]) expect(damaged((b) => b.subarray(0, cut))).toEqual(['maybe', 'maybe']);
    // One entry fewer or more than the header says.
    expect(damaged((b) => (b.writeUInt32BE(b.readUInt32BE(8) - 1, 8), b))).toEqual(['maybe', 'maybe']);
    expect(damaged((b) => (b.writeUInt32BE(b.readUInt32BE(8) + 1, 8), b))).toEqual(['maybe', 'maybe']);
    // The first entry's strip count (must be 0: there is no previous path) made larger.
    expect(damaged((b) => ((b[12 + 62] = 5), b))).toEqual(['maybe', 'maybe']);
    // A name length in the flags that does not match the path.
    expect(damaged((b) => (b.writeUInt16BE(b.readUInt16BE(12 + 60) + 1, 12 + 60), b))).toEqual(['maybe', 'maybe']);
    // Bytes appended after the checksum, and an unknown version.
    expect(damaged((b) => Buffer.concat([b, Buffer.alloc(3)]))).toEqual(['maybe', 'maybe']);
    expect(damaged((b) => (b.writeUInt32BE(5, 4), b))).toEqual(['maybe', 'maybe']);
  });

  it('answers "maybe" for a split index, whose entries live in a sharedindex file', () => {
    const { p, all } = projectWithOddPaths();
    const git = gitIn(p);
    git('add', '--', ...all);
    git('update-index', '--split-index');
    p.write('late.env', 'x\n');
    git('add', 'late.env');
    expect(isTrackedInIndex(p.dir, 'src/app.ts')).toBe('maybe');
    expect(isTrackedInIndex(p.dir, 'never.env')).toBe('maybe');
  });

  it('answers "maybe" for a path under a sparse directory entry (sparse index)', () => {
    const p = makeProject();
    const git = gitIn(p);
    p.write('keep/a.ts', 'x\n');
    p.write('outside/.env', 'A=1\n');
    p.write('outside/deeper/b.ts', 'x\n');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'x');
    git('sparse-checkout', 'set', '--cone', '--sparse-index', 'keep');
    expect(gitIn(p)('ls-files', '--sparse')).toContain('outside/');
    expect(isTrackedInIndex(p.dir, 'outside/.env')).toBe('maybe');
    expect(isTrackedInIndex(p.dir, 'outside/deeper/b.ts')).toBe('maybe');
    expect(isTrackedInIndex(p.dir, 'keep/a.ts')).toBe(true);
    expect(isTrackedInIndex(p.dir, 'keep/.env')).toBe(false);
  });
});

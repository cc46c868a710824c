import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ignore from 'ignore';
import { afterAll, describe, expect, it } from 'vitest';
import { createPathFilter } from '@rt-guard/core';
import { foldersOnly, nameTest, walkPaths, type WalkOptions } from './walk.ts';

// Issue 16: the walk skips the per-file ignore test where no rule can match a file by itself
// (folder-only rules), and computes real paths instead of asking the file system per folder.
// These tests pin that the fast paths list exactly what the per-file tests list.

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'rt-guard-walk-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function walk(root: string, paths: string[], patterns: string[], fast: boolean, extra: Partial<WalkOptions> = {}) {
  const warnings: string[] = [];
  let skipped = 0;
  const files = [
    ...walkPaths(paths, {
      cwd: root,
      configRoot: root,
      isIgnored: createPathFilter({ ignore: patterns }),
      isIgnoredFoldersOnly: fast,
      onWarning: (message) => warnings.push(message),
      onSkip: () => skipped++,
      ...extra,
    }),
  ];
  return { files, skipped, warnings };
}

describe('foldersOnly', () => {
  it('is true only when every rule ends in a slash (comments and blank lines are no rules)', () => {
    expect(foldersOnly(['dist/', '!keep/', '**/build/', '/root/', 'a/**/b/', '# comment', '', '   '])).toBe(true);
    expect(foldersOnly([])).toBe(true);
    for (const line of ['*.log', 'dist', 'dist/ ', 'a/b', 'x/**', '!x', '/', '//', 'a\\/', 'dist/*']) expect(foldersOnly([line]), line).toBe(false);
  });

  it('agrees with the ignore package: a folder-only rule ignores a file only through its folder', () => {
    const rules = ['dist/', '!keep/', '**/build/', '/root/', 'a/**/b/', 'x*/', '.cache/', 'b.js/'];
    const paths = [
      'dist/a.js',
      'x/dist/a.js',
      'dist',
      'build/x',
      'q/build/x/y',
      'root/a',
      'q/root/a',
      'a/b/c',
      'a/q/b/c',
      'xyz/f',
      'f/xyz',
      'b.js',
      'q/b.js',
      'keep/a',
      '.cache/x',
      'plain.txt',
      'q/w/e.txt',
    ];
    for (const rule of rules) {
      expect(foldersOnly([rule])).toBe(true);
      const matcher = ignore().add(rule);
      for (const path of paths) {
        const folder = dirname(path);
        const throughFolder = folder !== '.' && matcher.ignores(`${folder}/`);
        expect(matcher.ignores(path), `${rule} on ${path}`).toBe(throughFolder);
      }
    }
  });
});

describe('nameTest', () => {
  it('decides like the ignore package for files in a folder that is not ignored', () => {
    const names = [
      'debug.log',
      'DEBUG.LOG',
      'x.Log',
      '.log',
      'log',
      'a.log.txt',
      'a.logx',
      'x.lo\u212A',
      'x.LO\u212A',
      'Ǆ.log',
      '.env',
      '.ENV',
      'env',
      'a.env',
      '.env.local',
      'app.vsix',
      'x.tar.gz',
      'y.gz',
      'Thumbs.db',
      'thumbs.DB',
      'plain.ts',
      'foo.',
      'foo',
      'é.log',
      'a.lnk',
      'a.LNK',
      'a.ln\u212A',
      'kubeconfig',
      'KubeConfig',
      '\u212Aubeconfig',
    ];
    const rules = [
      ['*.log', '.env', '*.vsix', 'node_modules/', 'dist/', '# comment', '', '*.tar.gz', 'Thumbs.db', '*.', 'foo', '*.lnk', 'kubeconfig'],
      ['*.log'],
      ['.env'],
      [],
    ];
    for (const lines of rules) {
      const test = nameTest(lines);
      expect(test, lines.join(',')).toBeDefined();
      const matcher = ignore({ ignorecase: false }).add(lines);
      for (const name of names) expect(test!(name), `${lines.join(',')} on ${name}`).toBe(matcher.ignores(`q/${name}`));
    }
  });

  it('declines anything but names, *suffixes and folders (ignore then tests each path)', () => {
    for (const line of ['!*.log', 'a/b.txt', '/root.txt', '*.l?g', '*.[lL]og', '**/x.log', 'x*.log', '*.log ', ' *.log', 'a\\b', '*'])
      expect(nameTest(['*.txt', line]), line).toBeUndefined();
  });
});

describe('walkPaths fast paths list exactly what the per-file tests list', () => {
  const files = {
    'a.txt': '1',
    'a\\b.txt': 'a name with a backslash: the config filter reads it as a/b.txt',
    'src/app.ts': '2',
    'src/build/out.js': '3',
    'src/.gitignore': 'build/\n',
    'src/deep/er/x.ts': '4',
    'lib/.gitignore': '*.log\nbuild/\n',
    'lib/debug.log': '5',
    'lib/build/x.js': '6',
    'lib/ok.ts': '7',
    'vendor/v.js': '8',
    'vendor/sub/w.js': '9',
    'a/inner.txt': '10',
  };

  it('with folder-only config rules, nested .gitignore files, links followed or not, and overlapping paths', () => {
    const root = tree(files);
    symlinkSync('../lib', join(root, 'src/lib-link'));
    symlinkSync('..', join(root, 'src/deep/loop'));
    for (const patterns of [['vendor/', 'a/'], ['vendor/', 'a/', '*.ts'], []]) {
      for (const paths of [['.'], ['src', '.'], ['vendor'], ['src/deep', 'lib/ok.ts']]) {
        for (const followSymlinks of [false, true]) {
          const slow = walk(root, paths, patterns, false, { followSymlinks });
          const fast = walk(root, paths, patterns, foldersOnly(patterns), { followSymlinks });
          expect(fast, JSON.stringify({ patterns, paths, followSymlinks })).toEqual(slow);
        }
      }
    }
    // The fast path was really taken and still ignores what it must.
    const listed = walk(root, ['.'], ['vendor/', 'a/'], true).files.map((f) => f.relative);
    expect(listed).not.toContain('a\\b.txt');
    expect(listed).not.toContain('vendor/v.js');
    expect(listed).not.toContain('src/build/out.js');
    expect(listed).not.toContain('lib/debug.log');
    expect(listed).toContain('src/deep/er/x.ts');
    // A folder named on the command line that the config ignores: every file in it is skipped, one by one.
    expect(walk(root, ['vendor'], ['vendor/'], true)).toEqual({ files: [], skipped: 2, warnings: [] });
  });

  it('visits a folder reached twice (two paths, or a followed link) once', () => {
    const root = tree({ 'src/x.ts': '1', 'src/in/y.ts': '2' });
    symlinkSync('../src/in', join(root, 'src/in-link'));
    const result = walk(root, ['src', '.', 'src/in'], [], true, { followSymlinks: true });
    expect(result.files.map((f) => f.relative)).toEqual(['src/in/y.ts', 'src/x.ts']);
  });
});

// Review: real git decides what a repository holds. Every file git does not ignore must be walked
// (one skipped is a key never scanned): a deeper .gitignore's `!rule` re-includes a file an outer
// one ignores, and git matches case-sensitively (core.ignorecase is false on Linux).
describe('walkPaths lists every file real git does not ignore', () => {
  it('with nested negations, case, escapes, anchors, ** and classes, over name-test and per-path layers', () => {
    const root = tree({
      '.gitignore': [
        '*.env',
        '.secret',
        '*.log',
        'build/',
        '!keep.log',
        '\\#hash',
        '\\!bang',
        '/rootonly.txt',
        'a/**/deep.txt',
        'doc/*.md',
        '[Tt]emp*',
        '**/cache',
        '!x.key',
        'trail  ',
        '',
      ].join('\n'),
      'A.ENV': 'k',
      '.SECRET': 'k',
      'x.env': 'k',
      'keep.log': 'k',
      'other.log': 'k',
      'OTHER.LOG': 'k',
      '#hash': 'k',
      '!bang': 'k',
      bang: 'k',
      'rootonly.txt': 'k',
      trail: 'k',
      'build/out.js': 'k',
      'a/b/c/deep.txt': 'k',
      'a/deep.txt': 'k',
      'doc/x.md': 'k',
      'doc/y/x.md': 'k',
      Temp1: 'k',
      temp2: 'k',
      TEMP3: 'k',
      'plain.ts': 'k',
      'sub/.gitignore': '!prod.env\n!*.LOG\n',
      'sub/prod.env': 'k',
      'sub/dev.env': 'k',
      'sub/a.log': 'k',
      'sub/B.LOG': 'k',
      'sub/rootonly.txt': 'k',
      'sub/build/o.js': 'k',
      'sub/cache/z': 'k',
      'names/.gitignore': '*.txt\n.env\n',
      'names/a.txt': 'k',
      'names/A.TXT': 'k',
      'names/.env': 'k',
      'names/.ENV': 'k',
      'names/b.env': 'k',
      'names/keep.log': 'k',
      'deeper/.gitignore': '*.key\n',
      'deeper/x.key': 'k',
      'deeper/y.KEY': 'k',
      'x.key': 'k',
      're/.gitignore': '!build/\n!cache\n',
      're/build/x.ts': 'k',
      're/build/y.env': 'k',
      're/cache/c.ts': 'k',
    });
    execFileSync('git', ['init', '-q'], { cwd: root });
    const byGit = execFileSync('git', ['-c', 'core.ignorecase=false', 'ls-files', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean)
      .sort();
    const walked = walk(root, ['.'], [], true)
      .files.map((f) => f.relative)
      .sort();
    // Sanity: the oracle ignores some, keeps the tricky ones.
    for (const kept of ['A.ENV', '.SECRET', 'sub/prod.env', 'sub/B.LOG', 'names/A.TXT', 'names/.ENV', 'keep.log', 'OTHER.LOG']) expect(byGit).toContain(kept);
    for (const gone of ['x.env', 'sub/dev.env', 'names/a.txt', 'deeper/x.key', 'build/out.js']) expect(byGit).not.toContain(gone);
    expect(
      walked.filter((path) => !byGit.includes(path)),
      'walked but ignored by git',
    ).toEqual([]);
    expect(
      byGit.filter((path) => !walked.includes(path)),
      'ignored by the walk, kept by git: never scanned',
    ).toEqual([]);
  });
  it('with negated classes ([!0-9], [^a]), which the ignore package reads as plain sets: scans more, never less', () => {
    const root = tree({
      '.gitignore': 'x[!0-9].env\n[^a].key\n*.pem\n!k[!0-9].pem\n',
      'x1.env': 'k',
      'x!.env': 'k',
      'xa.env': 'k',
      'a.key': 'k',
      '^.key': 'k',
      'b.key': 'k',
      'k1.pem': 'k',
      'kx.pem': 'k',
      'k!.pem': 'k',
      'z.pem': 'k',
      'sub/.gitignore': '*.txt\n!\\[!a].txt\n',
      'sub/[!a].txt': 'k',
      'sub/b.txt': 'k',
    });
    execFileSync('git', ['init', '-q'], { cwd: root });
    const byGit = execFileSync('git', ['-c', 'core.ignorecase=false', 'ls-files', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    for (const kept of ['x1.env', 'a.key', 'kx.pem', 'k!.pem', 'sub/[!a].txt']) expect(byGit).toContain(kept);
    const walked = walk(root, ['.'], [], true).files.map((f) => f.relative);
    expect(
      byGit.filter((path) => !walked.includes(path)),
      'ignored by the walk, kept by git: never scanned',
    ).toEqual([]);
    expect(walked).not.toContain('z.pem'); // the rules around a negated class still apply
  });
});

// Review: a .gitignore is repository content. A FIFO made the scan wait forever; a link to
// /dev/zero read until 16 GB of memory. git itself does not follow a linked .gitignore.
describe.skipIf(platform() === 'win32')('a hostile .gitignore', () => {
  it('a FIFO, a link to /dev/zero or to another file, a huge one: not read, the folder is scanned', () => {
    const root = tree({
      'fifo/a.txt': '1',
      'zero/b.txt': '2',
      'linked/c.env': '3',
      'rules.txt': '*.env\n',
      'huge/d.txt': '4',
      'huge/.gitignore': `*.txt\n${'#'.repeat(2 * 1024 * 1024)}\n`,
    });
    execFileSync('mkfifo', [join(root, 'fifo/.gitignore')]);
    symlinkSync('/dev/zero', join(root, 'zero/.gitignore'));
    symlinkSync('../rules.txt', join(root, 'linked/.gitignore'));
    const started = Date.now();
    const listed = walk(root, ['.'], [], true).files.map((f) => f.relative);
    expect(listed).toEqual(expect.arrayContaining(['fifo/a.txt', 'zero/b.txt', 'linked/c.env', 'huge/d.txt']));
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

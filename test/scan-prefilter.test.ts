import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBase64 } from '@rt-guard/core';
import { run } from '../cli/src/run.ts';
import { DEFAULT_PREFILTER } from '../cli/src/sources/native-prefilter.ts';
import { CHUNK_SIZE } from '../cli/src/sources/scan-file.ts';
import { createTestIo } from './helpers/io.ts';
import { generateKey } from './helpers/keys.ts';

// Issue 16: a directory scan whose files are picked by a native search (ripgrep, git grep) reports
// exactly what reading every file reports: same findings in the same order, same stats, same
// warnings. Each tree is scanned with RT_GUARD_PREFILTER=off (the walk reads every file), rg and git.

const ROOT = resolve(import.meta.dirname, '..');
const hasRipgrep = spawnSync('rg', ['--version']).status === 0;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-guard-prefilter-'));
  dirs.push(dir);
  return dir;
}

function write(root: string, path: string | Buffer, content: string | Buffer): void {
  const full = Buffer.isBuffer(path) ? Buffer.concat([Buffer.from(`${root}/`), path]) : join(root, path);
  mkdirSync(dirname(full.toString()), { recursive: true });
  writeFileSync(full, content);
}

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });

/** A tree with every case the native search could get wrong. */
function hostileTree(): string {
  const root = tempDir();
  const k = (prefix?: string): string => generateKey(prefix);
  git(root, 'init', '-q');
  write(root, '.gitignore', 'ignored/\n*.log\n');
  write(root, '.rt-guard.json', JSON.stringify({ ignore: ['config-ignored/**'] }));
  write(root, 'ignored/a.txt', `RUNTYPE_API_KEY=${k()}\n`);
  write(root, 'debug.log', `RUNTYPE_API_KEY=${k()}\n`);
  write(root, 'config-ignored/b.txt', `RUNTYPE_API_KEY=${k()}\n`);
  write(root, 'src/nested/.gitignore', 'secret.txt\n');
  write(root, 'src/nested/secret.txt', `x=${k()}\n`);
  write(root, 'src/app.ts', `const key = "${k()}";\n`);
  write(root, 'src/no-newline.ts', `const key = "${k('rt_test_')}"`);
  write(root, 'src/placeholder.ts', 'const key = "rt_live_your_api_key_here"; // rt_test_abc123...\n');
  write(root, 'src/identifier.ts', `function rt_${'test_'}handlesExpiredKeysGracefully() {}\n`);
  // Keys after escapes and odd bytes, near-misses inside identifiers.
  write(root, 'bounds/escaped.json', `{"n":"line\\n${k()}","u":"\\u0022${k('rt_test_')}","p":"a%3D${k()}","t":"\\t${k('tv_live_')}"}\n`);
  write(root, 'bounds/near-miss.ts', `const my_${k()} = 1;\nconst x = ${k()}_suffix;\n`);
  write(root, 'bounds/near-miss-2.ts', `let a = Z${k()};\n`);
  write(root, 'bounds/utf8.txt', `é${k()}é\n`);
  write(root, 'bounds/invalid.txt', Buffer.concat([Buffer.from([0xff]), Buffer.from(k()), Buffer.from([0xfe, 0x0a])]));
  write(root, 'bounds/tab-cr.txt', `\t${k()}\r\n`);
  write(root, 'bounds/first.txt', k());
  write(root, 'src/allowed.ts', `const k = "${k()}"; // rt-guard:allow test fixture\n`);
  write(root, 'src/empty.txt', '');
  write(root, 'k8s/secret.yaml', `data:\n  RUNTYPE_KEY: ${encodeBase64(k('rt_test_'))}\n`);
  write(root, 'k8s/basic.txt', `Authorization: Basic ${encodeBase64(`user:${k()}`)}\n`);
  write(root, 'crlf.env', `# runtype\r\nRUNTYPE_API_KEY=${k()}\r\n`);
  write(root, 'bom.env', `\uFEFFRUNTYPE_API_KEY=${k()}\n`);
  write(root, 'utf16.txt', Buffer.from(`\uFEFFRUNTYPE_API_KEY=${k()}\n`, 'utf16le'));
  write(root, 'latin1.txt', Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]), Buffer.from(`RUNTYPE="${k()}"\n`)]));
  // Binary: NUL in the first 8000 bytes (git's limit), between 8000 and 8192 (rt-guard's), after.
  write(root, 'bin/early.bin', Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), Buffer.from(`x="${k()}"`)]));
  write(root, 'bin/at-8100.dat', Buffer.concat([Buffer.from('a'.repeat(8100)), Buffer.from([0]), Buffer.from(`\nx="${k()}"\n`)]));
  write(root, 'bin/at-9000.dat', Buffer.concat([Buffer.from(`x="${k()}"\n`), Buffer.from('a'.repeat(9000)), Buffer.from([0]), Buffer.from('tail\n')]));
  write(root, 'bin/nul-no-key.dat', Buffer.concat([Buffer.from('text '.repeat(3000)), Buffer.from([0])]));
  // Names: newline, control characters, not valid UTF-8, spaces, a leading dash.
  write(root, 'names/new\nline.txt', `k=${k()}\n`);
  write(root, 'names/-dash.txt', `k=${k()}\n`);
  write(root, 'names/sp ace.txt', 'clean\n');
  write(root, Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x73, 0x2f, 0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74]), `k=${k()}\n`);
  write(root, Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x73, 0x2f, 0xc3, 0x28, 0x2e, 0x74, 0x78, 0x74]), 'clean\n');
  // Large files: streamed; a key at the end, one across the first chunk edge, a large binary.
  const big = Buffer.alloc(CHUNK_SIZE + 100, 'abcdefgh\n');
  write(root, 'large/end.txt', Buffer.concat([big, Buffer.from(`k=${k()}\n`)]));
  const edge = Buffer.alloc(CHUNK_SIZE * 2, 'x');
  Buffer.from(`\nk=${k()}\n`).copy(edge, CHUNK_SIZE - 20);
  write(root, 'large/edge.txt', edge);
  write(root, 'large/clean.txt', Buffer.alloc(CHUNK_SIZE + 5, 'clean line\n'));
  write(root, 'large/binary.bin', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.alloc(CHUNK_SIZE, 'a')]));
  // Exactly one chunk, and one byte less.
  const exact = Buffer.alloc(CHUNK_SIZE, 'y');
  Buffer.from(`\nk=${k()}`).copy(exact, CHUNK_SIZE - 45);
  write(root, 'large/exact.txt', exact);
  // Never scanned: .git and node_modules anywhere.
  write(root, 'node_modules/pkg/index.js', `module.exports = "${k()}";\n`);
  write(root, 'src/node_modules/x.js', `module.exports = "${k()}";\n`);
  // A nested repository, a submodule-like folder (.git file), and a bare repository's files.
  mkdirSync(join(root, 'vendor/nested'), { recursive: true });
  git(join(root, 'vendor/nested'), 'init', '-q');
  write(root, 'vendor/nested/.gitignore', 'local.txt\n');
  write(root, 'vendor/nested/local.txt', `k=${k()}\n`);
  write(root, 'vendor/nested/lib.ts', `k=${k()}\n`);
  write(root, 'vendor/sub/.git', 'gitdir: ../../.git/modules/sub\n');
  write(root, 'vendor/sub/mod.ts', `k=${k()}\n`);
  git(root, 'init', '-q', '--bare', 'vendor/bare.git');
  write(root, 'vendor/bare.git/description', `k=${k()}\n`);
  // Links: to a file and a folder inside, to outside, a loop; a FIFO and an unreadable file.
  const outside = tempDir();
  write(outside, 'id_key', `k=${k()}\n`);
  symlinkSync('../src/app.ts', join(root, 'names/link.ts'));
  symlinkSync('../src', join(root, 'vendor/src-link'));
  symlinkSync(outside, join(root, 'outside-link'));
  symlinkSync('..', join(root, 'src/loop'));
  execFileSync('mkfifo', [join(root, 'src/pipe')]);
  // Many clean files, so the scan is big enough to use worker threads when built.
  for (let i = 0; i < 60; i++) write(root, `many/f${i}.txt`, `line ${i}\n`.repeat(50) + (i % 7 === 0 ? `tok=${k()}\n` : ''));
  return root;
}

type Mode = 'off' | 'rg' | 'git' | 'auto' | undefined;

async function scanWith(mode: Mode, cwd: string, args: string[], path = process.env.PATH) {
  const io = createTestIo(cwd, { env: { PATH: path, ...(mode === undefined ? {} : { RT_GUARD_PREFILTER: mode }) } });
  const code = await run(['scan', '--verbose', '-f', 'json', ...args], io);
  const report = JSON.parse(io.out());
  return { code, findings: report.findings, stats: { ...report.stats, durationMs: 0 }, warnings: report.warnings, err: io.err() };
}

async function expectSameAsWalk(cwd: string, args: string[], modes: Mode[] = hasRipgrep ? ['rg', 'git'] : ['git'], path = process.env.PATH): Promise<void> {
  const walk = await scanWith('off', cwd, args);
  expect(walk.err).not.toContain('native prefilter (');
  for (const mode of modes) {
    const native = await scanWith(mode, cwd, args, path);
    // The native search really ran (a silent fallback would make this test pass for nothing).
    expect(native.err).toContain(`native prefilter (${mode === 'rg' ? 'ripgrep' : 'git grep'})`);
    expect(native.err).toMatch(/files read, [1-9]\d* ruled out without reading/);
    expect({ mode, code: native.code, findings: native.findings, stats: native.stats, warnings: native.warnings }).toEqual({
      mode,
      code: walk.code,
      findings: walk.findings,
      stats: walk.stats,
      warnings: walk.warnings,
    });
  }
}

describe('native prefilter: same findings, order, stats and warnings as reading every file', () => {
  it('on a generated tree with ignore files, nested repositories, links, binary, large and oddly named files', async () => {
    const root = hostileTree();
    const walk = await scanWith('off', root, []);
    expect(walk.findings.length).toBeGreaterThan(20);
    expect(walk.findings.filter((f: { file: string }) => f.file.startsWith('bounds/')).length).toBe(8);
    await expectSameAsWalk(root, []);
  }, 120_000);

  it('by default (RT_GUARD_PREFILTER unset) and with auto: ripgrep when it is on PATH, else every file read, saying why', async () => {
    const root = hostileTree();
    const walk = await scanWith('off', root, []);
    const expected = { code: walk.code, findings: walk.findings, stats: walk.stats, warnings: walk.warnings };
    for (const mode of [undefined, 'auto'] as const) {
      const native = await scanWith(mode, root, []);
      expect({ code: native.code, findings: native.findings, stats: native.stats, warnings: native.warnings }).toEqual(expected);
      if ((mode ?? DEFAULT_PREFILTER) === 'off') expect(native.err).not.toContain('native prefilter');
      else if (hasRipgrep) expect(native.err).toMatch(/native prefilter \(ripgrep\): \d+ of \d+ files read, [1-9]\d* ruled out/);
      // Without ripgrep on PATH: the walk, and --verbose says why.
      const without = await scanWith(mode, root, [], '/nonexistent');
      expect({ code: without.code, findings: without.findings, stats: without.stats, warnings: without.warnings }).toEqual(expected);
      if ((mode ?? DEFAULT_PREFILTER) !== 'off')
        expect(without.err).toMatch(/native prefilter unavailable for .* \(ripgrep: not found on PATH\); reading every file/);
    }
  }, 120_000);

  it('without GNU find on PATH (sizes from stat instead)', async () => {
    const bin = tempDir();
    for (const tool of ['git', 'rg', 'mkfifo']) {
      const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      if (found) symlinkSync(found, join(bin, tool));
    }
    const root = hostileTree();
    await expectSameAsWalk(root, [], hasRipgrep ? ['rg', 'git'] : ['git'], bin);
  }, 120_000);

  it('with --follow-symlinks, on a subfolder, and on several paths (files, folders, links named)', async () => {
    const root = hostileTree();
    await expectSameAsWalk(root, ['--follow-symlinks']);
    await expectSameAsWalk(root, ['src', 'vendor']);
    await expectSameAsWalk(join(root, 'src'), ['.', '../k8s', '../crlf.env', '../names/link.ts', '../vendor/src-link']);
  }, 120_000);

  it('on the test corpora of this repository (fixtures and sources)', async () => {
    await expectSameAsWalk(ROOT, ['test/fixtures', 'core/src', 'cli/src']);
  }, 120_000);

  it('falls back to the walk, saying why in --verbose, when the native search fails', async () => {
    const root = hostileTree();
    // No such tool on PATH: both searches fail to start.
    const io = createTestIo(root, { env: { PATH: '/nonexistent', RT_GUARD_PREFILTER: 'git' } });
    await run(['scan', '--verbose', '-f', 'json'], io);
    expect(io.err()).toMatch(/native prefilter unavailable for .* \(git grep: not found on PATH\); reading every file/);
    const walk = await scanWith('off', root, []);
    expect(JSON.parse(io.out()).findings).toEqual(walk.findings);
  }, 120_000);

  it('an unreadable file makes the native search fail, so the walk reports it as before', async () => {
    if (process.getuid?.() === 0) {
      // Root reads everything; /proc/self/mem (EIO) stands in for an unreadable file, named explicitly.
      const root = tempDir();
      write(root, 'a.txt', `k=${generateKey()}\n`);
      write(root, 'b.txt', 'clean\n');
      symlinkSync('/proc/self/mem', join(root, 'mem'));
      await expectSameAsWalk(root, ['.', 'mem']);
      return;
    }
    const root = hostileTree();
    write(root, 'locked.txt', 'secret\n');
    chmodSync(join(root, 'locked.txt'), 0o000);
    const native = await scanWith('git', root, []);
    expect(native.err).toContain('native prefilter unavailable');
    expect(native.warnings.some((w: string) => w.includes('locked.txt'))).toBe(true);
  }, 120_000);
});

describe('native prefilter: a hostile repository cannot make rt-guard run a command', () => {
  it('git grep reads no repository config: core.fsmonitor in .git/config or a nested bare repository runs nothing', async () => {
    const root = hostileTree();
    const marker = join(tempDir(), 'ran');
    const command = `touch '${marker}'; echo`;
    git(root, 'config', 'core.fsmonitor', command);
    git(root, 'config', 'grep.fullName', 'true'); // would turn paths repository-relative: the list must not change
    writeFileSync(join(root, 'vendor/bare.git/config'), `[core]\n\tbare = true\n\tfsmonitor = ${command}\n[grep]\n\tfullName = true\n\tpatternType = fixed\n`);
    await expectSameAsWalk(root, [], ['git']);
    await expectSameAsWalk(join(root, 'vendor/bare.git'), [], ['git']);
    await expectSameAsWalk(join(root, 'src'), [], ['git']);
    expect(existsSync(marker)).toBe(false);
    git(root, 'status'); // the marker works: git itself runs the command
    expect(existsSync(marker)).toBe(true);
  }, 120_000);

  it.skipIf(!hasRipgrep)(
    'ripgrep reads no config file or ignore file of the scanned folder',
    async () => {
      const root = hostileTree();
      write(root, '.rgignore', '*\n');
      write(root, '.ignore', '*\n');
      write(root, 'rgconfig', '--max-count=0\n--glob=!*\n');
      const io = createTestIo(root, { env: { PATH: process.env.PATH, RT_GUARD_PREFILTER: 'rg', RIPGREP_CONFIG_PATH: join(root, 'rgconfig') } });
      await run(['scan', '--verbose', '-f', 'json'], io);
      const walk = await scanWith('off', root, []);
      expect(io.err()).toContain('native prefilter (ripgrep)');
      expect(JSON.parse(io.out()).findings).toEqual(walk.findings);
    },
    120_000,
  );
});

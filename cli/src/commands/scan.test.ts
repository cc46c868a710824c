import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintOf, redactKey } from '@rt-guard/core';
import { generateKeyBody } from '../../../core/src/detect/fill-slots.ts';
import { createTestIo } from '../../../test/helpers/io.ts';
import { run } from '../run.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const key = (prefix = 'rt_live_'): string => prefix + generateKeyBody();

function tempDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-guard-scan-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const testIo = createTestIo;

async function scan(cwd: string, args: string[], options: Parameters<typeof testIo>[1] = {}) {
  const io = testIo(cwd, options);
  const code = await run(['scan', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function expectNoKeys(text: string, keys: string[]): void {
  for (const k of keys) expect(text).not.toContain(k);
}

describe('rt-guard scan (files and folders)', () => {
  it('reports keys redacted with location and summary, and exits 1', async () => {
    const live = key();
    const test = key('rt_test_');
    const dir = tempDir({ '.env': `# runtype\nRUNTYPE_API_KEY=${live}\n`, 'src/app.ts': `const k = "${test}";\n`, 'README.md': 'nothing here\n' });
    const { code, out, err } = await scan(dir, []);
    expect(code).toBe(1);
    expect(out).toContain(`.env:2:17`);
    expect(out).toContain(redactKey(live));
    expect(out).toContain('src/app.ts:1:12');
    expect(out).toMatch(/2 keys found \(1 critical, 1 high\) · 3 files, \d+ B scanned in \d+\.\d\d s/);
    expectNoKeys(out + err, [live, test]);
  });

  it('exits 0 and says so when there is nothing to find', async () => {
    const dir = tempDir({ 'a.txt': 'rt_live_your_api_key_here\n' });
    const { code, out } = await scan(dir, ['.']);
    expect(code).toBe(0);
    expect(out).toContain('No keys found · 1 files');
  });

  it('honours .gitignore files (root and nested), config ignores, and skips .git and node_modules', async () => {
    const k = key();
    const dir = tempDir({
      '.gitignore': 'build/\n*.log\n',
      'build/out.js': `x="${k}"`,
      'debug.log': `x="${k}"`,
      'pkg/.gitignore': 'secret.txt\n',
      'pkg/secret.txt': `x="${k}"`,
      'pkg/kept.txt': `x="${k}"`,
      'node_modules/dep/index.js': `x="${k}"`,
      '.git/config': `x="${k}"`,
      'fixtures/sample.txt': `x="${k}"`,
      '.rt-guard.json': '{"ignore": ["fixtures/"]}',
    });
    writeFileSync(join(dir, 'other.txt'), 'clean\n');
    const { code, out } = await scan(dir, ['-f', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['pkg/kept.txt']);
    expect(report.stats.files).toBe(5); // .gitignore, pkg/.gitignore, pkg/kept.txt, .rt-guard.json, other.txt
  });

  it('applies .gitignore of the repository above a scanned subfolder', async () => {
    const k = key();
    const dir = tempDir({ '.gitignore': 'gen/\n', 'src/gen/x.ts': `x="${k}"`, 'src/y.ts': `y="${k}"` });
    mkdirSync(join(dir, '.git'));
    const { out } = await scan(dir, ['src', '-f', 'json']);
    expect(JSON.parse(out).findings.map((f: { file: string }) => f.file)).toEqual(['src/y.ts']);
  });

  it('skips binary files, decodes invalid UTF-8, and passes over links', async () => {
    const k = key();
    const dir = tempDir({
      'image.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(`x="${k}"`)]),
      'latin1.txt': Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]), Buffer.from(`RUNTYPE="${k}"\n`)]),
      'sub/file.txt': 'clean\n',
    });
    symlinkSync('..', join(dir, 'sub/loop'));
    symlinkSync(join(dir, 'sub'), join(dir, 'sub-link'));
    const { code, out } = await scan(dir, ['-f', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.findings.map((f: { file: string; line: number; column: number }) => [f.file, f.line, f.column])).toEqual([['latin1.txt', 2, 10]]);
    // The binary file and the two links (not followed by default).
    expect(report.stats.skipped).toBe(3);
    expect(report.stats.files).toBe(2);
  });

  it('warns about an unreadable file and a broken link, and goes on', async () => {
    const k = key();
    const dir = tempDir({ 'a.txt': `x="${k}"\n` });
    // Tests run as root, so permissions do not block reads: /proc/self/mem fails with EIO instead.
    symlinkSync('/proc/self/mem', join(dir, 'mem.txt'));
    symlinkSync(join(dir, 'missing'), join(dir, 'broken.txt'));
    // Links inside a folder are not followed (scan-trust.test.ts); named ones are, or followed with --follow-symlinks.
    const { code, out } = await scan(dir, ['.', 'mem.txt']);
    expect(code).toBe(1);
    expect(out).toContain('warning: cannot read mem.txt (EIO); skipped');
    expect(out).toContain('a.txt:1:4');
    expect((await scan(dir, ['--follow-symlinks'])).out).toContain('warning: cannot read broken.txt (ENOENT: broken link); skipped');
  });

  it('reads a file larger than one chunk in windows, with right lines across the chunk edge', async () => {
    const k = key();
    const line = `${'x'.repeat(99)}\n`;
    const lines = Math.floor((8 * 1024 * 1024) / line.length) - 1;
    const rest = 8 * 1024 * 1024 - lines * line.length - 10;
    // The key straddles the 8 MiB boundary.
    const dir = tempDir({ 'big.txt': `${line.repeat(lines)}${'y'.repeat(rest)} ${k}\nend ${k}` });
    const { code, out } = await scan(dir, ['-f', 'json']);
    expect(code).toBe(1);
    const findings = JSON.parse(out).findings;
    expect(findings.map((f: { line: number; column: number }) => [f.line, f.column])).toEqual([
      [lines + 1, rest + 2],
      [lines + 2, 5],
    ]);
  });

  it('finds a key at the very end of files of exactly one chunk and one byte less (one read, or windows)', async () => {
    const k = key();
    const files: Record<string, string> = {};
    for (const size of [8 * 1024 * 1024, 8 * 1024 * 1024 - 1]) {
      const tail = ` ${k}`;
      files[`size-${size}.txt`] = `${'z'.repeat(size - tail.length)}${tail}`;
    }
    const { code, out } = await scan(tempDir(files), ['-f', 'json']);
    expect(code).toBe(1);
    const findings = JSON.parse(out).findings as { file: string; line: number; column: number }[];
    expect(findings.map((f) => [f.file, f.line])).toEqual([
      [`size-${8 * 1024 * 1024 - 1}.txt`, 1],
      [`size-${8 * 1024 * 1024}.txt`, 1],
    ]);
    expect(JSON.parse(out).stats.bytes).toBe(2 * 8 * 1024 * 1024 - 1);
  });

  it('reads stdin with `-`', async () => {
    const k = key('rt_test_');
    const { code, out } = await scan(tempDir(), ['-', '-f', 'json'], {
      stdin: Readable.from([Buffer.from(`a\nRUNTYPE=${k.slice(0, 20)}`), Buffer.from(`${k.slice(20)}\n`)]),
    });
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.findings).toMatchObject([{ file: '-', line: 2, column: 9, fingerprint: fingerprintOf(k) }]);
    expect(out).not.toContain(k);
  });

  it('rejects a mistyped path, mixing stdin with paths, and git modes with paths (exit 2)', async () => {
    const dir = tempDir();
    expect(await scan(dir, ['nope/'])).toMatchObject({ code: 2, err: 'rt-guard: no such file or folder: nope/\n' });
    expect((await scan(dir, ['-', '.'])).code).toBe(2);
    const both = await scan(dir, ['--staged', 'src']);
    expect(both).toMatchObject({ code: 2, err: 'rt-guard: paths cannot be combined with --staged, --git or --pre-push\n' });
    expect((await scan(dir, ['--staged', '--pre-push'])).err).toContain('choose one of --staged, --git and --pre-push');
  });
});

describe('rt-guard scan output and policy', () => {
  function fixture() {
    const live = key();
    const test = key('rt_test_');
    const client = key('ct_live_');
    const dir = tempDir({
      'config/.env': `RUNTYPE_API_KEY=${live}\n`,
      'src/my app.ts': `// runtype\nconst k = "${test}";\n`,
      'web/index.html': `<script>Runtype.init({ clientToken: "${client}" })</script>\n`,
    });
    return { dir, live, test, client, keys: [live, test, client] };
  }

  it('json: versioned schema, relative / paths, no secret unless --show-secrets', async () => {
    const { dir, live, keys } = fixture();
    const { code, out } = await scan(dir, ['--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.version).toBe(1);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['config/.env', 'src/my app.ts', 'web/index.html']);
    expect(Object.keys(report.findings[0])).toEqual([
      'ruleId',
      'severity',
      'attribution',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'redacted',
      'fingerprint',
      'encoding',
      'environment',
      'exposure',
      'exposureReason',
    ]);
    expect(report.stats).toMatchObject({ findings: 3, suppressed: 0, files: 3, skipped: 0 });
    expectNoKeys(out, keys);
    const shown = JSON.parse((await scan(dir, ['--format', 'json', '--show-secrets'])).out);
    expect(shown.findings[0].secret).toBe(live);
  });

  it('text: colours only on a TTY (and not with NO_COLOR); --show-secrets prints the key', async () => {
    const { dir, live, keys } = fixture();
    const plain = await scan(dir, []);
    expect(plain.out).not.toContain('\u001b[');
    const tty = await scan(dir, [], { tty: true });
    expect(tty.out).toContain('\u001b[31m');
    expect((await scan(dir, [], { tty: true, env: { NO_COLOR: '1' } })).out).not.toContain('\u001b[');
    expectNoKeys(plain.out + tty.out, keys);
    expect((await scan(dir, ['--show-secrets'])).out).toContain(`key: ${live}`);
  });

  it('sarif and github formats, written to -o FILE', async () => {
    const { dir, keys } = fixture();
    const sarif = await scan(dir, ['-f', 'sarif', '-o', 'out.sarif']);
    expect(sarif.code).toBe(1);
    expect(sarif.out).toBe('');
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(
      log.runs[0].results.map(
        (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri,
      ),
    ).toEqual(['config/.env', 'src/my%20app.ts', 'web/index.html']);
    const github = await scan(dir, ['-f', 'github', '--show-secrets']);
    expect(github.out).toContain('::error file=config/.env,line=1,col=17,');
    expect(github.out).toContain('::notice file=web/index.html');
    expectNoKeys(readFileSync(join(dir, 'out.sarif'), 'utf8') + github.out, keys);
    expect((await scan(dir, ['-f', 'xml'])).code).toBe(2);
  });

  it('--fail-on and config failOn pick the threshold; info never fails', async () => {
    const { dir } = fixture();
    rmSync(join(dir, 'config/.env'));
    expect((await scan(dir, ['--fail-on', 'critical'])).code).toBe(0);
    expect((await scan(dir, ['--fail-on', 'high'])).code).toBe(1);
    writeFileSync(join(dir, '.rt-guard.json'), '{"failOn": "critical"}');
    expect((await scan(dir, [])).code).toBe(0);
    expect((await scan(dir, ['--fail-on', 'low'])).code).toBe(1);
    rmSync(join(dir, 'src/my app.ts'));
    expect((await scan(dir, ['--fail-on', 'info'])).code).toBe(0);
    const bad = await scan(dir, ['--fail-on', 'severe']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("argument 'severe' is invalid");
  });

  it('allowlist suppresses by fingerprint; an expired entry warns and fails again', async () => {
    const { dir, live, test } = fixture();
    const allow = (expires?: string) =>
      JSON.stringify({ allow: [live, test].map((k) => ({ fingerprint: fingerprintOf(k), reason: 'revoked', ...(expires ? { expires } : {}) })) });
    writeFileSync(join(dir, '.rt-guard.json'), allow());
    const ok = await scan(dir, []);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('1 key found (1 info), 2 suppressed');
    writeFileSync(join(dir, '.rt-guard.json'), allow('2026-11-26'));
    const expired = await scan(dir, ['-f', 'json']);
    expect(expired.code).toBe(1);
    expect(expired.err).toContain('expired on 2026-11-26');
    expectNoKeys(expired.err + expired.out, [live, test]);
  });

  it('a malformed config or a missing --config file is exit 2 naming the file and field', async () => {
    const { dir } = fixture();
    writeFileSync(join(dir, '.rt-guard.json'), '{"failOn": "urgent", "ignores": []}');
    const bad = await scan(dir, []);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      'rt-guard: .rt-guard.json is invalid:\n  - failOn: must be one of critical, high, medium, low, info\n  - ignores: unknown field (did you mean "ignore"? known fields: $schema, ignore, allow, failOn, agent)\n',
    );
    const missing = await scan(dir, ['--config', 'nope.json']);
    expect(missing).toMatchObject({ code: 2, err: 'rt-guard: cannot read config file nope.json (ENOENT): check the --config path\n' });
    writeFileSync(join(dir, 'custom.json'), '{"ignore": ["config/", "src/"]}');
    expect((await scan(dir, ['--config', 'custom.json'])).code).toBe(0);
  });

  it('--baseline reports only keys added since; a bad baseline is exit 2', async () => {
    const { dir } = fixture();
    const io = testIo(dir);
    expect(await run(['baseline', '-o', 'base.json'], io)).toBe(0);
    expect((await scan(dir, ['--baseline', 'base.json'])).code).toBe(0);
    const added = key();
    writeFileSync(join(dir, 'new.env'), `RUNTYPE_API_KEY=${added}\n`);
    const after = await scan(dir, ['--baseline', 'base.json', '-f', 'json']);
    expect(after.code).toBe(1);
    const report = JSON.parse(after.out);
    expect(report.findings.filter((f: { suppressed?: string }) => !f.suppressed).map((f: { file: string }) => f.file)).toEqual(['new.env']);
    expect(report.stats).toMatchObject({ findings: 1, suppressed: 3 });
    writeFileSync(join(dir, 'bad.json'), '{"version": 1}');
    expect(await scan(dir, ['--baseline', 'bad.json'])).toMatchObject({ code: 2 });
    expect((await scan(dir, ['--baseline', 'bad.json'])).err).toContain('bad.json is not an rt-guard baseline: "fingerprints" must be an array');
    expect((await scan(dir, ['--baseline', 'none.json'])).err).toContain('cannot read baseline file none.json (ENOENT)');
  });

  it('shows a progress line on a TTY for scans over a second, and none otherwise', async () => {
    const slow = (): Readable =>
      Readable.from(
        (async function* () {
          yield Buffer.from('a'.repeat(1000));
          await new Promise((resolve) => setTimeout(resolve, 1300));
          yield Buffer.from('b\n');
        })(),
      );
    const tty = await scan(tempDir(), ['-'], { tty: true, stdin: slow() });
    expect(tty.err).toMatch(/\r\u001b\[Kscanning… 0 files, 1000 B/);
    expect(tty.err.endsWith('\r\u001b[K')).toBe(true);
    const piped = await scan(tempDir(), ['-'], { stdin: slow() });
    expect(piped.err).toBe('');
  });
});

describe('rt-guard scan (explicit paths)', () => {
  it('scans a folder named on the command line even when an outer .gitignore excludes it', async () => {
    const k = key();
    const dir = tempDir({ '.gitignore': 'corpus/\n', 'corpus/a/x.txt': `x="${k}"`, 'corpus/a/.gitignore': 'skip.txt\n', 'corpus/a/skip.txt': `x="${k}"` });
    mkdirSync(join(dir, '.git'));
    expect((await scan(dir, ['-f', 'json'])).code).toBe(0);
    const named = await scan(dir, ['corpus', '-f', 'json']);
    expect(JSON.parse(named.out).findings.map((f: { file: string }) => f.file)).toEqual(['corpus/a/x.txt']);
  });
});

describe('rt-guard scan (config lookup)', () => {
  it('finds .rt-guard.json at the repository root from a subfolder; its ignore paths stay root-relative', async () => {
    const k = key();
    const dir = tempDir({ '.rt-guard.json': '{"ignore": ["src/gen/"]}', 'src/gen/x.ts': `x="${k}"`, 'src/app/y.ts': `y="${k}"`, 'gen/z.ts': `z="${k}"` });
    mkdirSync(join(dir, '.git'));
    const { code, out } = await scan(join(dir, 'src'), ['-f', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(out).findings.map((f: { file: string }) => f.file)).toEqual(['app/y.ts']);
  });

  it('does not read a config above the repository root', async () => {
    const k = key();
    const outer = tempDir({ '.rt-guard.json': '{"ignore": ["*.ts"]}', 'repo/a.ts': `x="${k}"` });
    mkdirSync(join(outer, 'repo/.git'));
    expect((await scan(join(outer, 'repo'), [])).code).toBe(1);
  });
});

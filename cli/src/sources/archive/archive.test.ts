import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import tarStream from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createDetector, redactKey } from '@rt-guard/core';
import { generateKeyBody } from '../../../../core/src/detect/fill-slots.ts';
import { runCliInProcess } from '../../../../test/helpers/io.ts';
import { DEFAULT_ARCHIVE_LIMITS } from './limits.ts';
import { scanArtifact } from './scan-artifact.ts';

const detector = createDetector();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const key = (prefix = 'rt_live_'): string => prefix + generateKeyBody();

function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-guard-archive-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

async function tarOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, typeof content === 'string' ? Buffer.from(content) : content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const zipOf = (files: Record<string, string | Uint8Array>): Buffer =>
  Buffer.from(
    zipSync(Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? Buffer.from(content) : content]))),
  );

function scanCli(cwd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  return runCliInProcess(['scan', ...args], cwd, { env });
}

type JsonFinding = { file: string; line: number; column: number; exposure: string; severity: string; redacted: string };

describe('scan looks inside archives and source maps', () => {
  it('finds a key in a real `npm pack` tarball, named outer.tgz!package/… with its line: published, critical', async () => {
    const inLib = key('rt_test_');
    const inDist = key();
    const project = tempDir({
      'package.json': JSON.stringify({ name: 'leaky-pkg', version: '1.0.0', files: ['lib', 'dist'] }),
      'lib/index.js': `// runtype client\n\nmodule.exports = { apiKey: "${inLib}" };\n`,
      'dist/app.js': `var a=1;\nvar runtype={key:"${inDist}"};\n`,
    });
    execFileSync('npm', ['pack', '--silent', '--pack-destination', project], {
      cwd: project,
      stdio: 'ignore',
      env: { ...process.env, npm_config_cache: join(project, '.npm-cache') },
    });
    const scanRoot = tempDir();
    for (const file of readdirSync(project).filter((f) => f.endsWith('.tgz'))) execFileSync('cp', [join(project, file), scanRoot]);
    const { code, out, err } = await scanCli(scanRoot, ['--format', 'json']);
    expect(code, err).toBe(1);
    const findings = (JSON.parse(out) as { findings: JsonFinding[] }).findings;
    expect(findings.map((f) => [f.file, f.line, f.exposure, f.severity])).toEqual([
      ['leaky-pkg-1.0.0.tgz!package/dist/app.js', 2, 'published', 'critical'],
      ['leaky-pkg-1.0.0.tgz!package/lib/index.js', 3, 'published', 'critical'],
    ]);
    expect(findings[1]!.column).toBe(29);
    expect(out + err).not.toContain(inLib);
    expect(out + err).not.toContain(inDist);
  });

  it('finds keys in a zip (and .vsix/.jar/.whl) and in a nested docker-save-style image with layer tarballs', async () => {
    const inZip = key();
    const inLayer = key();
    const inOci = key('rt_test_');
    const layer = await tarOf({ 'app/': '', 'app/server.js': `const a = 1;\n\n\n\nconst runtype = "${inLayer}";\n` });
    const ociLayer = gzipSync(await tarOf({ 'etc/app/.env': `# runtype\nRUNTYPE_API_KEY=${inOci}\n` }));
    const image = await tarOf({ 'manifest.json': '[{"Layers":["abc123/layer.tar"]}]', 'abc123/layer.tar': layer, 'blobs/sha256/9f86d081884c7d65': ociLayer });
    const dir = tempDir({
      'bundle.zip': zipOf({ 'config/': new Uint8Array(), 'config/settings.py': `# runtype\nKEY = "${inZip}"\n` }),
      'ext.vsix': zipOf({ 'extension/out/main.js': `const runtype = "${inZip}";` }),
      'images/web.tar': image,
    });
    const { out, err } = await scanCli(dir, ['--format', 'json']);
    const findings = (JSON.parse(out) as { findings: JsonFinding[] }).findings;
    expect(findings.map((f) => [f.file, f.line, f.exposure])).toEqual([
      ['bundle.zip!config/settings.py', 2, 'published'],
      ['ext.vsix!extension/out/main.js', 1, 'published'],
      ['images/web.tar!abc123/layer.tar!app/server.js', 5, 'published'],
      ['images/web.tar!blobs/sha256/9f86d081884c7d65!etc/app/.env', 2, 'published'],
    ]);
    expect(findings.every((f) => f.severity === 'critical')).toBe(true);
    for (const k of [inZip, inLayer, inOci]) expect(out + err).not.toContain(k);
  });

  it('reports a key in a source map at the original source file and line, also inside an archive', async () => {
    const k = key('rt_test_');
    const map = JSON.stringify({
      version: 3,
      file: 'app.js',
      sources: ['webpack://app/./src/config.ts', 'webpack://app/./src/other.ts'],
      sourcesContent: ['export const a = 1;\n', `// runtype\nexport const b = 2;\n\nexport const key = "${k}";\n`],
      mappings: 'AAAA',
    });
    const dir = tempDir({ 'dist/app.js.map': map, 'site.tgz': gzipSync(await tarOf({ 'package/dist/app.js.map': map })) });
    const { out } = await scanCli(dir, ['--format', 'json']);
    const findings = (JSON.parse(out) as { findings: JsonFinding[] }).findings;
    expect(findings.map((f) => [f.file, f.line, f.column, f.exposure])).toEqual([
      ['dist/app.js.map!app/src/other.ts', 4, 21, 'client'],
      ['site.tgz!package/dist/app.js.map!app/src/other.ts', 4, 21, 'published'],
    ]);
  });

  it.each(['git', 'rg'])('archives and source maps are scanned even with the native prefilter (%s), which passes binary files over', async (tool) => {
    const k = key();
    const map = JSON.stringify({ version: 3, sources: ['src/a.ts'], sourcesContent: [`const runtype = "${k}";`], mappings: '' });
    const dir = tempDir({ 'pkg.tgz': gzipSync(await tarOf({ 'package/index.js': `const runtype = "${k}";` })), 'app.js.map': map, 'plain.txt': 'nothing\n' });
    const { code, out, err } = await scanCli(dir, ['--format', 'json'], { RT_GUARD_PREFILTER: tool, PATH: process.env['PATH'] });
    expect(code, err).toBe(1);
    expect((JSON.parse(out) as { findings: JsonFinding[] }).findings.map((f) => f.file)).toEqual(['app.js.map!src/a.ts', 'pkg.tgz!package/index.js']);
  });

  it('reads a .crx (zip behind a CRX3 header) as browser-extension code: client', async () => {
    const k = key();
    const zip = zipOf({ 'background.js': `const runtype = "${k}";\n` });
    const header = Buffer.alloc(12);
    header.write('Cr24', 0, 'latin1');
    header.writeUInt32LE(3, 4);
    header.writeUInt32LE(5, 8);
    const dir = tempDir({ 'ext.crx': Buffer.concat([header, Buffer.from('proto'), zip]) });
    const result = await scanArtifact(join(dir, 'ext.crx'), 'ext.crx', detector);
    expect(result.findings.map((f) => [f.file, f.exposure, f.severity])).toEqual([['ext.crx!background.js', 'client', 'critical']]);
  });

  it('a member named ../../x does not stop the rest of a zip from being scanned; names are cleaned', async () => {
    const k = key();
    const dir = tempDir({ 'evil.zip': zipOf({ '../../etc/passwd': 'root', 'a\u0007b!c.js': `const runtype = "${k}";` }) });
    const result = await scanArtifact(join(dir, 'evil.zip'), 'evil.zip', detector);
    expect(result.findings.map((f) => f.file)).toEqual(['evil.zip!a_b_c.js']);
  });

  it('a corrupt archive is a warning, not a crash', async () => {
    const dir = tempDir({
      'broken.tgz': Buffer.concat([gzipSync(Buffer.from('x')).subarray(0, 10), Buffer.from('garbage')]),
      'broken.zip': Buffer.from('PK\u0003\u0004 not really a zip'),
    });
    const { code, out, err } = await scanCli(dir, []);
    expect(code).toBe(0);
    expect(out).toMatch(/warning: cannot read broken\.zip as an archive/);
    expect(out + err).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('archive limits: bombs are warnings, with bounded memory', () => {
  it('a zip bomb (64 MiB of zeros in a 64 KiB zip entry) is skipped with a warning; the other members are scanned', async () => {
    const k = key();
    // fflate builds the entry from a 64 MiB buffer; the declared ratio is what trips the limit.
    const zeros = new Uint8Array(64 * 1024 * 1024);
    const dir = tempDir({ 'bomb.zip': zipOf({ 'zeros.txt': zeros, 'b.js': `const runtype = "${k}";` }) });
    const before = process.memoryUsage().rss;
    const { code, out } = await scanCli(dir, []);
    expect(code).toBe(1);
    expect(out).toContain('bomb.zip!zeros.txt: decompresses more than 200:1 (a zip bomb?); skipped');
    expect(out).toContain('bomb.zip!b.js:1:');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('a gzip bomb (a .tgz of 256 MiB of zeros) stops after a few MiB, with a warning', async () => {
    const gzip = createGzip({ level: 9 });
    const chunks: Buffer[] = [];
    gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise((resolve) => gzip.on('end', resolve));
    const block = Buffer.alloc(16 * 1024 * 1024);
    const header = await tarOf({ 'package/zeros.txt': Buffer.alloc(0) });
    gzip.write(header.subarray(0, 512));
    for (let i = 0; i < 16; i++) if (!gzip.write(block)) await new Promise((resolve) => gzip.once('drain', resolve));
    gzip.end();
    await done;
    const dir = tempDir({ 'bomb.tgz': Buffer.concat(chunks) });
    const started = performance.now();
    const before = process.memoryUsage().rss;
    const result = await scanArtifact(join(dir, 'bomb.tgz'), 'bomb.tgz', detector);
    expect(result.warnings).toEqual(['bomb.tgz: bomb.tgz decompresses more than 200:1 (a gzip bomb?); the rest of the archive was not scanned']);
    expect(result.bytes).toBeLessThan(64 * 1024 * 1024);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);

  it('archives nested deeper than the limit are not opened', async () => {
    const k = key();
    let inner: Buffer = await tarOf({ 'key.js': `const runtype = "${k}";` });
    for (let i = 0; i < 10; i++) inner = await tarOf({ [`level${i}.tar`]: inner });
    const dir = tempDir({ 'deep.tar': inner });
    const result = await scanArtifact(join(dir, 'deep.tar'), 'deep.tar', detector);
    expect(result.findings).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/: archives nested more than 6 deep; not opened$/);
  });

  it('too many entries, too many bytes, too large a member: the archive stops with a warning', async () => {
    const k = key();
    const files: Record<string, string> = {};
    for (let i = 0; i < 100; i++) files[`f${i}.txt`] = 'x';
    files['z.js'] = `const runtype = "${k}";`;
    const dir = tempDir({ 'many.tar': await tarOf(files), 'big.tar': await tarOf({ 'a.txt': 'y'.repeat(5000), 'b.js': `const runtype = "${k}";` }) });
    const many = await scanArtifact(join(dir, 'many.tar'), 'many.tar', detector, { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 50 });
    expect(many.warnings).toEqual(['many.tar: more than 50 files in one archive; the rest of the archive was not scanned']);
    expect(many.entries).toBe(51);
    const perEntry = await scanArtifact(join(dir, 'big.tar'), 'big.tar', detector, { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: 1000 });
    expect(perEntry.warnings).toEqual(['big.tar!a.txt: larger than 1000 bytes uncompressed; skipped']);
    expect(perEntry.findings.map((f) => f.file)).toEqual(['big.tar!b.js']);
    const total = await scanArtifact(join(dir, 'big.tar'), 'big.tar', detector, { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 1000 });
    expect(total.warnings[0]).toBe('big.tar: more than 1000 uncompressed bytes in one archive; the rest of the archive was not scanned');
    expect(redactKey(k)).not.toBe(k);
  });
});

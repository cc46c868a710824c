import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { generateKeyBody } from '../../../core/src/detect/fill-slots.ts';
import { runCliInProcess } from '../../../test/helpers/io.ts';
import { parsePackList } from './npm-pack.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const key = (prefix = 'rt_live_'): string => prefix + generateKeyBody();

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-guard-npm-pack-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

// npm's cache and logs live outside the package, or `npm pack` would list them.
const npmHome = mkdtempSync(join(tmpdir(), 'rt-guard-npm-home-'));
afterAll(() => rmSync(npmHome, { recursive: true, force: true }));
const npmEnv = { PATH: process.env['PATH'], HOME: npmHome, npm_config_cache: join(npmHome, 'cache') };

function scan(cwd: string, args: string[], env: Record<string, string | undefined> = npmEnv) {
  return runCliInProcess(['scan', ...args], cwd, { env });
}

type JsonFinding = { file: string; line: number; exposure: string; severity: string; exposureReason?: string };

describe('rt-guard scan --npm-pack', () => {
  it('scans exactly what npm would publish (`files`): a key in a published file is found, one in an unpublished source file is not', async () => {
    const published = key('rt_test_');
    const unpublished = key();
    const dir = tempDir({
      'package.json': JSON.stringify({ name: 'leaky', version: '2.0.0', files: ['dist'], scripts: { prepack: 'echo PREPACK-RAN > prepack-ran.txt' } }),
      'dist/index.js': `// runtype\n\nexport const apiKey = "${published}";\n`,
      'src/secret.js': `export const runtypeKey = "${unpublished}";\n`,
    });
    const { code, out, err } = await scan(dir, ['--npm-pack', '--format', 'json']);
    expect(code, err).toBe(1);
    const findings = (JSON.parse(out) as { findings: JsonFinding[] }).findings;
    expect(findings.map((f) => [f.file, f.line, f.exposure, f.severity])).toEqual([['dist/index.js', 3, 'client', 'critical']]);
    expect(out + err).not.toContain(published);
    expect(out + err).not.toContain(unpublished);
    // The package's scripts never run.
    expect(() => rmSync(join(dir, 'prepack-ran.txt'))).toThrow();
  });

  it('honours .npmignore, takes a folder argument, and marks findings published by the package', async () => {
    const published = key();
    const ignored = key();
    const root = tempDir({
      'pkg/package.json': JSON.stringify({ name: 'lib-x', version: '1.0.0' }),
      'pkg/.npmignore': 'test/\n',
      'pkg/lib/index.js': `module.exports = { runtype: "${published}" };\n`,
      'pkg/test/fixture.js': `const runtype = "${ignored}";\n`,
    });
    const { code, out } = await scan(root, ['--npm-pack', 'pkg', '--format', 'json']);
    expect(code).toBe(1);
    const findings = (JSON.parse(out) as { findings: JsonFinding[] }).findings;
    expect(findings.map((f) => [f.file, f.exposure])).toEqual([['pkg/lib/index.js', 'published']]);
    expect(findings[0]!.exposureReason).toContain('lib-x@1.0.0');
  });

  it('exits 0 when the package is clean, and 2 with a clear message on bad usage or without npm', async () => {
    const dir = tempDir({ 'package.json': JSON.stringify({ name: 'clean', version: '1.0.0' }), 'index.js': 'module.exports = 1;\n', 'unpublished.txt': '' });
    expect((await scan(dir, ['--npm-pack'])).code).toBe(0);
    const combined = await scan(dir, ['index.js', '--npm-pack']);
    expect(combined.code).toBe(2);
    expect(combined.err).toMatch(/--npm-pack .* cannot be combined with paths/);
    const missing = await scan(dir, ['--npm-pack', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such folder: nope');
    expect((await scan(dir, ['--npm-pack', 'index.js'])).err).toContain('no such folder: index.js (--npm-pack takes the package');
    const noNpm = await scan(dir, ['--npm-pack'], { PATH: join(dir, 'empty-bin') });
    expect(noNpm.code).toBe(2);
    expect(noNpm.err).toContain('npm was not found on PATH');
  });

  it('reads npm JSON defensively', () => {
    expect(parsePackList('> banner\n[{"id":"a@1.0.0","files":[{"path":"index.js"}]}]')).toEqual({ id: 'a@1.0.0', files: ['index.js'] });
    expect(() => parsePackList('[{"files":[{"size":1}]}]')).toThrow('a file without a path');
    expect(() => parsePackList('{}')).toThrow('no package');
  });
});

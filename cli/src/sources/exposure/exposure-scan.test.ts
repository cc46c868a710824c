import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyBody } from '../../../../core/src/detect/fill-slots.ts';
import { runCliInProcess } from '../../../../test/helpers/io.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-guard-exposure-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function scan(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCliInProcess(['scan', ...args], cwd);
}

describe('rt-guard scan: exposure', () => {
  it('marks keys that ship to browsers client (critical, with the reason), server files server, the rest unknown', async () => {
    const files: Record<string, string> = {};
    const keys: string[] = [];
    const put = (path: string, make: (key: string) => string): void => {
      const key = `rt_test_${generateKeyBody()}`;
      keys.push(key);
      files[path] = make(key);
    };
    put('.env.local', (k) => `NEXT_PUBLIC_RUNTYPE_API_KEY=${k}\n`);
    put('public/config.js', (k) => `window.runtypeKey = "${k}";\n`);
    put('dist/assets/index.js', (k) => `const a="${k}";\n`);
    put('.next/static/chunks/app.js', (k) => `const a="${k}";\n`);
    put('out/index.html', (k) => `<script>var k="${k}"</script>\n`);
    put('extension/content.js', (k) => `const runtype = "${k}";\n`);
    files['extension/manifest.json'] = JSON.stringify({ manifest_version: 3, name: 'x' });
    put('server/runtype.ts', (k) => `export const key = "${k}";\n`);
    put('tools/notes.ts', (k) => `const runtype = "${k}";\n`);
    files['tools/manifest.json'] = JSON.stringify({ name: 'not an extension' });
    const dir = tempDir(files);
    const { code, out, err } = await scan(dir, ['--format', 'json']);
    expect(code, err).toBe(1);
    const report = JSON.parse(out) as { findings: { file: string; exposure: string; severity: string; exposureReason?: string }[] };
    const byFile = Object.fromEntries(report.findings.map((f) => [f.file, f]));
    for (const file of ['.env.local', 'public/config.js', 'dist/assets/index.js', '.next/static/chunks/app.js', 'out/index.html', 'extension/content.js']) {
      expect(byFile[file]?.exposure, file).toBe('client');
      expect(byFile[file]?.severity, file).toBe('critical');
      expect(byFile[file]?.exposureReason, file).toBeTruthy();
    }
    expect(byFile['extension/content.js']!.exposureReason).toContain('extension/');
    expect(byFile['server/runtype.ts']).toMatchObject({ exposure: 'server', severity: 'high' });
    expect(byFile['tools/notes.ts']).toMatchObject({ exposure: 'unknown', severity: 'high' });
    for (const key of keys) expect(out + err).not.toContain(key);
  });

  it('the text report says why and what to do instead', async () => {
    const key = `rt_live_${generateKeyBody()}`;
    const dir = tempDir({ '.env': `VITE_RUNTYPE_API_KEY=${key}\n` });
    const { code, out } = await scan(dir, []);
    expect(code).toBe(1);
    expect(out).toContain('shipped to browsers: VITE_RUNTYPE_API_KEY: Vite inlines VITE_ variables');
    expect(out).toContain('client token (ct_…)');
    expect(out).toContain('server-side proxy');
    expect(out).not.toContain(key);
  });
});

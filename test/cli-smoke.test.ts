import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, redactKey } from '@rt-guard/core';
import { generateKeyBody } from '../core/src/detect/fill-slots.ts';

/** Smoke tests of the built `rt-guard` (cli/dist/bin.cjs), spawned as users run it. */
const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'cli/dist/bin.cjs');
const work = mkdtempSync(join(tmpdir(), 'rt-guard-smoke-'));

beforeAll(() => {
  if (!existsSync(BIN) || !existsSync(join(ROOT, 'cli/dist/scan-worker.js'))) execFileSync(process.execPath, ['build.mjs'], { cwd: join(ROOT, 'cli') });
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? work,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('built rt-guard', () => {
  it('prints its version and help', () => {
    expect(cli(['--version'])).toMatchObject({ status: 0, stdout: '0.1.0\n' });
    const help = cli(['scan', '--help']);
    expect(help.status).toBe(0);
    for (const flag of [
      '--format',
      '--output',
      '--config',
      '--baseline',
      '--fail-on',
      '--show-secrets',
      '--staged',
      '--git',
      '--pre-push',
      '--verify',
      '--only-verified',
      '--concurrency',
    ]) {
      expect(help.stdout).toContain(flag);
    }
  });

  it('scans 2,400 files on worker threads and finds exactly the planted keys, like the single-threaded path', () => {
    const dir = join(work, 'many');
    const keys = [0, 1, 2].map((i) => `${i === 1 ? 'rt_test_' : 'rt_live_'}${generateKeyBody()}`);
    for (let i = 0; i < 2400; i++) {
      const sub = join(dir, `d${i % 30}`);
      mkdirSync(sub, { recursive: true });
      const planted = i % 1000 === 7 ? `\nRUNTYPE_API_KEY=${keys[Math.floor(i / 1000)]}\n` : '';
      writeFileSync(join(sub, `f${i}.ts`), `export const value${i} = ${i};\n// near miss: rt_live_your_api_key_here${planted}`);
    }
    const threaded = cli(['scan', '.', '-f', 'json'], { cwd: dir, env: { RT_GUARD_THREADS: '2' } });
    const single = cli(['scan', '.', '-f', 'json'], { cwd: dir, env: { RT_GUARD_THREADS: '0' } });
    expect(threaded.status).toBe(1);
    expect(single.status).toBe(1);
    const a = JSON.parse(threaded.stdout);
    const b = JSON.parse(single.stdout);
    expect(a.stats.files).toBe(2400);
    expect(a.findings.map((f: { fingerprint: string }) => f.fingerprint).sort()).toEqual(keys.map(fingerprintOf).sort());
    expect(a.findings).toEqual(b.findings);
    for (const key of keys) expect(threaded.stdout + threaded.stderr).not.toContain(key);
  }, 120_000);

  it('text output is redacted and the exit code is 1', () => {
    const key = `rt_live_${generateKeyBody()}`;
    const dir = join(work, 'one');
    mkdirSync(dir);
    writeFileSync(join(dir, '.env'), `RUNTYPE_API_KEY=${key}\n`);
    const result = cli(['scan'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`.env:1:17`);
    expect(result.stdout).toContain(redactKey(key));
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it('the repository scans itself clean (exit 0)', () => {
    const result = cli(['scan', '.'], { cwd: ROOT });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^No keys found/m);
    expect(result.status).toBe(0);
  }, 120_000);

  it('scans a 1 GB stdin stream with flat memory, finding keys mid-stream and at the very end', async () => {
    const keys = [`rt_live_${generateKeyBody()}`, `rt_test_${generateKeyBody()}`];
    const line = `${'const value = compute(alpha, beta, gamma); // filler line for the stream test'.padEnd(99, ' ')}\n`;
    const block = Buffer.from(line.repeat(10_486)); // ~1 MiB of 100-byte lines
    const blocks = 1024;
    const linesPerBlock = 10_486;
    const child = spawn(process.execPath, [BIN, 'scan', '-', '-f', 'json'], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
    // Peak RSS: the kernel's high-water mark, polled while the scan runs.
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // the process has just exited
      }
    }, 50);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    const write = (data: Buffer | string): Promise<void> =>
      new Promise((resolve) => (child.stdin.write(data) ? resolve() : child.stdin.once('drain', () => resolve())));
    for (let i = 0; i < blocks; i++) {
      await write(block);
      if (i === 511) await write(`RUNTYPE_API_KEY=${keys[0]}\n`);
    }
    await write(`last=${keys[1]}`);
    child.stdin.end();
    const code = await done;
    clearInterval(poll);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.findings.map((f: { line: number; column: number; file: string }) => [f.file, f.line, f.column])).toEqual([
      ['-', 512 * linesPerBlock + 1, 17],
      ['-', blocks * linesPerBlock + 2, 6],
    ]);
    expect(report.stats.bytes).toBeGreaterThan(1024 * 1024 * 1024);
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb / 1024).toBeLessThan(200);
    for (const key of keys) expect(stdout + stderr).not.toContain(key);
  }, 300_000);
});

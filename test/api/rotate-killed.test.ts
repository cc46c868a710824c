import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { getEnvValue } from '@rt-guard/core';
import { cli, tempDir } from './cli-harness.ts';
import { expectNoSecrets, startEmulator, type Emulator } from './helpers.ts';

/**
 * A real `rt-guard rotate` process, killed with SIGKILL in the middle of a step (the emulator holds
 * the answer of that step), then `rotate --resume`. Built into a temp folder so a stale cli/dist
 * cannot make the test pass or fail.
 */
const ROOT = resolve(import.meta.dirname, '../..');
let bin: string;
let emulator: Emulator;

beforeAll(async () => {
  const outdir = tempDir('rt-guard-killed-build-');
  await esbuild.build({
    entryPoints: { bin: join(ROOT, 'cli/src/bin.ts'), cli: join(ROOT, 'cli/src/run.ts'), 'scan-worker': join(ROOT, 'cli/src/sources/scan-worker.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'silent',
    banner: { js: "import { createRequire as __rtCreateRequire } from 'node:module';\nconst require = __rtCreateRequire(import.meta.url);" },
  });
  bin = join(outdir, 'bin.js');
  emulator = await startEmulator();
}, 120_000);
afterAll(() => emulator.close());

async function killDuring(step: { method: string; path: string }, envPath: string, env: Record<string, string>, until: () => boolean): Promise<void> {
  emulator.setFaults({ queue: [{ kind: 'delay-after', ms: 20_000, ...step }] });
  const child = spawn(process.execPath, [bin, 'rotate', '--env-file', envPath, '--yes'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + 30_000;
  while (!until()) {
    if (Date.now() > deadline) throw new Error(`step never reached: ${output}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  await exited;
  emulator.setFaults({});
}

describe('rotate killed with SIGKILL mid-step, then --resume', () => {
  it.each([
    ['while creating (the key exists, its value is lost)', { method: 'POST', path: '/v1/api-keys' }],
    ['while verifying the new key', { method: 'GET', path: '/v1/auth/me' }],
    ['while revoking the old key', { method: 'DELETE', path: '/v1/api-keys/' }],
  ])('%s', async (_label, step) => {
    const dir = tempDir('rt-guard-killed-');
    const name = `Killed ${step.method} ${Math.random().toString(36).slice(2, 8)}`;
    const { plainKey: oldKey } = emulator.mintKey({ name, permissions: ['FLOWS:READ'] });
    const envPath = join(dir, '.env');
    writeFileSync(envPath, `A=1\nRUNTYPE_API_KEY=${oldKey}\n`);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      RUNTYPE_API_URL: emulator.url,
      RUNTYPE_ADMIN_TOKEN: emulator.sessionToken,
      RT_GUARD_STATE_DIR: join(dir, 'state'),
    };
    const ours = () => emulator.keys().filter((k) => k.name.startsWith(name));
    const reached = {
      POST: () => ours().length === 2,
      GET: () => getEnvValue(readFileSync(envPath, 'utf8'), 'RUNTYPE_API_KEY') !== oldKey,
      DELETE: () => !emulator.isLive(oldKey),
    }[step.method as 'POST' | 'GET' | 'DELETE'];
    await killDuring(step, envPath, env, reached);

    const resumed = await cli(['rotate', '--resume'], { env, cwd: dir });
    const wired = getEnvValue(readFileSync(envPath, 'utf8'), 'RUNTYPE_API_KEY')!;
    expectNoSecrets(resumed.stdout + resumed.stderr + readFileSync(join(dir, 'state', (await import('node:fs')).readdirSync(join(dir, 'state'))[0]!), 'utf8'), [
      oldKey,
      wired,
      emulator.sessionToken,
    ]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^Done:/);
    expect(emulator.isLive(wired)).toBe(true);
    expect(emulator.isLive(oldKey)).toBe(false);
    expect(ours().filter((k) => k.isActive)).toHaveLength(1);
    expect(readFileSync(envPath, 'utf8')).toBe(`A=1\nRUNTYPE_API_KEY=${wired}\n`);
  });
});

// Issue 11: the CLI against the answers Runtype documents (`--shapes documented`), a proxy's 401,
// the base URL as users type it, /v1/auth/me that may not take API keys, revoke → cache, and a
// create/regenerate answer that loses everything but the plain key. Real HTTP, the real emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getEnvValue } from '@rt-guard/core';
import { cli, tempDir } from './cli-harness.ts';
import { expectNoSecrets, startEmulator, type Emulator } from './helpers.ts';

const secrets: string[] = [];
let emulator: Emulator;
let sessionsOnly: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ shapes: 'documented' });
  sessionsOnly = await startEmulator({ shapes: 'documented', authMeAcceptsKeys: false });
  secrets.push(emulator.sessionToken, sessionsOnly.sessionToken);
});
afterAll(async () => {
  await emulator.close();
  await sessionsOnly.close();
});

function envFor(e: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    RUNTYPE_API_URL: e.url,
    RUNTYPE_ADMIN_TOKEN: e.sessionToken,
    RT_GUARD_CACHE_DIR: tempDir(),
    RT_GUARD_STATE_DIR: tempDir(),
    HOME: tempDir(),
    RT_GUARD_THREADS: '1',
    ...extra,
  };
}
function mint(e: Emulator, options: Parameters<Emulator['mintKey']>[0] = {}): string {
  const { plainKey } = e.mintKey(options);
  secrets.push(plainKey);
  return plainKey;
}
function clean(...results: { stdout: string; stderr: string }[]): void {
  expectNoSecrets(results.map((r) => r.stdout + r.stderr).join('\n'), secrets);
}
function envProject(key: string) {
  const dir = tempDir('rt-guard-contract-');
  const envPath = join(dir, '.env');
  writeFileSync(envPath, `RUNTYPE_API_KEY=${key}\n`);
  return { dir, envPath, wired: () => getEnvValue(readFileSync(envPath, 'utf8'), 'RUNTYPE_API_KEY')! };
}

describe('CLI against the documented answer shapes', () => {
  it('inspect finds the record by keyPrefix + maskedKey tail (searchHint is a human hint)', async () => {
    const key = mint(emulator, { name: 'Checkout service', permissions: ['FLOWS:EXECUTE'] });
    expect(emulator.keys().find((k) => key.endsWith(k.maskedKey.slice(-4)))?.searchHint).toBe('checkout-service');
    const result = await cli(['inspect', '--format', 'json'], { env: envFor(emulator), stdin: key });
    clean(result);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'live', record: { name: 'Checkout service', permissions: ['FLOWS:EXECUTE'] } });
  });

  it('revoke soft-deletes, proves it, and the next scan --verify says invalid at once (cache updated)', async () => {
    const key = mint(emulator, { name: 'Leaked worker' });
    const env = envFor(emulator);
    const dir = tempDir('rt-guard-contract-scan-');
    writeFileSync(join(dir, 'app.env'), `RUNTYPE_API_KEY=${key}\n`);
    const before = await cli(['scan', '--verify', '--format', 'json', '.'], { env, cwd: dir });
    expect(JSON.parse(before.stdout).findings[0].verification.status).toBe('live');
    const revoked = await cli(['revoke', '--yes', '--format', 'json'], { env, stdin: key });
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ status: 'revoked', confirmed: true, verification: { status: 'invalid' } });
    // soft delete: the record stays listed, inactive
    expect(emulator.keys().find((k) => k.name === 'Leaked worker')?.isActive).toBe(false);
    emulator.resetStats();
    const after = await cli(['scan', '--verify', '--format', 'json', '.'], { env, cwd: dir });
    expect(JSON.parse(after.stdout).findings[0].verification.status).toBe('invalid');
    // from the cache the revoke updated: no new check of the key
    expect(Object.keys(emulator.stats.byRoute).filter((r) => r.includes('/v1/auth/me') || r.includes('/v1/flows'))).toEqual([]);
    const again = await cli(['revoke', '--yes', '--format', 'json'], { env, stdin: key });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'already-revoked' });
    clean(before, revoked, after, again);
  });

  it('rotate (standard) sends the environment, notes restrictions the record does not show, and ends with one live key', async () => {
    const key = mint(emulator, { name: 'Sandbox worker', environment: 'test', permissions: ['FLOWS:READ'] });
    const p = envProject(key);
    const result = await cli(['rotate', '--env-file', '.env', '--yes'], { env: envFor(emulator), cwd: p.dir });
    const fresh = p.wired();
    secrets.push(fresh);
    clean(result);
    expect(result.code).toBe(0);
    expect(fresh).toMatch(/^rt_test_/);
    expect(emulator.isLive(fresh)).toBe(true);
    expect(emulator.isLive(key)).toBe(false);
    expect(result.stderr).toMatch(/does not show its allowed IPs/);
  });

  it('rotate --emergency regenerates and wires the new value', async () => {
    const key = mint(emulator, { name: 'Emergency worker' });
    const p = envProject(key);
    const result = await cli(['rotate', '--env-file', '.env', '--emergency', '--yes'], { env: envFor(emulator), cwd: p.dir });
    const fresh = p.wired();
    secrets.push(fresh);
    clean(result);
    expect(result.code).toBe(0);
    expect(emulator.isLive(fresh)).toBe(true);
    expect(emulator.isLive(key)).toBe(false);
  });
});

describe('never lose a plain key', () => {
  it('an emergency rotation whose regenerate answer is only { plainKey } still wires the new value, then reports', async () => {
    const key = mint(emulator, { name: 'Odd answer worker' });
    const p = envProject(key);
    emulator.setFaults({ queue: [{ kind: 'only-plain-key', method: 'POST' }] });
    const result = await cli(['rotate', '--env-file', '.env', '--emergency', '--yes'], { env: envFor(emulator), cwd: p.dir });
    const fresh = p.wired();
    secrets.push(fresh);
    clean(result);
    expect(fresh).not.toBe(key);
    expect(emulator.isLive(fresh)).toBe(true);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/regenerate answer was unexpected \(apiKey: missing\); the new value was stored first/);
  });

  it('a standard rotation whose create answer is only { plainKey } wires it, finds its record, revokes the old key', async () => {
    const key = mint(emulator, { name: 'Odd create worker' });
    const p = envProject(key);
    emulator.setFaults({ queue: [{ kind: 'only-plain-key', method: 'POST', path: '/v1/api-keys' }] });
    const result = await cli(['rotate', '--env-file', '.env', '--yes'], { env: envFor(emulator), cwd: p.dir });
    const fresh = p.wired();
    secrets.push(fresh);
    clean(result);
    expect(result.code).toBe(0);
    expect(emulator.isLive(fresh)).toBe(true);
    expect(emulator.isLive(key)).toBe(false);
  });

  it('a replacement minted in the wrong environment is refused and revoked; the old key stays wired and live', async () => {
    const key = mint(emulator, { name: 'Env check worker', environment: 'test' });
    const p = envProject(key);
    emulator.setFaults({ queue: [{ kind: 'wrong-environment', method: 'POST', path: '/v1/api-keys' }] });
    const result = await cli(['rotate', '--env-file', '.env', '--yes'], { env: envFor(emulator), cwd: p.dir });
    clean(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/created the replacement as a live key.*not a test key.*It was revoked/);
    expect(p.wired()).toBe(key);
    expect(emulator.isLive(key)).toBe(true);
    expect(emulator.keys().filter((k) => k.name.startsWith('Env check worker (rotated') && k.isActive)).toHaveLength(0);
  });
});

describe("a 401 is invalid only when it is Runtype's, and confirmed", () => {
  it('a proxy-style 401 (no WWW-Authenticate) gives unknown for inspect and scan --verify, never invalid', async () => {
    const key = mint(emulator, { name: 'Behind a proxy' });
    const dir = tempDir('rt-guard-contract-proxy-');
    writeFileSync(join(dir, 'app.env'), `RUNTYPE_API_KEY=${key}\n`);
    emulator.setFaults({ proxy401: true });
    try {
      const inspected = await cli(['inspect', '--format', 'json'], { env: envFor(emulator), stdin: key });
      expect(inspected.code).toBe(2);
      expect(JSON.parse(inspected.stdout)).toMatchObject({ status: 'unknown' });
      expect(JSON.parse(inspected.stdout).reason).toMatch(/without Runtype's WWW-Authenticate header/);
      const scanned = await cli(['scan', '--verify', '--format', 'json', '.'], { env: envFor(emulator), cwd: dir });
      expect(JSON.parse(scanned.stdout).findings[0].verification.status).toBe('unknown');
      clean(inspected, scanned);
    } finally {
      emulator.setFaults({});
    }
    expect(emulator.isLive(key)).toBe(true);
  });

  it('when /v1/auth/me takes sessions only, a live key is live (second probe) and a revoked one invalid', async () => {
    const live = mint(sessionsOnly, { name: 'Live key', permissions: ['FLOWS:READ'] });
    const noFlows = mint(sessionsOnly, { name: 'No flows key', permissions: ['RECORDS:READ'] });
    const dead = mint(sessionsOnly, { name: 'Dead key' });
    await cli(['revoke', '--yes'], { env: envFor(sessionsOnly), stdin: dead });
    for (const [key, status] of [
      [live, 'live'],
      [noFlows, 'live'],
      [dead, 'invalid'],
    ] as const) {
      const result = await cli(['inspect', '--format', 'json'], { env: { ...envFor(sessionsOnly), RUNTYPE_ADMIN_TOKEN: '' }, stdin: key });
      clean(result);
      expect(JSON.parse(result.stdout).status).toBe(status);
    }
  });
});

describe('RUNTYPE_API_URL as users type it', () => {
  it.each(['/v1', '/v1/', '/'])('works with %s after the origin', async (suffix) => {
    const key = mint(emulator, { name: 'URL check' });
    const result = await cli(['inspect', '--format', 'json'], { env: { ...envFor(emulator), RUNTYPE_API_URL: `${emulator.url}${suffix}` }, stdin: key });
    clean(result);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'live', apiUrl: emulator.url });
  });
});

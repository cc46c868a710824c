import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf } from '@rt-guard/core';
import { cli, tempDir } from './cli-harness.ts';
import { expectNoSecrets, startEmulator, type Emulator } from './helpers.ts';
import { liveKey } from '../helpers/keys.ts';

let emulator: Emulator;
let env: Record<string, string>;
const secrets: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  env = {
    RUNTYPE_API_URL: emulator.url,
    RUNTYPE_ADMIN_TOKEN: emulator.sessionToken,
    RT_GUARD_CACHE_DIR: tempDir(),
    RT_GUARD_STATE_DIR: tempDir(),
    HOME: tempDir(),
  };
  secrets.push(emulator.sessionToken);
});
afterAll(() => emulator.close());

function mint(options: Parameters<Emulator['mintKey']>[0] = {}): string {
  const { plainKey } = emulator.mintKey(options);
  secrets.push(plainKey);
  return plainKey;
}

function clean(result: { stdout: string; stderr: string }): void {
  expectNoSecrets(result.stdout + result.stderr, secrets);
}

describe('rt-guard inspect', () => {
  it('reads the key from stdin and says live, with the record when RUNTYPE_ADMIN_TOKEN is set', async () => {
    const key = mint({ name: 'Checkout service', permissions: ['FLOWS:EXECUTE'] });
    const result = await cli(['inspect', '--format', 'json'], { env, stdin: `${key}\n` });
    clean(result);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      status: 'live',
      fingerprint: fingerprintOf(key),
      record: { name: 'Checkout service', permissions: ['FLOWS:EXECUTE'], environment: 'live' },
    });
    expect(json.key).toMatch(/^rt_live_…/);
  });

  it('reads RUNTYPE_API_KEY when stdin is a terminal; text output; invalid for an unknown key', async () => {
    const bogus = liveKey();
    secrets.push(bogus);
    const result = await cli(['inspect'], { env: { ...env, RUNTYPE_API_KEY: bogus }, tty: true });
    clean(result);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Status: +INVALID/);
    expect(result.stdout).toMatch(/No key record for this management credential shows this key/);
  });

  it('unknown (exit 2) when the API fails, never "safe"', async () => {
    const key = mint();
    emulator.setFaults({ queue: [{ kind: 'error', status: 503, path: '/v1/auth/me', times: 3 }] });
    const result = await cli(['inspect', '--format', 'json'], { env: { ...env, RUNTYPE_ADMIN_TOKEN: undefined }, stdin: key });
    emulator.setFaults({});
    clean(result);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).status).toBe('unknown');
  });

  it('refuses to send anything but a Runtype API key (e.g. a session token) as the key', async () => {
    const result = await cli(['inspect'], { env, stdin: emulator.sessionToken });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stdin does not hold a Runtype API key/);
    clean(result);
  });

  it('refuses without a key and explains how to pass one (never argv)', async () => {
    const result = await cli(['inspect'], { env, tty: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/pipe it on stdin .* or set RUNTYPE_API_KEY/);
  });
});

describe('rt-guard revoke', () => {
  it('refuses without --yes when stdin is not a terminal', async () => {
    const key = mint({ name: 'Leaked worker' });
    const result = await cli(['revoke'], { env, stdin: key });
    clean(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stdin is not a terminal.*--yes/);
    expect(emulator.isLive(key)).toBe(true);
  });

  it('revokes with --yes and proves it with a fresh check', async () => {
    const key = mint({ name: 'Leaked worker 2' });
    const result = await cli(['revoke', '--yes', '--format', 'json'], { env, stdin: key });
    clean(result);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ revoked: true, confirmed: true, verification: { status: 'invalid' } });
    expect(emulator.isLive(key)).toBe(false);
  });

  it('asks on a terminal and does nothing on "n"', async () => {
    const key = mint({ name: 'Kept' });
    const result = await cli(['revoke'], { env: { ...env, RUNTYPE_API_KEY: key }, tty: true, stdin: 'n\n' });
    clean(result);
    expect(result.stderr).toMatch(/Revoke "Kept"/);
    expect(result.stderr).toMatch(/Not revoked/);
    expect(emulator.isLive(key)).toBe(true);
  });

  it('--fingerprint finds the key again in the scanned files', async () => {
    const key = mint({ name: 'In a file' });
    const dir = tempDir();
    writeFileSync(join(dir, 'config.env'), `RUNTYPE_API_KEY=${key}\n`);
    const result = await cli(['revoke', '--fingerprint', fingerprintOf(key), '--yes', '.'], { env, cwd: dir, tty: true });
    clean(result);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Confirmed: the API now rejects it/);
    expect(emulator.isLive(key)).toBe(false);
  });

  it('needs RUNTYPE_ADMIN_TOKEN and says which credential', async () => {
    const key = mint();
    const result = await cli(['revoke', '--yes'], { env: { ...env, RUNTYPE_ADMIN_TOKEN: undefined }, stdin: key });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/RUNTYPE_ADMIN_TOKEN to a dashboard session token/);
  });

  it('a 403 from a weak management key is explained, not a crash', async () => {
    const weak = mint({ permissions: ['FLOWS:READ'] });
    const key = mint();
    const result = await cli(['revoke', '--yes'], { env: { ...env, RUNTYPE_ADMIN_TOKEN: weak }, stdin: key });
    clean(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/status 403: GET \/v1\/api-keys.*may not manage keys/);
  });
});

describe('rt-guard keys', () => {
  it('list shows every key with status, as a table and as JSON', async () => {
    mint({ name: 'Nightly export' });
    const table = await cli(['keys', 'list'], { env });
    clean(table);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME +STATUS/);
    expect(table.stdout).toMatch(/Nightly export +active +live/);
    const json = await cli(['keys', 'list', '--format', 'json'], { env });
    clean(json);
    const keys = JSON.parse(json.stdout).keys;
    expect(keys.length).toBe(emulator.keys().length);
    expect(keys.every((k: { hash?: string }) => k.hash === undefined)).toBe(true);
  });

  it('audit exits 1 on a wildcard live key and 0 under a higher threshold', async () => {
    mint({ name: 'Everything', permissions: ['*'] });
    const result = await cli(['keys', 'audit', '--format', 'json'], { env });
    clean(result);
    expect(result.code).toBe(1);
    const rules = JSON.parse(result.stdout).findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('key-wildcard-permission');
    expect(rules).toContain('key-no-expiry');
    const relaxed = await cli(['keys', 'audit', '--fail-on', 'critical'], { env });
    expect(relaxed.code).toBe(0);
    expect(relaxed.stdout).toMatch(/key-wildcard-permission/);
  });
});

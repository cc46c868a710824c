import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf } from '@rt-guard/core';
import { cli, tempDir } from './cli-harness.ts';
import { expectNoSecrets, startEmulator, type Emulator } from './helpers.ts';
import { liveKey } from '../helpers/keys.ts';

let emulator: Emulator;
let dir: string;
let env: Record<string, string>;
let live: string;
let dead: string;
const secrets: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  live = emulator.mintKey({ name: 'Web backend', permissions: ['FLOWS:EXECUTE'] }).plainKey;
  dead = liveKey();
  secrets.push(live, dead, emulator.sessionToken);
  dir = tempDir('rt-guard-scan-verify-');
  // the dead key first in file order, so "live first" is something the verification did
  writeFileSync(join(dir, 'a-old.env'), `RUNTYPE_API_KEY=${dead}\n`);
  writeFileSync(join(dir, 'b-app.env'), `RUNTYPE_API_KEY=${live}\n`);
  writeFileSync(join(dir, 'c-copy.env'), `# same key again\nRUNTYPE_API_KEY=${live}\n`);
  env = { RUNTYPE_API_URL: emulator.url, RT_GUARD_CACHE_DIR: tempDir(), HOME: tempDir(), RT_GUARD_THREADS: '1' };
});
afterAll(() => emulator.close());

describe('rt-guard scan --verify against the emulator', () => {
  it('adds a verification to each finding, one request per distinct key', async () => {
    emulator.resetStats();
    const result = await cli(['scan', '--verify', '--format', 'json', '.'], { env: { ...env, RT_GUARD_NO_CACHE: '1' }, cwd: dir });
    expectNoSecrets(result.stdout + result.stderr, secrets);
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.stdout).findings as Array<{ file: string; verification: { status: string } }>;
    expect(findings.map((f) => [f.file, f.verification.status]).sort()).toEqual([
      ['a-old.env', 'invalid'],
      ['b-app.env', 'live'],
      ['c-copy.env', 'live'],
    ]);
    // Live first, then location order inside each group.
    expect(findings.map((f) => f.file)).toEqual(['b-app.env', 'c-copy.env', 'a-old.env']);
    expect(emulator.stats.byRoute['GET /v1/auth/me']).toBe(2);
  });

  it('never sends an allowlisted or baselined key to the API while the scan streams keys to verification', async () => {
    const allowed = emulator.mintKey({ name: 'Allowed fixture' }).plainKey;
    const known = emulator.mintKey({ name: 'Baselined' }).plainKey;
    secrets.push(allowed, known);
    const sub = tempDir('rt-guard-scan-verify-policy-');
    writeFileSync(join(sub, 'allowed.env'), `RUNTYPE_API_KEY=${allowed}\n`);
    writeFileSync(join(sub, 'known.env'), `RUNTYPE_API_KEY=${known}\n`);
    writeFileSync(join(sub, 'new.env'), `RUNTYPE_API_KEY=${live}\n`);
    writeFileSync(join(sub, '.rt-guard.json'), JSON.stringify({ allow: [{ fingerprint: fingerprintOf(allowed), reason: 'test fixture' }] }));
    writeFileSync(join(sub, 'baseline.json'), JSON.stringify({ version: 1, fingerprints: [fingerprintOf(known)] }));
    emulator.resetStats();
    const result = await cli(['scan', '--verify', '--baseline', 'baseline.json', '--format', 'json', '.'], {
      env: { ...env, RT_GUARD_NO_CACHE: '1' },
      cwd: sub,
    });
    expectNoSecrets(result.stdout + result.stderr, secrets);
    expect(emulator.stats.byRoute['GET /v1/auth/me']).toBe(1);
    const findings = JSON.parse(result.stdout).findings as Array<{ file: string; suppressed?: string; verification?: { status: string } }>;
    expect(findings.find((f) => f.file === 'new.env')?.verification?.status).toBe('live');
    expect(findings.filter((f) => f.suppressed).map((f) => [f.file, f.verification])).toEqual([
      ['allowed.env', undefined],
      ['known.env', undefined],
    ]);
  });

  it('adds the record with RUNTYPE_ADMIN_TOKEN, listing keys once', async () => {
    emulator.resetStats();
    const result = await cli(['scan', '--verify', '--format', 'json', '.'], {
      env: { ...env, RT_GUARD_NO_CACHE: '1', RUNTYPE_ADMIN_TOKEN: emulator.sessionToken },
      cwd: dir,
    });
    expectNoSecrets(result.stdout + result.stderr, secrets);
    const first = JSON.parse(result.stdout).findings.find((f: { file: string }) => f.file === 'b-app.env');
    expect(first.verification.record).toMatchObject({ name: 'Web backend', permissions: ['FLOWS:EXECUTE'], environment: 'live' });
    expect(emulator.stats.byRoute['GET /v1/api-keys']).toBe(1);
  });

  it('--only-verified keeps live keys only; text and SARIF show the status', async () => {
    const only = await cli(['scan', '--only-verified', '--format', 'json', '.'], { env: { ...env, RT_GUARD_NO_CACHE: '1' }, cwd: dir });
    expect(
      JSON.parse(only.stdout)
        .findings.map((f: { file: string }) => f.file)
        .sort(),
    ).toEqual(['b-app.env', 'c-copy.env']);
    const text = await cli(['scan', '--verify', '.'], { env: { ...env, RT_GUARD_NO_CACHE: '1' }, cwd: dir });
    expectNoSecrets(text.stdout + text.stderr, secrets);
    expect(text.stdout).toMatch(/LIVE/);
    expect(text.stdout).toMatch(/invalid/);
    const sarif = await cli(['scan', '--verify', '--format', 'sarif', '.'], { env: { ...env, RT_GUARD_NO_CACHE: '1' }, cwd: dir });
    expectNoSecrets(sarif.stdout + sarif.stderr, secrets);
    const statuses = JSON.parse(sarif.stdout).runs[0].results.map((r: { properties: { verification: string } }) => r.properties.verification);
    expect(statuses.sort()).toEqual(['invalid', 'live', 'live']);
  });

  it('a second scan is answered from the disk cache: 0 requests; the cache holds no key', async () => {
    const cacheDir = tempDir();
    await cli(['scan', '--verify', '--format', 'json', '.'], { env: { ...env, RT_GUARD_CACHE_DIR: cacheDir }, cwd: dir });
    emulator.resetStats();
    const second = await cli(['scan', '--verify', '--format', 'json', '.'], { env: { ...env, RT_GUARD_CACHE_DIR: cacheDir }, cwd: dir });
    expect(emulator.stats.requests).toBe(0);
    const byFile = Object.fromEntries(
      JSON.parse(second.stdout).findings.map((f: { file: string; verification: { status: string } }) => [f.file, f.verification.status]),
    );
    expect(byFile).toEqual({ 'a-old.env': 'invalid', 'b-app.env': 'live', 'c-copy.env': 'live' });
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = readdirSync(cacheDir);
    expect(files.length).toBe(1);
    expectNoSecrets(readFileSync(join(cacheDir, files[0]!), 'utf8'), secrets);
  });

  it('a cached answer without the record is refreshed once RUNTYPE_ADMIN_TOKEN is set', async () => {
    const cacheDir = tempDir();
    await cli(['scan', '--verify', '--format', 'json', '.'], { env: { ...env, RT_GUARD_CACHE_DIR: cacheDir }, cwd: dir });
    emulator.resetStats();
    const withAdmin = await cli(['scan', '--verify', '--format', 'json', '.'], {
      env: { ...env, RT_GUARD_CACHE_DIR: cacheDir, RUNTYPE_ADMIN_TOKEN: emulator.sessionToken },
      cwd: dir,
    });
    expect(emulator.stats.byRoute['GET /v1/auth/me']).toBe(1);
    const live = JSON.parse(withAdmin.stdout).findings.find((f: { file: string }) => f.file === 'b-app.env');
    expect(live.verification.record.name).toBe('Web backend');
  });

  it('API failures never crash the scan: status unknown and a warning', async () => {
    emulator.setFaults({ errorRate: 1 });
    const result = await cli(['scan', '--verify', '--format', 'json', '.'], { env: { ...env, RT_GUARD_NO_CACHE: '1' }, cwd: dir });
    emulator.setFaults({});
    expectNoSecrets(result.stdout + result.stderr, secrets);
    expect(result.code).toBe(1);
    const statuses = JSON.parse(result.stdout).findings.map((f: { verification: { status: string } }) => f.verification.status);
    expect(statuses).toEqual(['unknown', 'unknown', 'unknown']);
    expect(result.stderr).toMatch(/could not be verified \(status unknown, NOT safe\)/);
  });

  it('an unreachable API gives unknown, not a crash', async () => {
    const result = await cli(['scan', '--verify', '--format', 'json', '.'], {
      env: { ...env, RT_GUARD_NO_CACHE: '1', RUNTYPE_API_URL: 'http://127.0.0.1:9' },
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.every((f: { verification: { status: string } }) => f.verification.status === 'unknown')).toBe(true);
  });
});

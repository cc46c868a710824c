import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getEnvValue } from '@rt-guard/core';
import { cli, tempDir } from './cli-harness.ts';
import { expectNoSecrets, startEmulator, type Emulator } from './helpers.ts';

let emulator: Emulator;
const secrets: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  secrets.push(emulator.sessionToken);
});
afterAll(() => emulator.close());

let n = 0;
function project(options: { permissions?: string[] } = {}) {
  const dir = tempDir('rt-guard-cli-rotate-');
  const name = `Deploy bot ${++n}`;
  const { plainKey } = emulator.mintKey({ name, permissions: options.permissions ?? ['FLOWS:EXECUTE'] });
  secrets.push(plainKey);
  const envPath = join(dir, '.env');
  writeFileSync(envPath, `# keep me\nRUNTYPE_API_KEY="${plainKey}"\nPORT=8080\n`, { mode: 0o640 });
  const stateDir = tempDir();
  const env = { RUNTYPE_API_URL: emulator.url, RUNTYPE_ADMIN_TOKEN: emulator.sessionToken, RT_GUARD_STATE_DIR: stateDir, HOME: tempDir() };
  return { dir, name, envPath, oldKey: plainKey, env, stateDir };
}

function wired(envPath: string): string {
  const key = getEnvValue(readFileSync(envPath, 'utf8'), 'RUNTYPE_API_KEY')!;
  secrets.push(key);
  return key;
}

function liveNamed(prefix: string) {
  return emulator.keys().filter((k) => k.name.startsWith(prefix) && k.isActive);
}

function journalText(stateDir: string): string {
  return readdirSync(stateDir)
    .map((f) => readFileSync(join(stateDir, f), 'utf8'))
    .join('\n');
}

describe('rt-guard rotate', () => {
  it('rotates a .env key end to end: new key live and wired, old revoked, file otherwise intact, mode kept', async () => {
    const p = project();
    const result = await cli(['rotate', '--env-file', '.env', '--yes'], { env: p.env, cwd: p.dir });
    const key = wired(p.envPath);
    expectNoSecrets(result.stdout + result.stderr + journalText(p.stateDir), secrets);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Plan for "Deploy bot \d+"/);
    expect(result.stdout).toMatch(/^Done: .*holds the new key rt_live_…\w{4}; the old key rt_live_…\w{4} is revoked/);
    expect(key).not.toBe(p.oldKey);
    expect(emulator.isLive(key)).toBe(true);
    expect(emulator.isLive(p.oldKey)).toBe(false);
    expect(readFileSync(p.envPath, 'utf8')).toBe(`# keep me\nRUNTYPE_API_KEY="${key}"\nPORT=8080\n`);
    expect(statSync(p.envPath).mode & 0o777).toBe(0o640);
    const fresh = liveNamed(p.name);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.name).toMatch(/^Deploy bot \d+ \(rotated \d{4}-\d{2}-\d{2}\)$/);
    expect(fresh[0]!.permissions).toEqual(['FLOWS:EXECUTE']);
    const journals = readdirSync(p.stateDir);
    expect(journals).toHaveLength(1);
    expect(statSync(join(p.stateDir, journals[0]!)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(journalText(p.stateDir))).toMatchObject({ state: 'done', mode: 'standard', oldFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('--dry-run shows the plan and changes nothing', async () => {
    const p = project();
    const result = await cli(['rotate', '--env-file', '.env', '--dry-run'], { env: p.env, cwd: p.dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/1\. create "Deploy bot \d+ \(rotated/);
    expect(result.stderr).toMatch(/4\. revoke "Deploy bot/);
    expect(wired(p.envPath)).toBe(p.oldKey);
    expect(liveNamed(p.name)).toHaveLength(1);
  });

  it('refuses without --yes when stdin is not a terminal', async () => {
    const p = project();
    const result = await cli(['rotate', '--env-file', '.env'], { env: p.env, cwd: p.dir, stdin: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--yes/);
    expect(wired(p.envPath)).toBe(p.oldKey);
  });

  it('--grace keeps the old key until --finish', async () => {
    const p = project();
    const first = await cli(['rotate', '--env-file', '.env', '--grace', '24h', '--yes'], { env: p.env, cwd: p.dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/keeps working until .*rotate --finish/);
    expect(emulator.isLive(p.oldKey)).toBe(true);
    expect(liveNamed(p.name)).toHaveLength(2);
    const finish = await cli(['rotate', '--finish', '--yes'], { env: p.env, cwd: p.dir });
    expectNoSecrets(first.stdout + first.stderr + finish.stdout + finish.stderr, secrets);
    expect(finish.code).toBe(0);
    expect(emulator.isLive(p.oldKey)).toBe(false);
    expect(emulator.isLive(wired(p.envPath))).toBe(true);
    expect(liveNamed(p.name)).toHaveLength(1);
  });

  it('rejects a bad --grace with what to write instead', async () => {
    const p = project();
    const result = await cli(['rotate', '--env-file', '.env', '--grace', 'tomorrow', '--yes'], { env: p.env, cwd: p.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--grace: Invalid duration "tomorrow": use a number and a unit, e.g. 30m, 24h or 7d/);
  });

  it('--emergency regenerates: same record, new value wired, old value dead', async () => {
    const p = project();
    const before = liveNamed(p.name)[0]!.id;
    const result = await cli(['rotate', '--env-file', '.env', '--emergency', '--yes'], { env: p.env, cwd: p.dir });
    expectNoSecrets(result.stdout + result.stderr, secrets);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/regenerated/);
    const key = wired(p.envPath);
    expect(emulator.isLive(key)).toBe(true);
    expect(emulator.isLive(p.oldKey)).toBe(false);
    expect(liveNamed(p.name).map((k) => k.id)).toEqual([before]);
  });

  it('--print prints the new key exactly once on stdout and nowhere else', async () => {
    const p = project();
    const result = await cli(['rotate', '--print', '--yes'], { env: p.env, cwd: p.dir, stdin: p.oldKey });
    expect(result.code).toBe(0);
    const printed = result.stdout.split('\n').filter((l) => /^rt_live_[A-Za-z0-9]{32}$/.test(l));
    expect(printed).toHaveLength(1);
    const key = printed[0]!;
    expect(result.stdout.split(key).length - 1).toBe(1);
    expectNoSecrets(result.stderr + journalText(p.stateDir), [...secrets, key]);
    expect(emulator.isLive(key)).toBe(true);
    expect(emulator.isLive(p.oldKey)).toBe(false);
  });

  it('an interrupted rotation (create answer lost) is finished by --resume with no live orphan', async () => {
    const p = project();
    emulator.setFaults({ queue: [{ kind: 'drop-after', method: 'POST', path: '/v1/api-keys' }] });
    const broken = await cli(['rotate', '--env-file', '.env', '--yes'], { env: p.env, cwd: p.dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/rt-guard rotate --resume/);
    expect(liveNamed(p.name)).toHaveLength(2);
    const resumed = await cli(['rotate', '--resume'], { env: p.env, cwd: p.dir });
    expectNoSecrets(broken.stdout + broken.stderr + resumed.stdout + resumed.stderr + journalText(p.stateDir), secrets);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/never wired/);
    const key = wired(p.envPath);
    expect(liveNamed(p.name)).toHaveLength(1);
    expect(emulator.isLive(key)).toBe(true);
    expect(emulator.isLive(p.oldKey)).toBe(false);
  });

  it('--rollback with the old key on stdin restores it after verification failed', async () => {
    const p = project();
    emulator.setFaults({ queue: [{ kind: 'error', status: 503, path: '/v1/auth/me', times: 3 }] });
    const broken = await cli(['rotate', '--env-file', '.env', '--yes'], { env: p.env, cwd: p.dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/old key was NOT revoked/);
    const refused = await cli(['rotate', '--rollback'], { env: p.env, cwd: p.dir, tty: true });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/needs the old key rt_live_…/);
    const back = await cli(['rotate', '--rollback'], { env: p.env, cwd: p.dir, stdin: `${p.oldKey}\n` });
    expectNoSecrets(back.stdout + back.stderr + journalText(p.stateDir), secrets);
    expect(back.code).toBe(0);
    expect(wired(p.envPath)).toBe(p.oldKey);
    expect(liveNamed(p.name).map((k) => k.name)).toEqual([p.name]);
  });

  it('needs a session token and says so', async () => {
    const p = project();
    const result = await cli(['rotate', '--env-file', '.env', '--yes'], { env: { ...p.env, RUNTYPE_ADMIN_TOKEN: undefined }, cwd: p.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/RUNTYPE_ADMIN_TOKEN to a dashboard session token/);
  });
});

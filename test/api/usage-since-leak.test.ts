import { execFileSync } from 'node:child_process';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator as startEmulatorJs } from '../emulator/server.mjs';
import { cli, tempDir } from './cli-harness.ts';
import { expectNoSecrets } from './helpers.ts';

// The emulator's clock: real time, or a moment in the past while a test "uses" a key.
let clock: Date | undefined;
let emulator: Awaited<ReturnType<typeof startEmulatorJs>>;
const secrets: string[] = [];
const DAY = 86_400_000;

beforeAll(async () => {
  emulator = await startEmulatorJs({ now: () => clock ?? new Date() });
  secrets.push(emulator.sessionToken);
});
afterAll(() => emulator.close());

/** Calls the API with the key at `at` (the emulator records lastUsedAt on every authenticated call). */
async function useKey(key: string, at: Date): Promise<void> {
  clock = at;
  try {
    const response = await fetch(`${emulator.url}/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
  } finally {
    clock = undefined;
  }
}

function gitRepo(): string {
  const dir = tempDir('rt-guard-usage-');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'usage@rt-guard.invalid');
  git('config', 'user.name', 'usage test');
  return dir;
}

function commit(dir: string, file: string, text: string, date: Date): void {
  writeFileSync(join(dir, file), text);
  const env = { ...process.env, GIT_AUTHOR_DATE: date.toISOString(), GIT_COMMITTER_DATE: date.toISOString() };
  execFileSync('git', ['add', file], { cwd: dir, env });
  execFileSync('git', ['commit', '-q', '-m', `add ${file}`], { cwd: dir, env });
}

type Verified = { file: string; verification: { status: string; leakedAt?: string; lastUsedAt?: string | null; usedSinceLeak?: boolean | null } };

describe('used since it leaked? (scan --verify with a management token, real HTTP)', () => {
  it('a key committed two days ago and used since: true; one never used: false; rt-guard own probes are not use', async () => {
    const used = emulator.mintKey({ name: 'Used after the leak' }).plainKey;
    const unused = emulator.mintKey({ name: 'Never used' }).plainKey;
    secrets.push(used, unused);
    const twoDaysAgo = new Date(Date.now() - 2 * DAY);
    const dir = gitRepo();
    commit(dir, 'used.env', `RUNTYPE_API_KEY=${used}\n`, twoDaysAgo);
    commit(dir, 'unused.env', `RUNTYPE_API_KEY=${unused}\n`, twoDaysAgo);
    const usedAt = new Date(Date.now() - DAY);
    await useKey(used, usedAt);

    const env = {
      RUNTYPE_API_URL: emulator.url,
      RUNTYPE_ADMIN_TOKEN: emulator.sessionToken,
      RT_GUARD_NO_CACHE: '1',
      RT_GUARD_CACHE_DIR: tempDir(),
      HOME: tempDir(),
    };
    const first = await cli(['scan', '--git', '--verify', '--format', 'json'], { env, cwd: dir });
    expectNoSecrets(first.stdout + first.stderr, secrets);
    expect(first.code).toBe(1);
    const byFile = Object.fromEntries((JSON.parse(first.stdout).findings as Verified[]).map((f) => [f.file, f.verification]));
    expect(byFile['used.env']).toMatchObject({
      status: 'live',
      leakedAt: twoDaysAgo.toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      lastUsedAt: usedAt.toISOString(),
      usedSinceLeak: true,
    });
    expect(byFile['unused.env']).toMatchObject({ status: 'live', lastUsedAt: null, usedSinceLeak: false });

    // The first scan's probes set lastUsedAt on both keys: the second scan must not call that use.
    const second = await cli(['scan', '--git', '--verify', '--format', 'json'], { env, cwd: dir });
    const again = Object.fromEntries((JSON.parse(second.stdout).findings as Verified[]).map((f) => [f.file, f.verification]));
    expect(again['unused.env']!.usedSinceLeak).toBeNull();
    expect(again['used.env']!.usedSinceLeak).not.toBe(false);

    // Text and SARIF say so (a fresh key each: the scans above probed `used` a moment ago).
    const freshRepo = async (): Promise<string> => {
      const fresh = emulator.mintKey({ name: 'Fresh' }).plainKey;
      secrets.push(fresh);
      await useKey(fresh, usedAt);
      return gitRepoWith(fresh, twoDaysAgo);
    };
    const text = await cli(['scan', '--git', '--verify'], { env, cwd: await freshRepo() });
    expect(text.stdout).toContain(`used after it was committed on ${twoDaysAgo.toISOString().slice(0, 10)}`);
    expect(text.stdout).toContain('rotate now and review its usage');
    const sarif = await cli(['scan', '--git', '--verify', '--format', 'sarif'], { env, cwd: await freshRepo() });
    const result = JSON.parse(sarif.stdout).runs[0].results[0];
    expect(result.message.text).toContain('rotate now and review its usage');
    expect(result.properties).toMatchObject({ usedSinceLeak: true });
    expectNoSecrets(text.stdout + text.stderr + sarif.stdout + sarif.stderr, secrets);
  });

  it('a file date counts as the leak date for a file scan', async () => {
    const key = emulator.mintKey({ name: 'In a file' }).plainKey;
    secrets.push(key);
    const dir = tempDir('rt-guard-usage-file-');
    writeFileSync(join(dir, 'app.env'), `RUNTYPE_API_KEY=${key}\n`);
    const written = new Date(Date.now() - 3 * DAY);
    utimesSync(join(dir, 'app.env'), written, written);
    await useKey(key, new Date(Date.now() - DAY));
    const env = {
      RUNTYPE_API_URL: emulator.url,
      RUNTYPE_ADMIN_TOKEN: emulator.sessionToken,
      RT_GUARD_NO_CACHE: '1',
      RT_GUARD_CACHE_DIR: tempDir(),
      HOME: tempDir(),
    };
    const result = await cli(['scan', '--verify', '.'], { env, cwd: dir });
    expect(result.stdout).toContain(`used after it was written to this file on ${written.toISOString().slice(0, 10)}`);
    expectNoSecrets(result.stdout + result.stderr, secrets);
  });

  it('without a management token, no usage fields', async () => {
    const key = emulator.mintKey({ name: 'No token' }).plainKey;
    secrets.push(key);
    const dir = gitRepo();
    commit(dir, 'k.env', `RUNTYPE_API_KEY=${key}\n`, new Date(Date.now() - 2 * DAY));
    const result = await cli(['scan', '--git', '--verify', '--format', 'json'], {
      env: { RUNTYPE_API_URL: emulator.url, RT_GUARD_NO_CACHE: '1', RT_GUARD_CACHE_DIR: tempDir(), HOME: tempDir() },
      cwd: dir,
    });
    const [finding] = JSON.parse(result.stdout).findings as Verified[];
    expect(finding!.verification.status).toBe('live');
    expect(finding!.verification.usedSinceLeak).toBeUndefined();
  });
});

function gitRepoWith(key: string, date: Date): string {
  const dir = gitRepo();
  commit(dir, 'used.env', `RUNTYPE_API_KEY=${key}\n`, date);
  return dir;
}

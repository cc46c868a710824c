import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createRuntypeClient,
  getEnvValue,
  planRotation,
  resumeRotation,
  rollbackRotation,
  runRotation,
  finishRotation,
  type FetchLike,
  type JournalStore,
  type KeyTarget,
  type RotationDeps,
  type RotationJournal,
} from '@rt-guard/core';
import { createEnvFileTarget, createFileJournalStore, createNodeFetch } from '@rt-guard/core/node';
import { tempDir } from './cli-harness.ts';
import { expectNoSecrets, startEmulator, type Emulator } from './helpers.ts';

/** Simulates a killed process: once tripped, every later effect throws, so no cleanup code can run. */
class Crash extends Error {}
interface Crasher {
  tripped: boolean;
  check(label: string): void;
}
function crasher(point: string | undefined): Crasher {
  return {
    tripped: false,
    check(label) {
      if (this.tripped) throw new Crash(`dead (${label})`);
      if (label === point) {
        this.tripped = true;
        throw new Crash(`killed after ${label}`);
      }
    },
  };
}

let emulator: Emulator;
const nodeFetch = createNodeFetch();
const secrets: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  secrets.push(emulator.sessionToken);
});
afterAll(async () => {
  await nodeFetch.close();
  await emulator.close();
});

interface Setup {
  envPath: string;
  journalPath: string;
  oldKey: string;
  oldId: string;
  baseName: string;
}

let counter = 0;
function setup(): Setup {
  const dir = tempDir('rt-guard-rotate-');
  const baseName = `Service ${++counter}`;
  const { plainKey, record } = emulator.mintKey({ name: baseName, permissions: ['FLOWS:READ', 'RECORDS:WRITE'], allowedIps: ['127.0.0.1'] });
  secrets.push(plainKey);
  const envPath = join(dir, '.env');
  writeFileSync(envPath, `# settings\nAPP_NAME=shop\nRUNTYPE_API_KEY=${plainKey} # rotated by rt-guard\nOTHER=1\n`);
  return { envPath, journalPath: join(dir, 'journal.json'), oldKey: plainKey, oldId: record.id, baseName };
}

function deps(s: Setup, crash: Crasher | undefined, log: string[]): RotationDeps {
  const fetch: FetchLike = async (url, init) => {
    crash?.check('before-request');
    const response = await nodeFetch(url, init);
    const text = await response.text();
    crash?.check(`${init.method} ${new URL(url).pathname.replace(/[0-9a-f-]{36}/, ':id')}`);
    return { status: response.status, headers: response.headers, text: async () => text };
  };
  const client = createRuntypeClient({ baseUrl: emulator.url, fetch, sleep: async () => {} });
  const fileJournal = createFileJournalStore(s.journalPath);
  const journal: JournalStore = {
    load: () => fileJournal.load(),
    async save(j) {
      crash?.check('before-save');
      await fileJournal.save(j);
      crash?.check(`saved ${j.state}`);
    },
  };
  const envTarget = createEnvFileTarget(s.envPath, 'RUNTYPE_API_KEY');
  const target: KeyTarget = {
    description: envTarget.description,
    read: () => envTarget.read(),
    async write(key) {
      crash?.check('before-write');
      await envTarget.write(key);
      secrets.push(key);
      crash?.check('wrote env');
    },
  };
  return { client, adminToken: emulator.sessionToken, journal, target, now: () => new Date(), log: (l) => log.push(l) };
}

function plan(s: Setup, mode: 'standard' | 'emergency', graceMs?: number) {
  const record = emulator.keys().find((k) => k.id === s.oldId)!;
  return planRotation({ record: record as never, mode, now: new Date(), graceMs, targetLabel: '.env' });
}

/** Keys of this setup (old name or its rotated name) that still authenticate. */
function liveKeysOf(s: Setup) {
  return emulator.keys().filter((k) => k.name.startsWith(s.baseName) && k.isActive);
}

function expectOneLiveKeyWired(s: Setup): string {
  const text = readFileSync(s.envPath, 'utf8');
  const wired = getEnvValue(text, 'RUNTYPE_API_KEY')!;
  expect(emulator.isLive(wired)).toBe(true);
  expect(liveKeysOf(s)).toHaveLength(1);
  // every other line and the comment survive
  expect(text).toMatch(/^# settings\nAPP_NAME=shop\nRUNTYPE_API_KEY=rt_live_[A-Za-z0-9]{32} # rotated by rt-guard\nOTHER=1\n$/);
  return wired;
}

const STANDARD_POINTS = [
  'saved creating',
  'POST /v1/api-keys',
  'wrote env',
  'saved wired',
  'GET /v1/auth/me',
  'saved verified',
  'saved revoking-old',
  'DELETE /v1/api-keys/:id',
  'GET /v1/auth/me#2',
  'saved done',
];

async function runWithCrash(s: Setup, point: string, mode: 'standard' | 'emergency' = 'standard'): Promise<string[]> {
  const log: string[] = [];
  // "#2" = the second time that label is reached (the proof after DELETE).
  const [label, nth] = point.split('#');
  let seen = 0;
  const c = crasher(undefined);
  const guarded: Crasher = {
    tripped: false,
    check(l) {
      if (this.tripped) throw new Crash('dead');
      if (l === label && ++seen === Number(nth ?? 1)) {
        this.tripped = true;
        throw new Crash(`killed after ${l}`);
      }
      c.check(l);
    },
  };
  await expect(runRotation(plan(s, mode), deps(s, guarded, log))).rejects.toBeDefined();
  expect(guarded.tripped).toBe(true);
  return log;
}

describe('standard rotation interrupted at every step, then resumed', () => {
  it.each(STANDARD_POINTS)('killed after %s → resume ends with one live key in .env, old key dead', async (point) => {
    const s = setup();
    await runWithCrash(s, point);
    const log: string[] = [];
    const journal = await resumeRotation(deps(s, undefined, log));
    expect(journal.state).toBe('done');
    const wired = expectOneLiveKeyWired(s);
    expect(wired).not.toBe(s.oldKey);
    expect(emulator.isLive(s.oldKey)).toBe(false);
    const saved = readFileSync(s.journalPath, 'utf8');
    expectNoSecrets(saved + log.join('\n') + JSON.stringify(journal), secrets);
  });

  it.each(STANDARD_POINTS.slice(0, 6))('killed after %s → rollback restores the old key and leaves no new live key', async (point) => {
    const s = setup();
    await runWithCrash(s, point);
    const log: string[] = [];
    const journal = await rollbackRotation({ ...deps(s, undefined, log), oldKey: s.oldKey });
    expect(journal.state).toBe('rolled-back');
    expect(getEnvValue(readFileSync(s.envPath, 'utf8'), 'RUNTYPE_API_KEY')).toBe(s.oldKey);
    expect(emulator.isLive(s.oldKey)).toBe(true);
    expect(liveKeysOf(s).map((k) => k.id)).toEqual([s.oldId]);
  });

  it('rollback after the new key is wired refuses without the old key, and names what it needs', async () => {
    const s = setup();
    await runWithCrash(s, 'saved wired');
    await expect(rollbackRotation(deps(s, undefined, []))).rejects.toThrow(/needs the old key rt_live_…/);
  });

  it('rollback is refused once the old key is revoked', async () => {
    const s = setup();
    await runWithCrash(s, 'DELETE /v1/api-keys/:id');
    await expect(rollbackRotation({ ...deps(s, undefined, []), oldKey: s.oldKey })).rejects.toThrow(/Cannot roll back/);
  });
});

describe('faults from the API during a rotation', () => {
  it('a create whose answer is lost (connection dropped after the server acted) is resumed without a live orphan', async () => {
    const s = setup();
    emulator.setFaults({ queue: [{ kind: 'drop-after', method: 'POST', path: '/v1/api-keys' }] });
    await expect(runRotation(plan(s, 'standard'), deps(s, undefined, []))).rejects.toThrow(/may or may not have happened.*Resuming/);
    expect(emulator.keys().filter((k) => k.name.startsWith(s.baseName))).toHaveLength(2);
    const journal = await resumeRotation(deps(s, undefined, []));
    expect(journal.state).toBe('done');
    expectOneLiveKeyWired(s);
  });

  it('a refused create (403) aborts cleanly: nothing created, .env untouched', async () => {
    const s = setup();
    const weak = emulator.mintKey({ name: 'Weak', permissions: ['*'] }).plainKey;
    secrets.push(weak);
    const d = { ...deps(s, undefined, []), adminToken: weak };
    await expect(runRotation(plan(s, 'standard'), d)).rejects.toThrow(/dashboard session token/);
    expect(((await d.journal.load()) as RotationJournal).state).toBe('aborted');
    expect(getEnvValue(readFileSync(s.envPath, 'utf8'), 'RUNTYPE_API_KEY')).toBe(s.oldKey);
    expect(liveKeysOf(s)).toHaveLength(1);
  });

  it('an unreachable API during verification keeps the old key and resumes later', async () => {
    const s = setup();
    emulator.setFaults({ queue: [{ kind: 'error', status: 503, path: '/v1/auth/me', times: 3 }] });
    await expect(runRotation(plan(s, 'standard'), deps(s, undefined, []))).rejects.toThrow(/old key was NOT revoked/);
    expect(emulator.isLive(s.oldKey)).toBe(true);
    expect((await resumeRotation(deps(s, undefined, []))).state).toBe('done');
    expectOneLiveKeyWired(s);
  });

  it('a new key that dies before verification stops the rotation (old key kept) until rollback', async () => {
    const s = setup();
    await runWithCrash(s, 'saved wired');
    const journal = (await createFileJournalStore(s.journalPath).load())!;
    await createRuntypeClient({ baseUrl: emulator.url, fetch: nodeFetch }).revokeKey(emulator.sessionToken, journal.newKeyId!);
    await expect(resumeRotation(deps(s, undefined, []))).rejects.toThrow(/does not work.*old key was NOT revoked.*roll the rotation back/);
    expect(emulator.isLive(s.oldKey)).toBe(true);
    await expect(resumeRotation(deps(s, undefined, []))).rejects.toMatchObject({ nextStep: { kind: 'rollback-rotation', needsOldKey: true } });
    const back = await rollbackRotation({ ...deps(s, undefined, []), oldKey: s.oldKey });
    expect(back.state).toBe('rolled-back');
    expect(getEnvValue(readFileSync(s.envPath, 'utf8'), 'RUNTYPE_API_KEY')).toBe(s.oldKey);
    expect(liveKeysOf(s).map((k) => k.id)).toEqual([s.oldId]);
  });

  it('refuses to start while an earlier rotation is unfinished', async () => {
    const s = setup();
    await runWithCrash(s, 'saved wired');
    await expect(runRotation(plan(s, 'standard'), deps(s, undefined, []))).rejects.toThrow(/unfinished.*resume it or roll it back/);
    await expect(runRotation(plan(s, 'standard'), deps(s, undefined, []))).rejects.toMatchObject({
      code: 'E_ROTATION_UNFINISHED',
      nextStep: { kind: 'resume-rotation' },
    });
  });
});

describe('grace period', () => {
  it('keeps both keys live until finish, then revokes the old one', async () => {
    const s = setup();
    const journal = await runRotation(plan(s, 'standard', 24 * 3_600_000), deps(s, undefined, []));
    expect(journal.state).toBe('grace');
    expect(emulator.isLive(s.oldKey)).toBe(true);
    expect(liveKeysOf(s)).toHaveLength(2);
    expect((await resumeRotation(deps(s, undefined, []))).state).toBe('grace');
    const finished = await finishRotation(deps(s, undefined, []));
    expect(finished.state).toBe('done');
    expect(emulator.isLive(s.oldKey)).toBe(false);
    expectOneLiveKeyWired(s);
  });

  it('copies permissions, allowed IPs and the expiry length to the replacement', async () => {
    const dir = tempDir();
    const created = new Date(Date.now() - 10 * 86_400_000);
    const { plainKey, record } = emulator.mintKey({
      name: 'Expiring',
      permissions: ['RECORDS:READ'],
      allowedIps: ['10.1.2.3'],
      expiresAt: new Date(created.getTime() + 30 * 86_400_000).toISOString(),
    });
    secrets.push(plainKey);
    const raw = emulator.keys().find((k) => k.id === record.id)!;
    const p = planRotation({ record: { ...raw, createdAt: created.toISOString() } as never, mode: 'standard', now: new Date(), targetLabel: '.env' });
    const envPath = join(dir, '.env');
    writeFileSync(envPath, `RUNTYPE_API_KEY=${plainKey}\n`);
    const s: Setup = { envPath, journalPath: join(dir, 'j.json'), oldKey: plainKey, oldId: record.id, baseName: 'Expiring' };
    await runRotation(p, deps(s, undefined, []));
    const fresh = emulator.keys().find((k) => k.name.startsWith('Expiring (rotated'))!;
    expect(fresh.permissions).toEqual(['RECORDS:READ']);
    expect(fresh.allowedIps).toEqual(['10.1.2.3']);
    const lifetime = Date.parse(fresh.expiresAt!) - Date.now();
    expect(Math.abs(lifetime - 30 * 86_400_000)).toBeLessThan(60_000);
  });
});

describe('emergency rotation (regenerate)', () => {
  it.each(['saved regenerating', 'POST /v1/api-keys/:id/regenerate', 'wrote env', 'saved wired', 'GET /v1/auth/me', 'saved verified'])(
    'killed after %s → resume ends with the live regenerated value in .env',
    async (point) => {
      const s = setup();
      await runWithCrash(s, point, 'emergency');
      const journal = await resumeRotation(deps(s, undefined, []));
      expect(journal.state).toBe('done');
      const wired = expectOneLiveKeyWired(s);
      expect(liveKeysOf(s)[0]!.id).toBe(s.oldId);
      expect(wired).not.toBe(s.oldKey);
      expect(emulator.isLive(s.oldKey)).toBe(false);
    },
  );
});

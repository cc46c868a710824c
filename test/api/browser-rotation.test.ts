// The browser extension's rotation service (extension-browser/src/background/rotation-service.ts)
// over real HTTP against the emulator, with the extension's own ports: the new-key slot and the
// journal store of rotation-stores.ts over in-memory areas (storage.session and IndexedDB in the
// browser). Runs in the `cross` project (full shapes) and again in `api-documented`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, type JournalStore } from '@rt-guard/core';
import { createRotationService, type NewKeySlot } from '../../extension-browser/src/background/rotation-service.ts';
import { createDbJournalStore, createSessionKeySlot } from '../../extension-browser/src/background/rotation-stores.ts';
import { createMemoryVerificationCache } from '../../extension-browser/src/background/verification-cache.ts';
import { clientFor, expectNoSecrets, isDocumented, startEmulator, type Emulator } from './helpers.ts';

let emulator: Emulator;
const secrets: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  secrets.push(emulator.sessionToken);
});
afterAll(() => emulator.close());

function memorySession(): {
  items: Map<string, unknown>;
  get(k: string): Promise<Record<string, unknown>>;
  set(v: Record<string, unknown>): Promise<void>;
  remove(k: string): Promise<void>;
} {
  const items = new Map<string, unknown>();
  return {
    items,
    get: async (k) => (items.has(k) ? { [k]: items.get(k) } : {}),
    set: async (v) => void Object.entries(v).forEach(([k, value]) => items.set(k, value)),
    remove: async (k) => void items.delete(k),
  };
}

function memoryRecord() {
  let value: unknown;
  return { get: async () => value, set: async (v: unknown) => void (value = v), remove: async () => void (value = undefined) };
}

let n = 0;
function setup(options: { token?: string | undefined; environment?: 'live' | 'test' } = {}) {
  const { plainKey, record } = emulator.mintKey({
    name: `Browser app ${++n}`,
    permissions: ['FLOWS:READ', 'FLOWS:EXECUTE'],
    environment: options.environment ?? 'live',
  });
  secrets.push(plainKey);
  const session = memorySession();
  const slot: NewKeySlot = createSessionKeySlot(session);
  const journal: JournalStore = createDbJournalStore(memoryRecord());
  const cache = createMemoryVerificationCache();
  const token = 'token' in options ? options.token : emulator.sessionToken;
  const service = createRotationService({
    getClient: () => Promise.resolve(clientFor(emulator).client),
    getManagementToken: () => Promise.resolve(token),
    now: () => new Date(),
    journal,
    newKey: slot,
    cache,
  });
  return { oldKey: plainKey, record, service, session, journal, cache };
}

async function revealed(service: ReturnType<typeof setup>['service']): Promise<string> {
  const key = await service.revealNewKey();
  secrets.push(key);
  return key;
}

describe(`browser rotation service against the emulator (${isDocumented ? 'documented' : 'full'} shapes)`, () => {
  it('standard: plan first (nothing changes), then a replacement in the same environment; old key live in grace until Finish', async () => {
    const s = setup({ environment: 'test' });
    const before = emulator.keys().length;
    const plan = await s.service.plan(s.oldKey, 'standard');
    expect(emulator.keys().length).toBe(before);
    expect(plan).toMatchObject({ mode: 'standard', oldKeyId: s.record.id, oldName: s.record.name, redacted: `rt_test_…${s.oldKey.slice(-4)}`, graceDays: 7 });
    expect(plan.steps[0]).toContain('FLOWS:READ, FLOWS:EXECUTE');
    // The documented answers show neither allowed IPs nor expiry: the plan says so.
    if (isDocumented) expect(plan.notes.join('\n')).toMatch(/does not show its allowed IPs/);

    const started = await s.service.start(s.oldKey, 'standard', plan.oldKeyId);
    expect(started).toMatchObject({ outcome: 'grace', journal: { state: 'grace', mode: 'standard' }, actions: ['rollback-with-old-key'] });
    expect(started.nextStep).toMatch(/click "Finish"/);
    const newKey = await revealed(s.service);
    expect(newKey.startsWith('rt_test_')).toBe(true);
    expect(started.newKey?.redacted).toBe(`rt_test_…${newKey.slice(-4)}`);
    expect(emulator.isLive(newKey)).toBe(true);
    expect(emulator.isLive(s.oldKey)).toBe(true);

    // Finish is refused while the new key is not stored: it must never be lost.
    await expect(s.service.finish()).rejects.toMatchObject({ code: 'E_NEW_KEY_NOT_STORED' });
    expect(emulator.isLive(s.oldKey)).toBe(true);
    const stored = await s.service.keyStored();
    expect(stored.newKey).toBeUndefined();
    expect(stored.actions).toEqual(['finish', 'rollback-with-old-key']);
    await expect(s.service.revealNewKey()).rejects.toMatchObject({ code: 'E_NO_NEW_KEY' });

    const finished = await s.service.finish();
    expect(finished).toMatchObject({ outcome: 'done', journal: { state: 'done', isFinished: true }, actions: [] });
    expect(emulator.isLive(s.oldKey)).toBe(false);
    expect(emulator.isLive(newKey)).toBe(true);
    // The background's cache knows the old key is dead at once.
    expect(s.cache.get(fingerprintOf(s.oldKey))?.status).toBe('invalid');
    expectNoSecrets(JSON.stringify([plan, started, stored, finished, await s.journal.load()]), secrets);
  });

  it('emergency: regenerates (old value dead at once), the new value is held until stored, then forgotten', async () => {
    const s = setup();
    const plan = await s.service.plan(s.oldKey, 'emergency');
    expect(plan.steps[0]).toContain('stops working immediately');
    const done = await s.service.start(s.oldKey, 'emergency', plan.oldKeyId);
    expect(done).toMatchObject({ outcome: 'done', journal: { mode: 'emergency', state: 'done' } });
    expect(emulator.isLive(s.oldKey)).toBe(false);
    expect(s.cache.get(fingerprintOf(s.oldKey))?.status).toBe('invalid');
    const newKey = await revealed(s.service);
    expect(newKey.startsWith('rt_live_')).toBe(true);
    expect(emulator.isLive(newKey)).toBe(true);
    expect(s.session.items.get('rotationNewKey')).toBe(newKey);
    // Another rotation waits until this key is stored.
    const other = setup();
    await expect(s.service.start(other.oldKey, 'standard', other.record.id)).rejects.toMatchObject({ code: 'E_NEW_KEY_NOT_STORED' });
    await s.service.keyStored();
    expect(s.session.items.size).toBe(0);
    await expect(s.service.revealNewKey()).rejects.toMatchObject({ code: 'E_NO_NEW_KEY' });
    expectNoSecrets(JSON.stringify([plan, done, await s.journal.load()]), secrets);
  });

  it('a double click starts one rotation; a changed record refuses; no token says what to set', async () => {
    const s = setup();
    const plan = await s.service.plan(s.oldKey, 'standard');
    await expect(s.service.start(s.oldKey, 'standard', 'some-other-record')).rejects.toMatchObject({ code: 'E_ROTATION_PLAN_CHANGED' });
    expect(emulator.keys().filter((k) => k.name.startsWith(`${s.record.name} (rotated`))).toHaveLength(0);
    const [first, second] = await Promise.allSettled([
      s.service.start(s.oldKey, 'standard', plan.oldKeyId),
      s.service.start(s.oldKey, 'standard', plan.oldKeyId),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'E_NEW_KEY_NOT_STORED' } });
    expect(emulator.keys().filter((k) => k.name.startsWith(`${s.record.name} (rotated`))).toHaveLength(1);

    const noToken = setup({ token: undefined });
    await expect(noToken.service.plan(noToken.oldKey, 'standard')).rejects.toMatchObject({ code: 'E_NO_MANAGEMENT_TOKEN' });
  });

  it('rollback in the grace period needs the old key, writes it back and revokes the replacement', async () => {
    const s = setup();
    const plan = await s.service.plan(s.oldKey, 'standard');
    await s.service.start(s.oldKey, 'standard', plan.oldKeyId);
    const newKey = await revealed(s.service);
    const refused = await s.service.rollback(undefined);
    expect(refused).toMatchObject({ outcome: 'stopped', error: { code: 'E_ROTATION_NEEDS_OLD_KEY' } });
    expect(refused.nextStep).toMatch(/paste it on the rotation page/);
    const rolled = await s.service.rollback(s.oldKey);
    expect(rolled).toMatchObject({ outcome: 'rolled-back', journal: { state: 'rolled-back' } });
    expect(rolled.newKey).toBeUndefined();
    expect(emulator.isLive(s.oldKey)).toBe(true);
    expect(emulator.isLive(newKey)).toBe(false);
    expectNoSecrets(JSON.stringify([refused, rolled]), secrets);
  });
});

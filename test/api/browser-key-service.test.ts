// The browser extension's Inspect and Revoke (extension-browser/src/background/key-service.ts) over
// real HTTP against the emulator, through the background's own fetch adapter (api-fetch.ts: no
// redirects, no cookies). Runs in the `cross` project (full shapes) and again in `api-documented`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntypeClient, fingerprintOf } from '@rt-guard/core';
import { createApiFetch } from '../../extension-browser/src/background/api-fetch.ts';
import { createBackgroundKeyService } from '../../extension-browser/src/background/key-service.ts';
import { createMemoryVerificationCache } from '../../extension-browser/src/background/verification-cache.ts';
import { isDocumented, startEmulator, type Emulator } from './helpers.ts';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

function service(token: string | undefined = emulator.sessionToken) {
  const client = createRuntypeClient({ baseUrl: emulator.url, fetch: createApiFetch((url, init) => fetch(url, init)), timeoutMs: 15_000 });
  const cache = createMemoryVerificationCache();
  return { cache, keys: createBackgroundKeyService({ client, getManagementToken: async () => token, now: () => new Date(), cache }) };
}

describe(`browser Inspect and Revoke against the emulator (${isDocumented ? 'documented' : 'full'} shapes)`, () => {
  it('Inspect says live; Revoke soft-deletes the one record; the cache says invalid at once and the key is dead', async () => {
    const { plainKey, record } = emulator.mintKey({ name: 'Browser inspect', permissions: ['FLOWS:READ'] });
    const { keys, cache } = service();
    expect((await keys.inspect(plainKey)).status).toBe('live');
    await keys.revoke(plainKey);
    expect(cache.get(fingerprintOf(plainKey))?.status).toBe('invalid');
    expect(emulator.keys().find((k) => k.id === record.id)?.isActive ?? false).toBe(false);
    expect((await service().keys.inspect(plainKey)).status).toBe('invalid');
  });

  it("a proxy's 401 (no WWW-Authenticate challenge) is unknown, never invalid; Revoke deletes nothing and nothing is cached", async () => {
    const { plainKey, record } = emulator.mintKey({ name: 'Browser proxy', permissions: ['FLOWS:READ'] });
    const { keys, cache } = service();
    emulator.setFaults({ proxy401: true });
    try {
      expect((await keys.inspect(plainKey)).status).toBe('unknown');
      await expect(keys.revoke(plainKey)).rejects.toBeDefined();
    } finally {
      emulator.setFaults({});
    }
    expect(cache.get(fingerprintOf(plainKey))).toBeUndefined();
    expect(emulator.keys().find((k) => k.id === record.id)?.isActive).toBe(true);
    expect((await keys.inspect(plainKey)).status).toBe('live');
  });
});

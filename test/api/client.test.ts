import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiHttpError, ApiNetworkError, ApiResponseShapeError, ApiTimeoutError, createRuntypeClient, isApiHttpError, type RuntypeClient } from '@rt-guard/core';
import { createNodeFetch, type NodeFetch } from '@rt-guard/core/node';
import { clientFor, expectNoSecrets, isDocumented, startEmulator, type Emulator } from './helpers.ts';
import { liveKey } from '../helpers/keys.ts';

let emulator: Emulator;
let client: RuntypeClient;
let fetch: NodeFetch;
let sleeps: number[];
let session: string;

beforeAll(async () => {
  emulator = await startEmulator();
  ({ client, fetch, sleeps } = clientFor(emulator));
  session = emulator.sessionToken;
});
afterAll(async () => {
  await fetch.close();
  await emulator.close();
});
beforeEach(() => {
  emulator.setFaults({});
  sleeps.length = 0;
});

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('every endpoint over real HTTP', () => {
  it('authMe tells a session from an API key', async () => {
    const { plainKey } = emulator.mintKey({ name: 'CI deploy' });
    expect((await client.authMe(session)).sessionId).toMatch(/^sess_/);
    const me = await client.authMe(plainKey);
    expect(me.sessionId).toBeNull();
    expect(me.userId).toMatch(/^user_/);
  });

  it('creates, gets, lists, updates, analyses, regenerates and revokes a key', async () => {
    const created = await client.createKey(session, { name: 'Billing worker', permissions: ['FLOWS:READ'], allowedIps: ['10.0.0.1'] });
    expect(created.plainKey).toMatch(/^rt_live_[A-Za-z0-9]{32}$/);
    expect(JSON.stringify(created)).not.toContain(created.plainKey);
    expect(created.apiKey.allowedIps).toEqual(['10.0.0.1']);
    const id = created.apiKey.id!;

    expect((await client.getKey(session, id)).name).toBe('Billing worker');
    expect((await client.listKeys(session)).apiKeys.map((k) => k.id)).toContain(id);

    const updated = await client.updateKey(session, id, { name: 'Billing worker (prod)', permissions: ['FLOWS:READ', 'RECORDS:READ'] });
    expect(updated.name).toBe('Billing worker (prod)');
    expect(updated.permissions).toEqual(['FLOWS:READ', 'RECORDS:READ']);

    expect((await client.keyAnalytics(session, id)).lastUsedAt).toBeNull();
    await client.authMe(created.plainKey);
    expect((await client.keyAnalytics(session, id)).lastUsedAt).not.toBeNull();
    const all = await client.analytics(session);
    expect(all.keyBreakdown.some((k) => k.id === id)).toBe(true);
    expect(all.totalKeys).toBeGreaterThanOrEqual(1);

    const options = await client.keyOptions(session);
    expect(options.permissionGroups.flatMap((g) => g.permissions)).toContain('FLOWS:READ');

    const regenerated = await client.regenerateKey(session, id);
    expect(regenerated.plainKey).not.toBe(created.plainKey);
    await expect(client.authMe(created.plainKey)).rejects.toMatchObject({ status: 401 });
    expect((await client.authMe(regenerated.plainKey)).userId).toBeTruthy();

    await client.revokeKey(session, id);
    await expect(client.authMe(regenerated.plainKey)).rejects.toMatchObject({ code: 'E_API_HTTP', status: 401 });
    if (isDocumented) {
      // Soft delete: the record stays, inactive.
      expect((await client.getKey(session, id)).isActive).toBe(false);
    } else {
      await expect(client.getKey(session, id)).rejects.toMatchObject({ status: 404 });
    }
  });

  it('creates test keys with the rt_test_ prefix', async () => {
    const created = await client.createKey(session, { name: 'Sandbox', environment: 'test' });
    expect(created.plainKey).toMatch(/^rt_test_[A-Za-z0-9]{32}$/);
    // The documented create answer has no isTestKey: the prefix says it.
    expect(created.apiKey.isTestKey).toBe(isDocumented ? undefined : true);
  });
});

describe('error mapping', () => {
  it('401: message has method, path and advice, never the token', async () => {
    const bogus = liveKey();
    const error = await caught(client.authMe(bogus));
    expect(error).toBeInstanceOf(ApiHttpError);
    expect(error.message).toMatch(/^API request failed with status 401: GET \/v1\/auth\/me/);
    expect(error.message).toMatch(/invalid, revoked or expired/);
    expectNoSecrets(`${error.message}${error.stack}${JSON.stringify(error)}`, [bogus]);
  });

  it('403 on create with an API key names the session token it needs', async () => {
    const { plainKey } = emulator.mintKey({ name: 'Admin', permissions: ['*'] });
    const error = await caught(client.createKey(plainKey, { name: 'x' }));
    expect(isApiHttpError(error) && error.status).toBe(403);
    expect(error.message).toMatch(/POST \/v1\/api-keys/);
    expect(error.message).toMatch(/dashboard session token/);
    expectNoSecrets(error.message, [plainKey, session]);
  });

  it('403 TEST_KEY_PERMISSION_DENIED for test keys', async () => {
    const { plainKey, record } = emulator.mintKey({ name: 'Sandbox', environment: 'test', permissions: ['*'] });
    for (const call of [
      client.createKey(plainKey, { name: 'x' }),
      client.updateKey(plainKey, record.id, { name: 'y' }),
      client.regenerateKey(plainKey, record.id),
    ]) {
      const error = (await caught(call)) as ApiHttpError;
      expect(error.status).toBe(403);
      expect(error.apiCode).toBe('TEST_KEY_PERMISSION_DENIED');
      expect(error.message).toMatch(/Test keys/);
    }
  });

  it('403 for an API key without key-management permission, and list allowed with one', async () => {
    const weak = emulator.mintKey({ name: 'Reader', permissions: ['FLOWS:READ'] }).plainKey;
    const error = (await caught(client.listKeys(weak))) as ApiHttpError;
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/may not manage keys/);
    const manager = emulator.mintKey({ name: 'Key manager', permissions: ['API_KEYS:READ'] }).plainKey;
    expect((await client.listKeys(manager)).apiKeys.length).toBeGreaterThan(0);
  });

  it('404 on a key endpoint says the endpoint may have moved', async () => {
    const error = (await caught(client.getKey(session, '00000000-0000-4000-8000-000000000000'))) as ApiHttpError;
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/GET \/v1\/api-keys\/00000000-0000-4000-8000-000000000000/);
    expect(error.message).toMatch(/endpoint has moved.*docs\/api\.md/);
  });

  it('400 validation errors are HTTP errors and never retried', async () => {
    emulator.resetStats();
    const error = (await caught(client.createKey(session, { name: '' }))) as ApiHttpError;
    expect(error.status).toBe(400);
    expect(emulator.stats.requests).toBe(1);
  });

  it('a refused connection is an ApiNetworkError with the cause kept', async () => {
    const dead = createRuntypeClient({ baseUrl: 'http://127.0.0.1:9', fetch, sleep: async () => {} });
    const error = await caught(dead.authMe('eyJhbGciOiJub25lIn0.e30.sig'));
    expect(error).toBeInstanceOf(ApiNetworkError);
    expect((error as ApiNetworkError).code).toBe('E_API_NETWORK');
    expect(error.cause).toBeDefined();
    expect(error.message).toMatch(/GET \/v1\/auth\/me/);
    expect(error.message).not.toContain('eyJhbGciOiJub25lIn0');
  });

  it('a slow answer is an ApiTimeoutError', async () => {
    emulator.setFaults({ latencyMs: 300 });
    const slow = createRuntypeClient({ baseUrl: emulator.url, fetch, timeoutMs: 50, retry: { limit: 0 } });
    const error = await caught(slow.authMe(session));
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect((error as ApiTimeoutError).code).toBe('E_API_TIMEOUT');
  });

  it("undici's headers timeout (Node transport) is an ApiTimeoutError too", async () => {
    // undici checks its timeouts on a coarse (~1 s) tick: make the server much slower than that.
    emulator.setFaults({ latencyMs: 4000 });
    const quick = createNodeFetch({ headersTimeoutMs: 100 });
    const slow = createRuntypeClient({ baseUrl: emulator.url, fetch: quick, retry: { limit: 0 } });
    const error = await caught(slow.authMe(session));
    await quick.close();
    expect((error as ApiTimeoutError).code).toBe('E_API_TIMEOUT');
  });

  it('rejects a bad base URL with a clear message', () => {
    expect(() => createRuntypeClient({ baseUrl: 'ftp://x', fetch })).toThrow(/only http\(s\)/);
    expect(() => createRuntypeClient({ baseUrl: 'not a url', fetch })).toThrow(/Invalid API URL "not a url": expected e.g. https:\/\/api.runtype.com/);
    expect(() => createRuntypeClient({ baseUrl: 'http://api.example.test', fetch })).toThrow(
      /Refusing plain http to api.example.test: keys would travel unencrypted/,
    );
    for (const ok of ['http://localhost:8787', 'http://127.0.0.1:1', 'http://[::1]:2', 'https://api.example.test/']) {
      expect(createRuntypeClient({ baseUrl: ok, fetch }).baseUrl).toBe(ok.replace(/\/$/, ''));
    }
  });

  it('accepts the base URL as users type it: the origin or the documented …/v1, with or without a trailing slash', () => {
    for (const typed of [
      'https://api.runtype.com',
      'https://api.runtype.com/',
      'https://api.runtype.com/v1',
      'https://api.runtype.com/v1/',
      ' https://api.runtype.com/v1// ',
    ]) {
      expect(createRuntypeClient({ baseUrl: typed, fetch }).baseUrl).toBe('https://api.runtype.com');
    }
    expect(createRuntypeClient({ baseUrl: 'https://proxy.example.test/runtype/v1/', fetch }).baseUrl).toBe('https://proxy.example.test/runtype');
    expect(() => createRuntypeClient({ baseUrl: 'https://user:pw@api.runtype.com', fetch })).toThrow(/user name or password/);
  });
});

describe('malformed bodies', () => {
  it('a body that is not JSON is an ApiResponseShapeError, outside the HTTP family', async () => {
    emulator.setFaults({ queue: [{ kind: 'malformed', path: '/v1/auth/me' }] });
    const error = await caught(client.authMe(session));
    expect(error).toBeInstanceOf(ApiResponseShapeError);
    expect(error).not.toBeInstanceOf(ApiHttpError);
    expect((error as ApiResponseShapeError).code).toBe('E_API_RESPONSE_SHAPE');
    expect(error.message).toMatch(/body is not JSON/);
  });

  it('a JSON body of the wrong shape lists the zod issues', async () => {
    emulator.setFaults({ queue: [{ kind: 'wrong-shape', path: '/v1/api-keys' }] });
    const error = (await caught(client.listKeys(session))) as ApiResponseShapeError;
    expect(error.code).toBe('E_API_RESPONSE_SHAPE');
    expect(error.issues.join(' ')).toMatch(/apiKeys/);
  });

  it('tolerates unknown fields', async () => {
    const seen = await createRuntypeClient({
      baseUrl: 'https://x.test',
      fetch: async () => ({ status: 200, headers: { get: () => null }, text: async () => JSON.stringify({ userId: 'u', brandNew: { nested: 1 } }) }),
    }).authMe('t');
    expect(seen).toEqual({ userId: 'u' });
  });
});

describe('retries', () => {
  it('retries 5xx on GET with growing jittered backoff, then succeeds', async () => {
    emulator.setFaults({ queue: [{ kind: 'error', status: 503, path: '/v1/auth/me', times: 2 }] });
    const jittered = clientFor(emulator, { random: () => 0.5, retry: { baseDelayMs: 100 } });
    await expect(jittered.client.authMe(session)).resolves.toMatchObject({ userId: expect.any(String) });
    expect(jittered.sleeps).toEqual([50, 100]);
    await jittered.fetch.close();
  });

  it('gives up after the retry limit with the last HTTP error', async () => {
    emulator.setFaults({ queue: [{ kind: 'error', status: 500, path: '/v1/api-keys', times: 5 }] });
    emulator.resetStats();
    const error = (await caught(client.listKeys(session))) as ApiHttpError;
    expect(error.status).toBe(500);
    expect(emulator.stats.requests).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it('retries dropped connections on idempotent requests', async () => {
    emulator.setFaults({ queue: [{ kind: 'drop', path: '/v1/auth/me' }] });
    await expect(client.authMe(session)).resolves.toBeTruthy();
    expect(sleeps).toHaveLength(1);
  });

  it('honours 429 Retry-After', async () => {
    emulator.setFaults({ queue: [{ kind: 'rate-limit', retryAfterSeconds: 3, path: '/v1/auth/me' }] });
    await expect(client.authMe(session)).resolves.toBeTruthy();
    expect(sleeps).toEqual([3000]);
  });

  it('does not wait for a Retry-After longer than the cap: 429 error with the seconds', async () => {
    emulator.setFaults({ queue: [{ kind: 'rate-limit', retryAfterSeconds: 3600, path: '/v1/auth/me' }] });
    const error = (await caught(client.authMe(session))) as ApiHttpError;
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(3600);
    expect(error.message).toMatch(/Rate limited/);
    expect(sleeps).toEqual([]);
  });

  it('never retries a create (POST), not even on 503 or a dropped connection', async () => {
    for (const kind of ['error', 'drop', 'rate-limit']) {
      emulator.setFaults({ queue: [{ kind, method: 'POST', path: '/v1/api-keys', times: 5 }] });
      emulator.resetStats();
      const before = emulator.keys().length;
      await expect(client.createKey(session, { name: 'Never twice' })).rejects.toBeDefined();
      expect(emulator.stats.requests).toBe(1);
      expect(emulator.keys().length).toBe(before);
    }
    expect(sleeps).toEqual([]);
  });

  it('never retries regenerate', async () => {
    const { record } = emulator.mintKey({ name: 'Regen target' });
    emulator.setFaults({ queue: [{ kind: 'error', method: 'POST', status: 503, times: 3 }] });
    emulator.resetStats();
    await expect(client.regenerateKey(session, record.id)).rejects.toMatchObject({ status: 503 });
    expect(emulator.stats.requests).toBe(1);
  });

  it('retries DELETE (idempotent) after a 5xx', async () => {
    const { record } = emulator.mintKey({ name: 'To revoke' });
    emulator.setFaults({ queue: [{ kind: 'error', method: 'DELETE', status: 502 }] });
    await client.revokeKey(session, record.id);
    expect(emulator.keys().some((k) => k.id === record.id && k.isActive)).toBe(false);
  });
});

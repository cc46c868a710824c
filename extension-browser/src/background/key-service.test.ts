import { createRuntypeClient, fingerprintOf, type FetchLike, type VerificationCachePort } from '@rt-guard/core';
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../test/helpers/keys.ts';
import { createBackgroundKeyService } from './key-service.ts';
import { createMemoryVerificationCache } from './verification-cache.ts';

const TOKEN = 'management-session-token';

/** A tiny in-memory API behind a mock transport (unit level; e2e uses the real emulator). */
function fakeApi(key: string, options: { listStatus?: number; revokeWorks?: boolean; hint?: string } = {}) {
  let isActive = true;
  const requests: string[] = [];
  const record = {
    id: '4f9c2b1e-0000-4000-8000-000000000001',
    name: 'Deploy bot',
    keyPrefix: key.slice(0, 8),
    searchHint: options.hint ?? `…${key.slice(-4)}`,
    permissions: ['FLOWS:READ'],
    isActive: true,
    isTestKey: false,
    createdAt: '2026-01-01T00:00:00Z',
    lastUsedAt: '2026-11-01T10:00:00Z',
  };
  // Runtype's 401s carry its WWW-Authenticate challenge; without it a 401 proves nothing (issue 11).
  const challenge = 'Bearer resource_metadata="https://api.runtype.com/.well-known/oauth-protected-resource"';
  const json = (status: number, body: unknown) => ({
    status,
    headers: { get: (name: string) => (status === 401 && name.toLowerCase() === 'www-authenticate' ? challenge : null) },
    text: async () => JSON.stringify(body),
  });
  const fetch: FetchLike = async (url, init) => {
    const path = new URL(url).pathname;
    const bearer = init.headers.authorization!.replace('Bearer ', '');
    requests.push(`${init.method} ${path} as ${bearer === key ? 'key' : bearer === TOKEN ? 'token' : 'other'}`);
    if (path === '/v1/auth/me' || path === '/v1/flows') return bearer === key && isActive ? json(200, { userId: 'u1' }) : json(401, { error: 'invalid token' });
    if (path === '/v1/api-keys' && init.method === 'GET') {
      if (options.listStatus) return json(options.listStatus, { error: 'forbidden' });
      return json(200, { apiKeys: [{ ...record, isActive }] });
    }
    if (path === `/v1/api-keys/${record.id}` && init.method === 'DELETE') {
      if (options.revokeWorks !== false) isActive = false;
      return json(200, {});
    }
    return json(404, { error: 'no route' });
  };
  return { fetch, requests };
}

function service(api: ReturnType<typeof fakeApi>, token: string | undefined, cache?: VerificationCachePort) {
  const client = createRuntypeClient({ baseUrl: 'https://api.example.test', fetch: api.fetch, sleep: async () => undefined });
  return createBackgroundKeyService({ client, getManagementToken: async () => token, now: () => new Date('2026-11-27T08:00:00Z'), cache });
}

describe('key service', () => {
  it('inspects a live key; with a management token adds name, permissions and last use', async () => {
    const key = generateKey();
    const result = await service(fakeApi(key), TOKEN).inspect(key);
    expect(result).toMatchObject({ status: 'live', redacted: `rt_live_…${key.slice(-4)}`, hasManagementToken: true });
    expect(result.record).toMatchObject({ name: 'Deploy bot', permissions: ['FLOWS:READ'], lastUsedAt: '2026-11-01T10:00:00Z' });
    expect(JSON.stringify(result)).not.toContain(key);
  });

  it('inspect without a token says live, and that a token would show more', async () => {
    const key = generateKey();
    const api = fakeApi(key);
    const result = await service(api, undefined).inspect(key);
    expect(result).toMatchObject({ status: 'live', hasManagementToken: false });
    expect(result.record).toBeUndefined();
    expect(api.requests).toEqual(['GET /v1/auth/me as key']);
  });

  it('revokes with the management token and proves it by verifying again', async () => {
    const key = generateKey();
    const api = fakeApi(key);
    const result = await service(api, TOKEN).revoke(key);
    expect(result).toEqual({
      redacted: `rt_live_…${key.slice(-4)}`,
      revoked: true,
      confirmed: true,
      message: `Revoked "Deploy bot" (rt_live_…${key.slice(-4)}). Checked again: the Runtype API now rejects the key.`,
    });
    expect(api.requests).toEqual([
      'GET /v1/auth/me as key',
      'GET /v1/api-keys as token',
      'DELETE /v1/api-keys/4f9c2b1e-0000-4000-8000-000000000001 as token',
      'GET /v1/auth/me as key',
      'GET /v1/flows as key',
    ]);
  });

  it('says so when the re-verification still sees the key working', async () => {
    const key = generateKey();
    const result = await service(fakeApi(key, { revokeWorks: false }), TOKEN).revoke(key);
    expect(result).toMatchObject({ revoked: true, confirmed: false });
    expect(result.message).toContain('checking again says "live"');
  });

  it('does nothing for a key the API already rejects', async () => {
    const key = generateKey();
    const api = fakeApi(key);
    await service(api, TOKEN).revoke(key);
    api.requests.length = 0;
    const again = await service(api, TOKEN).revoke(key);
    expect(again).toMatchObject({ revoked: false, confirmed: true });
    expect(api.requests).toEqual(['GET /v1/auth/me as key', 'GET /v1/flows as key']);
  });

  it('without a token tries the key itself and reports a refusal with the status and advice', async () => {
    const key = generateKey();
    const api = fakeApi(key, { listStatus: 403 });
    await expect(service(api, undefined).revoke(key)).rejects.toMatchObject({
      code: 'E_API_HTTP',
      message: expect.stringContaining('status 403: GET /v1/api-keys'),
    });
    expect(api.requests).toEqual(['GET /v1/auth/me as key', 'GET /v1/api-keys as key']);
  });

  it('refuses to revoke when no record matches the key, naming the key only redacted', async () => {
    const key = generateKey();
    const api = fakeApi(key, { hint: '…0000' });
    const error = await service(api, TOKEN)
      .revoke(key)
      .catch((e: unknown) => e as Error & { code: string });
    expect(error).toMatchObject({ code: 'E_KEY_RECORD_NOT_FOUND' });
    expect(error.message).toContain(`rt_live_…${key.slice(-4)}`);
    expect(error.message).not.toContain(key);
    expect(api.requests.some((r) => r.startsWith('DELETE'))).toBe(false);
  });

  it("takes the API base URL as users type it (…/v1/, as in Runtype's overview)", async () => {
    const key = generateKey();
    const api = fakeApi(key);
    const client = createRuntypeClient({ baseUrl: 'https://api.example.test/v1/', fetch: api.fetch, sleep: async () => undefined });
    const result = await createBackgroundKeyService({ client, getManagementToken: async () => undefined, now: () => new Date() }).inspect(key);
    expect(result.status).toBe('live');
    expect(api.requests).toEqual(['GET /v1/auth/me as key']);
  });

  it("a proxy's 401 (no WWW-Authenticate challenge) is unknown, never invalid, and revoke does nothing", async () => {
    const key = generateKey();
    const requests: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      requests.push(`${init.method} ${new URL(url).pathname}`);
      return { status: 401, headers: { get: () => null }, text: async () => '<html>proxy login</html>' };
    };
    const client = createRuntypeClient({ baseUrl: 'https://api.example.test', fetch, sleep: async () => undefined });
    const svc = createBackgroundKeyService({ client, getManagementToken: async () => TOKEN, now: () => new Date() });
    expect(await svc.inspect(key)).toMatchObject({ status: 'unknown' });
    await expect(svc.revoke(key)).rejects.toMatchObject({ code: 'E_API_HTTP' });
    expect(requests.some((r) => r.startsWith('DELETE'))).toBe(false);
  });

  it("tells the background's verification cache: live after Inspect, invalid at once after Revoke", async () => {
    const key = generateKey();
    const api = fakeApi(key);
    const cache = createMemoryVerificationCache(() => new Date('2026-11-27T08:00:00Z'));
    await service(api, TOKEN, cache).inspect(key);
    expect(cache.get(fingerprintOf(key))?.status).toBe('live');
    await service(api, TOKEN, cache).revoke(key);
    expect(cache.get(fingerprintOf(key))?.status).toBe('invalid');
  });
});

import { scanText } from '@rt-guard/core';
import { describe, expect, it, vi } from 'vitest';
import { createEditorKeyService } from './key-service.ts';
import { liveKey } from '../../../test/helpers/keys.ts';

const tokens = { get: async () => 'session-token-for-the-test', set: async () => {}, clear: async () => {}, onDidChange: () => ({ dispose() {} }) };

describe('key service in an untrusted workspace (issue 10)', () => {
  it('sends nothing to the API: verify and client() refuse with E_WORKSPACE_NOT_TRUSTED', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200 }));
    const keys = createEditorKeyService({ baseUrl: () => 'https://api.runtype.com', tokens, fetch, isTrusted: () => false });
    const [finding] = scanText(`k = "${liveKey()}"\n`);
    await expect(keys.verify(finding!, { force: true })).rejects.toMatchObject({ code: 'E_WORKSPACE_NOT_TRUSTED', message: /Restricted Mode/ });
    expect(() => keys.client()).toThrow(/Restricted Mode/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('calls the API once the workspace is trusted', async () => {
    let isTrusted = false;
    const fetch = vi.fn(async () => new Response(JSON.stringify({ error: 'invalid' }), { status: 401, headers: { 'content-type': 'application/json' } }));
    const keys = createEditorKeyService({ baseUrl: () => 'https://api.runtype.com', tokens, fetch, isTrusted: () => isTrusted });
    const [finding] = scanText(`k = "${liveKey()}"\n`);
    await expect(keys.verify(finding!)).rejects.toThrow(/Restricted Mode/);
    isTrusted = true;
    await keys.verify(finding!).catch(() => undefined);
    expect(fetch).toHaveBeenCalled();
  });
});

describe('key service verification (issue 11)', () => {
  const challenge = { 'www-authenticate': 'Bearer resource_metadata="https://api.runtype.com/.well-known/oauth-protected-resource"' };

  it("a proxy's 401 (no WWW-Authenticate challenge) is unknown, never invalid, and is not cached", async () => {
    const fetch = vi.fn(async () => new Response('<html>proxy</html>', { status: 401 }));
    const keys = createEditorKeyService({
      baseUrl: () => 'https://api.runtype.com/v1/',
      tokens: { ...tokens, get: async () => undefined },
      fetch,
      isTrusted: () => true,
    });
    const [finding] = scanText(`k = "${liveKey()}"\n`);
    expect((await keys.verify(finding!)).status).toBe('unknown');
    expect(keys.cached(finding!.fingerprint)).toBeUndefined();
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toBe('https://api.runtype.com/v1/auth/me');
  });

  it("Runtype's 401, confirmed by the second probe, is invalid and cached for long; live only for minutes", async () => {
    let now = new Date('2026-11-30T10:00:00Z');
    const fetch = vi.fn(async () => new Response(JSON.stringify({ error: 'invalid' }), { status: 401, headers: challenge }));
    const keys = createEditorKeyService({
      baseUrl: () => 'https://api.runtype.com',
      tokens: { ...tokens, get: async () => undefined },
      fetch,
      isTrusted: () => true,
      now: () => now,
    });
    const [finding] = scanText(`k = "${liveKey()}"\n`);
    expect((await keys.verify(finding!)).status).toBe('invalid');
    expect(fetch.mock.calls.map((c) => new URL(String((c as unknown[])[0])).pathname)).toEqual(['/v1/auth/me', '/v1/flows']);
    now = new Date(now.getTime() + 6 * 3_600_000);
    expect(keys.cached(finding!.fingerprint)?.status).toBe('invalid');
    keys.cache.set(finding!.fingerprint, { status: 'live', checkedAt: now.toISOString() });
    now = new Date(now.getTime() + 6 * 60_000);
    expect(keys.cached(finding!.fingerprint)).toBeUndefined();
  });
});

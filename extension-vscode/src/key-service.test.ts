import { scanText } from '@rt-guard/core';
import { describe, expect, it, vi } from 'vitest';
import { createKeyService } from './key-service.ts';
import { liveKey } from './test-keys.ts';

const tokens = { get: async () => 'session-token-for-the-test', set: async () => {}, clear: async () => {}, onDidChange: () => ({ dispose() {} }) };

describe('key service in an untrusted workspace (issue 10)', () => {
  it('sends nothing to the API: verify and client() refuse with E_WORKSPACE_NOT_TRUSTED', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200 }));
    const keys = createKeyService({ baseUrl: () => 'https://api.runtype.com', tokens, fetch, isTrusted: () => false });
    const [finding] = scanText(`k = "${liveKey()}"\n`);
    await expect(keys.verify(finding!, { force: true })).rejects.toMatchObject({ code: 'E_WORKSPACE_NOT_TRUSTED', message: /Restricted Mode/ });
    expect(() => keys.client()).toThrow(/Restricted Mode/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('calls the API once the workspace is trusted', async () => {
    let isTrusted = false;
    const fetch = vi.fn(async () => new Response(JSON.stringify({ error: 'invalid' }), { status: 401, headers: { 'content-type': 'application/json' } }));
    const keys = createKeyService({ baseUrl: () => 'https://api.runtype.com', tokens, fetch, isTrusted: () => isTrusted });
    const [finding] = scanText(`k = "${liveKey()}"\n`);
    await expect(keys.verify(finding!)).rejects.toThrow(/Restricted Mode/);
    isTrusted = true;
    await keys.verify(finding!).catch(() => undefined);
    expect(fetch).toHaveBeenCalled();
  });
});

import { describe, expect, it } from 'vitest';
import { createApiFetch } from './api-fetch.ts';

describe('background API fetch', () => {
  it('refuses redirects, sends no cookies and never caches, whatever the caller asked', async () => {
    const seen: RequestInit[] = [];
    const apiFetch = createApiFetch(async (_url, init) => {
      seen.push(init);
      return new Response('{}', { status: 200 });
    });
    await apiFetch('https://api.runtype.com/v1/auth/me', { method: 'GET', headers: { authorization: 'Bearer t' } });
    expect(seen[0]).toMatchObject({ method: 'GET', headers: { authorization: 'Bearer t' }, redirect: 'error', credentials: 'omit', cache: 'no-store' });
  });
});

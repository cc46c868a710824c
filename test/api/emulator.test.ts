import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { tempDir } from './cli-harness.ts';
import { startEmulator } from './helpers.ts';

const root = join(import.meta.dirname, '..', '..');

async function call(url: string, path: string, token: string | undefined, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url + path, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

describe('the emulator', () => {
  it('never claims to be Runtype and answers 401 with WWW-Authenticate', async () => {
    const e = await startEmulator();
    try {
      const root = await call(e.url, '/', undefined);
      expect(root.headers.get('server')).toBe('rt-guard-emulator');
      expect(root.body.note).toMatch(/Not Runtype/);
      const denied = await call(e.url, '/v1/auth/me', undefined);
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata=/);
      expect(denied.headers.get('server')).toBe('rt-guard-emulator');
    } finally {
      await e.close();
    }
  });

  it('mints rt_live_/rt_test_ + 32 base62, persists hashes only, and keys survive a restart', async () => {
    const statePath = join(tempDir(), 'state.json');
    const first = await startEmulator({ statePath });
    const live = await call(first.url, '/v1/api-keys', first.sessionToken, { method: 'POST', body: { name: 'Persisted' } });
    const test = await call(first.url, '/v1/api-keys', first.sessionToken, { method: 'POST', body: { name: 'Sandbox', environment: 'test' } });
    expect(live.status).toBe(201);
    expect(live.body.plainKey).toMatch(/^rt_live_[A-Za-z0-9]{32}$/);
    expect(test.body.plainKey).toMatch(/^rt_test_[A-Za-z0-9]{32}$/);
    await first.close();
    const state = readFileSync(statePath, 'utf8');
    expect(state).not.toContain(live.body.plainKey);
    expect(state).not.toContain(test.body.plainKey);

    const second = await startEmulator({ statePath });
    try {
      expect((await call(second.url, '/v1/auth/me', live.body.plainKey)).status).toBe(200);
      expect(second.sessionToken).not.toBe(first.sessionToken);
    } finally {
      await second.close();
    }
  });

  it('lastUsedAt updates on use; revoked and deactivated keys die at once; expired keys are rejected', async () => {
    const e = await startEmulator();
    try {
      const { plainKey, record } = e.mintKey({ name: 'Used' });
      expect(e.keys().find((k) => k.id === record.id)!.lastUsedAt).toBeNull();
      await call(e.url, '/v1/auth/me', plainKey);
      expect(e.keys().find((k) => k.id === record.id)!.lastUsedAt).not.toBeNull();

      const off = e.mintKey({ name: 'Deactivated' });
      await call(e.url, `/v1/api-keys/${off.record.id}`, e.sessionToken, { method: 'PUT', body: { isActive: false } });
      expect((await call(e.url, '/v1/auth/me', off.plainKey)).status).toBe(401);

      await call(e.url, `/v1/api-keys/${record.id}`, e.sessionToken, { method: 'DELETE' });
      expect((await call(e.url, '/v1/auth/me', plainKey)).status).toBe(401);

      const old = e.mintKey({ name: 'Expired', expiresAt: new Date(Date.now() - 1000).toISOString() });
      expect((await call(e.url, '/v1/auth/me', old.plainKey)).status).toBe(401);
    } finally {
      await e.close();
    }
  });

  it('validates create input with details', async () => {
    const e = await startEmulator();
    try {
      const bad = await call(e.url, '/v1/api-keys', e.sessionToken, { method: 'POST', body: { name: '', permissions: ['not a permission'] } });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual(['name', 'permissions']);
    } finally {
      await e.close();
    }
  });

  it('faults can be set at runtime through the control endpoint (session token only)', async () => {
    const e = await startEmulator();
    try {
      expect((await call(e.url, '/__emulator/faults', 'wrong', { method: 'POST', body: {} })).status).toBe(401);
      const set = await call(e.url, '/__emulator/faults', e.sessionToken, { method: 'POST', body: { queue: [{ kind: 'rate-limit', retryAfterSeconds: 9 }] } });
      expect(set.status).toBe(200);
      const limited = await call(e.url, '/v1/auth/me', e.sessionToken);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('9');
      expect((await call(e.url, '/v1/auth/me', e.sessionToken)).status).toBe(200);
      expect((await call(e.url, '/__emulator/faults', e.sessionToken, { method: 'POST', body: { errorRate: 2 } })).status).toBe(400);
      const stats = await call(e.url, '/__emulator/stats', e.sessionToken);
      expect(stats.body.requests).toBe(2);
    } finally {
      await e.close();
    }
  });

  it('fault rates: 5xx, 429 + Retry-After, dropped connections, malformed bodies', async () => {
    const e = await startEmulator();
    try {
      e.setFaults({ errorRate: 1, errorStatus: 502 });
      expect((await call(e.url, '/v1/auth/me', e.sessionToken)).status).toBe(502);
      e.setFaults({ rateLimitRate: 1, retryAfterSeconds: 4 });
      const limited = await call(e.url, '/v1/auth/me', e.sessionToken);
      expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '4']);
      e.setFaults({ dropRate: 1 });
      await expect(fetch(`${e.url}/v1/auth/me`, { headers: { authorization: `Bearer ${e.sessionToken}` } })).rejects.toThrow();
      e.setFaults({ malformedRate: 1 });
      const response = await fetch(`${e.url}/v1/auth/me`, { headers: { authorization: `Bearer ${e.sessionToken}` } });
      expect(response.status).toBe(200);
      await expect(response.json()).rejects.toThrow();
      e.setFaults({});
      expect((await call(e.url, '/v1/auth/me', e.sessionToken)).status).toBe(200);
    } finally {
      await e.close();
    }
  });

  it('latency fault delays answers', async () => {
    const e = await startEmulator({ faults: { latencyMs: 120 } });
    try {
      const started = performance.now();
      await call(e.url, '/v1/auth/me', e.sessionToken);
      expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    } finally {
      await e.close();
    }
  });

  it('`npm run emulator` prints one JSON line with url and sessionToken when ready', async () => {
    const statePath = join(tempDir(), 'cli-state.json');
    const child = spawn(process.execPath, [join(root, 'test/emulator/bin.mjs'), '--port', '0', '--state', statePath], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
      });
      const ready = JSON.parse(line) as { url: string; sessionToken: string };
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.sessionToken).toMatch(/^eyJ/);
      expect((await call(ready.url, '/v1/auth/me', ready.sessionToken)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it('bin rejects a bad port with a clear message', async () => {
    const child = spawn(process.execPath, [join(root, 'test/emulator/bin.mjs'), '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port must be 0-65535/);
  });
});

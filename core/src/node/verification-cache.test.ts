import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openVerificationCache } from './verification-cache.ts';

const fp = (c: string) => c.repeat(64);

describe('openVerificationCache', () => {
  it('persists live/invalid by fingerprint per API origin, honours the TTL, never caches unknown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-guard-cache-'));
    let now = new Date('2026-11-27T12:00:00Z');
    const options = { dir, baseUrl: 'http://a.test', ttlMs: 60_000, now: () => now };
    const cache = await openVerificationCache(options);
    cache.set(fp('a'), { status: 'live', checkedAt: now.toISOString() });
    cache.set(fp('b'), { status: 'unknown', checkedAt: now.toISOString() });
    cache.set('not-a-fingerprint', { status: 'live', checkedAt: now.toISOString() });
    await cache.flush();

    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')).entries)).toEqual([fp('a')]);

    const again = await openVerificationCache(options);
    expect(again.get(fp('a'))?.status).toBe('live');
    expect(again.get(fp('b'))).toBeUndefined();
    const otherServer = await openVerificationCache({ ...options, baseUrl: 'http://b.test' });
    expect(otherServer.get(fp('a'))).toBeUndefined();

    now = new Date(now.getTime() + 61_000);
    expect((await openVerificationCache(options)).get(fp('a'))).toBeUndefined();
  });

  it('keeps invalid long (24 h) and live briefly (5 min) by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-guard-cache-'));
    let now = new Date('2026-11-27T12:00:00Z');
    const options = { dir, baseUrl: 'http://a.test', now: () => now };
    const cache = await openVerificationCache(options);
    cache.set(fp('a'), { status: 'live', checkedAt: now.toISOString() });
    cache.set(fp('b'), { status: 'invalid', checkedAt: now.toISOString() });
    await cache.flush();
    now = new Date(now.getTime() + 6 * 60_000);
    const later = await openVerificationCache(options);
    expect(later.get(fp('a'))).toBeUndefined();
    expect(later.get(fp('b'))?.status).toBe('invalid');
    now = new Date(now.getTime() + 24 * 3_600_000);
    expect((await openVerificationCache(options)).get(fp('b'))).toBeUndefined();
  });
});

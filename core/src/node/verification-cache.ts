import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Verification } from '../verify/types.ts';
import { CACHE_TTL, cacheTtlOf, type VerificationCachePort } from '../actions/ports.ts';
import { writeFileAtomic } from './atomic-write.ts';

export interface VerificationCacheOptions {
  dir: string;
  /** How long a `live` answer is reused; default 5 minutes (`CACHE_TTL`). `unknown` is never cached. */
  ttlMs?: number;
  /** How long an `invalid` answer is reused; default 24 hours. */
  invalidTtlMs?: number;
  /** The API origin: answers from one server are never reused for another. */
  baseUrl: string;
  now: () => Date;
}

/** Verifications by key fingerprint. Stores fingerprints and statuses, never a key. */
export interface VerificationCache extends VerificationCachePort {
  /** Writes the file once (call after a batch). */
  flush(): Promise<void>;
}

interface Entry {
  at: number;
  verification: Verification;
}

/**
 * Loads the cache file for `baseUrl` from `dir` (one JSON file per API origin, mode 0600).
 * A missing or corrupt file is an empty cache: the cache only saves requests.
 */
export async function openVerificationCache(options: VerificationCacheOptions): Promise<VerificationCache> {
  const ttl = { liveMs: options.ttlMs ?? CACHE_TTL.liveMs, invalidMs: options.invalidTtlMs ?? CACHE_TTL.invalidMs };
  const isFresh = (entry: Entry, now: number) => now - entry.at <= cacheTtlOf(entry.verification, ttl);
  const origin = createHash('sha256').update(options.baseUrl).digest('hex').slice(0, 16);
  const path = join(options.dir, `verifications-${origin}.json`);
  let entries: Record<string, Entry> = {};
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { version?: number; entries?: Record<string, Entry> };
    if (parsed.version === 1 && parsed.entries) entries = parsed.entries;
  } catch {
    entries = {};
  }
  let dirty = false;
  return {
    get(fingerprint) {
      const entry = entries[fingerprint];
      if (!entry) return undefined;
      if (!isFresh(entry, options.now().getTime())) return undefined;
      return entry.verification;
    },
    set(fingerprint, verification) {
      if (verification.status === 'unknown' || !/^[0-9a-f]{64}$/.test(fingerprint)) return;
      entries[fingerprint] = { at: options.now().getTime(), verification };
      dirty = true;
    },
    async flush() {
      if (!dirty) return;
      const now = options.now().getTime();
      for (const [fp, entry] of Object.entries(entries)) if (!isFresh(entry, now)) delete entries[fp];
      await mkdir(options.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(path, JSON.stringify({ version: 1, entries }));
      dirty = false;
    },
  };
}

// Key store of the emulator: mints keys, keeps only their SHA-256 (never the plaintext), persists
// to a JSON file atomically. Plain ESM so `node` runs it without a build.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `n` random base62 characters from a CSPRNG. */
export function randomBase62(n) {
  let out = '';
  for (let i = 0; i < n; i++) out += BASE62[randomInt(62)];
  return out;
}

export function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

/** How a record shows its key: start and end only (what shared/runtype-api.md calls keyPrefix/searchHint/maskedKey). */
function visibleParts(plain) {
  const keyPrefix = plain.slice(0, 12);
  const searchHint = plain.slice(-4);
  return { keyPrefix, searchHint, maskedKey: `${keyPrefix}${'•'.repeat(8)}${searchHint}` };
}

export function createStore({ statePath, now }) {
  let state = { version: 1, userId: `user_${randomUUID()}`, orgId: `org_${randomUUID()}`, orgSlug: 'emulated-org', keys: [] };
  if (statePath) {
    try {
      state = JSON.parse(readFileSync(statePath, 'utf8'));
    } catch (error) {
      if (error.code !== 'ENOENT') throw new Error(`Cannot read emulator state ${statePath}: ${error.message}`);
    }
  }
  let timer;
  function persistNow() {
    clearTimeout(timer);
    timer = undefined;
    if (!statePath) return;
    const tmp = `${statePath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
    renameSync(tmp, statePath);
  }
  // lastUsedAt changes on every request: batch those writes.
  function persistSoon() {
    if (statePath && !timer) timer = setTimeout(persistNow, 50);
  }

  function mint({ name, permissions = ['FLOWS:READ', 'RECORDS:READ'], environment = 'live', expiresAt = null, allowedIps = [] }) {
    const plainKey = `rt_${environment === 'test' ? 'test' : 'live'}_${randomBase62(32)}`;
    const at = now().toISOString();
    const record = {
      id: randomUUID(),
      name,
      ...visibleParts(plainKey),
      hash: sha256(plainKey),
      permissions,
      isActive: true,
      isTestKey: environment === 'test',
      canReveal: false,
      allowedIps,
      expiresAt,
      lastUsedAt: null,
      createdAt: at,
      updatedAt: at,
    };
    state.keys.push(record);
    persistNow();
    return { record, plainKey };
  }

  return {
    get state() {
      return state;
    },
    mint,
    findByPlain(plain) {
      const hash = sha256(plain);
      return state.keys.find((k) => k.hash === hash);
    },
    get(id) {
      return state.keys.find((k) => k.id === id);
    },
    remove(id) {
      state.keys = state.keys.filter((k) => k.id !== id);
      persistNow();
    },
    regenerate(record) {
      const plainKey = `rt_${record.isTestKey ? 'test' : 'live'}_${randomBase62(32)}`;
      Object.assign(record, visibleParts(plainKey), { hash: sha256(plainKey), updatedAt: now().toISOString(), lastUsedAt: null });
      persistNow();
      return plainKey;
    },
    touch(record) {
      record.lastUsedAt = now().toISOString();
      persistSoon();
    },
    changed: persistNow,
    flush: persistNow,
  };
}

/** A record as the API shows it: everything but the hash. */
export function toApiKey(record) {
  const { hash: _hash, ...rest } = record;
  return rest;
}

// Key store of the emulator: mints keys, keeps only their SHA-256 (never the plaintext), persists
// to a JSON file atomically. Plain ESM so `node` runs it without a build.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBase62 } from '../helpers/random-base62.mjs';

export function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

/** How a record shows its key: start and end only (what shared/runtype-api.md calls keyPrefix/searchHint/maskedKey). */
function fullVisibleParts(plain) {
  const keyPrefix = plain.slice(0, 12);
  const searchHint = plain.slice(-4);
  return { keyPrefix, searchHint, maskedKey: `${keyPrefix}${'•'.repeat(8)}${searchHint}` };
}

/**
 * As Runtype's reference examples show it: `keyPrefix` is only the `rt_live_` part, `maskedKey`
 * reads `prefix + "****…" + 4 characters`, and `searchHint` is a human lookup hint (from the name),
 * not a piece of the key.
 */
function documentedVisibleParts(plain, name) {
  const keyPrefix = plain.slice(0, 8);
  const hint =
    String(name ?? 'key')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'key';
  return { keyPrefix, searchHint: hint, maskedKey: `${keyPrefix}${'*'.repeat(12)}${plain.slice(-4)}` };
}

// The `apiKey` field sets of Runtype's reference examples, per endpoint (shared/runtype-api.md, "Shapes to survive").
const GET_FIELDS = ['id', 'name', 'keyPrefix', 'searchHint', 'permissions', 'isActive', 'expiresAt', 'lastUsedAt', 'createdAt', 'updatedAt', 'maskedKey'];
export const DOCUMENTED_FIELDS = {
  get: GET_FIELDS,
  list: GET_FIELDS,
  create: ['id', 'name', 'keyPrefix', 'searchHint', 'permissions', 'isActive', 'expiresAt', 'allowedIps', 'createdAt'],
  update: ['id', 'name', 'keyPrefix', 'searchHint', 'permissions', 'isActive', 'expiresAt', 'allowedIps', 'updatedAt'],
  regenerate: ['id', 'name', 'keyPrefix', 'searchHint', 'permissions', 'isActive', 'updatedAt'],
};

export function createStore({ statePath, now, documented = false }) {
  const visibleParts = (plain, name) => (documented ? documentedVisibleParts(plain, name) : fullVisibleParts(plain));
  let state = { version: 1, userId: `user_${randomUUID()}`, orgId: `org_${randomUUID()}`, orgSlug: 'emulated-org', keys: [] };
  if (statePath) {
    try {
      state = JSON.parse(readFileSync(statePath, 'utf8'));
    } catch (error) {
      if (error.code !== 'ENOENT') throw new Error(`Cannot read emulator state ${statePath}: ${error.message}`, { cause: error });
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
      ...visibleParts(plainKey, name),
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
      Object.assign(record, visibleParts(plainKey, record.name), { hash: sha256(plainKey), updatedAt: now().toISOString(), lastUsedAt: null });
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

/** A record as Runtype's reference example for `endpoint` shows it: exactly that field set. */
export function toDocumentedKey(record, endpoint) {
  return Object.fromEntries(DOCUMENTED_FIELDS[endpoint].map((field) => [field, record[field]]));
}

/** A record as the API shows it: everything but the hash. */
export function toApiKey(record) {
  const { hash: _hash, ...rest } = record;
  return rest;
}

/**
 * Where the Runtype management token lives (issue 10 item 6): the extension origin's IndexedDB,
 * opened only by the background and the options page. Not `storage.local`/`storage.sync`: every
 * content script can read those, and their `onChanged` broadcasts each write to every tab. A
 * content script runs with the page's origin, so it cannot open this database at all. IndexedDB
 * (unlike `storage.session`) survives a browser restart: the token stays until "Forget token".
 */

/** One secret value behind get/set/remove; the IndexedDB adapter below, or a Map in tests. */
export interface SecretArea {
  get(): Promise<string | undefined>;
  set(value: string): Promise<void>;
  remove(): Promise<void>;
}

const DB_NAME = 'rt-guard-secrets';
const STORE = 'secrets';
const TOKEN_ID = 'managementToken';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** One record of the extension origin's IndexedDB (any structured-clonable value), by id. */
export interface DbRecord {
  get(): Promise<unknown>;
  set(value: unknown): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Records of the extension origin's `rt-guard-secrets` database (`idb` is `globalThis.indexedDB`):
 * the management token, the rotation journal. Content scripts run with the page's origin and
 * cannot open it.
 */
export function createIndexedDbRecords(idb: IDBFactory): (id: string) => DbRecord {
  let opened: Promise<IDBDatabase> | undefined;
  function open(): Promise<IDBDatabase> {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = idb.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => {
        // Another context (options page ↔ background) may delete or upgrade the database: reopen next time.
        req.result.onversionchange = () => {
          req.result.close();
          opened = undefined;
        };
        resolve(req.result);
      };
      req.onerror = () => {
        opened = undefined;
        reject(req.error ?? new Error('cannot open the extension database'));
      };
    });
    return opened;
  }
  async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await open();
    const tx = db.transaction(STORE, mode);
    const result = await request(work(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  }
  return (id) => ({
    get: () => run<unknown>('readonly', (store) => store.get(id)),
    async set(value) {
      await run('readwrite', (store) => store.put(value, id));
    },
    async remove() {
      await run('readwrite', (store) => store.delete(id));
    },
  });
}

/** The management token's record in the extension origin's IndexedDB (`idb` is `globalThis.indexedDB`). */
export function createIndexedDbTokenArea(idb: IDBFactory): SecretArea {
  const record = createIndexedDbRecords(idb)(TOKEN_ID);
  return {
    async get() {
      const value = await record.get();
      return typeof value === 'string' && value.length > 0 ? value : undefined;
    },
    set: (value) => record.set(value),
    remove: () => record.remove(),
  };
}

/** Trims and checks a token the user typed; throws a message saying what to do. */
export function normalizeToken(token: string): string {
  const trimmed = token.trim();
  if (trimmed.length === 0) throw new Error('the management token is empty; paste a Runtype session token or API key');
  if (/\s/.test(trimmed)) throw new Error('the management token contains spaces; paste the token alone');
  return trimmed;
}

/** The key older versions (≤ 0.1.0) kept the token under in `storage.local`. */
export const LEGACY_TOKEN_KEY = 'managementToken';

/** The part of `storage.local` the migration touches. */
export interface LegacyArea {
  get(key: string): Promise<Record<string, unknown>>;
  remove(key: string): Promise<void>;
}

/**
 * Moves a token an older version left in `storage.local` into `area`, then deletes the old entry
 * (always: a stale copy there is readable by every content script). A token already in `area`
 * wins: it was set later. Returns whether a token was moved.
 */
export async function migrateLegacyToken(local: LegacyArea, area: SecretArea): Promise<boolean> {
  const legacy = (await local.get(LEGACY_TOKEN_KEY))[LEGACY_TOKEN_KEY];
  if (legacy === undefined) return false;
  let moved = false;
  if (typeof legacy === 'string' && legacy.trim().length > 0 && (await area.get()) === undefined) {
    await area.set(legacy.trim());
    moved = true;
  }
  await local.remove(LEGACY_TOKEN_KEY);
  return moved;
}

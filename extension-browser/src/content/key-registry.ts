/**
 * Keys found in this frame, held in memory only, addressed by an opaque id. The popup asks for a
 * key by id (through the background) when the user clicks Inspect or Revoke; nothing is persisted.
 */
export interface KeyRegistry {
  /** Stores a key; returns its id (the same id for the same key). */
  add(key: string): string;
  get(id: string): string | undefined;
}

/** A registry capped at `limit` keys, dropping the oldest. */
export function createKeyRegistry(limit = 500, newId: () => string = randomId): KeyRegistry {
  const byId = new Map<string, string>();
  const idOf = new Map<string, string>();
  return {
    add(key) {
      const existing = idOf.get(key);
      if (existing) return existing;
      const id = newId();
      byId.set(id, key);
      idOf.set(key, id);
      if (byId.size > limit) {
        const [oldId, oldKey] = byId.entries().next().value as [string, string];
        byId.delete(oldId);
        idOf.delete(oldKey);
      }
      return id;
    },
    get: (id) => byId.get(id),
  };
}

/**
 * 128 random bits as hex. Not `crypto.randomUUID()`: it exists only in secure contexts, and a
 * `data:` frame (opaque origin) is not one; `getRandomValues` works everywhere.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

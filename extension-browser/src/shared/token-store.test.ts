import { describe, expect, it } from 'vitest';
import { LEGACY_TOKEN_KEY, migrateLegacyToken, normalizeToken, type LegacyArea, type SecretArea } from './token-store.ts';

function memoryArea(initial?: string): SecretArea & { value: string | undefined } {
  const area = {
    value: initial,
    get: async () => area.value,
    set: async (v: string) => void (area.value = v),
    remove: async () => void (area.value = undefined),
  };
  return area;
}

function legacyLocal(items: Record<string, unknown>): LegacyArea & { items: Record<string, unknown> } {
  return {
    items,
    get: async (key) => (key in items ? { [key]: items[key] } : {}),
    remove: async (key) => void delete items[key],
  };
}

describe('management token store', () => {
  it('moves a token left in storage.local by an older version and deletes the old entry', async () => {
    const local = legacyLocal({ [LEGACY_TOKEN_KEY]: ' session-token-1 ', settings: { autoScan: false } });
    const area = memoryArea();
    expect(await migrateLegacyToken(local, area)).toBe(true);
    expect(area.value).toBe('session-token-1');
    expect(local.items).toEqual({ settings: { autoScan: false } });
  });

  it('keeps a token already in the new store, and still deletes the stale copy', async () => {
    const local = legacyLocal({ [LEGACY_TOKEN_KEY]: 'old-token' });
    const area = memoryArea('newer-token');
    expect(await migrateLegacyToken(local, area)).toBe(false);
    expect(area.value).toBe('newer-token');
    expect(local.items).toEqual({});
  });

  it('does nothing when there is nothing to migrate; drops a malformed old entry', async () => {
    const area = memoryArea();
    expect(await migrateLegacyToken(legacyLocal({}), area)).toBe(false);
    const local = legacyLocal({ [LEGACY_TOKEN_KEY]: 42 });
    expect(await migrateLegacyToken(local, area)).toBe(false);
    expect(area.value).toBeUndefined();
    expect(local.items).toEqual({});
  });

  it('trims a typed token and refuses empty or spaced input with advice', () => {
    expect(normalizeToken('  abc.def  ')).toBe('abc.def');
    expect(() => normalizeToken('   ')).toThrow('the management token is empty; paste a Runtype session token or API key');
    expect(() => normalizeToken('two words')).toThrow('contains spaces; paste the token alone');
  });
});

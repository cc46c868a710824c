/**
 * The browser's rotation ports: the new-key slot in `storage.session` (memory only, cleared with
 * the browser; trusted extension contexts only: content scripts cannot read it in Chrome or
 * Firefox unless `setAccessLevel` opens it, which rt-guard never calls) and the journal in the
 * extension origin's IndexedDB (it survives a restart, so an interrupted rotation can be resumed;
 * it holds fingerprints and redacted forms, never a key).
 */
import type { JournalStore, RotationJournal } from '@rt-guard/core';
import type { DbRecord } from '../shared/token-store.ts';
import type { NewKeySlot } from './rotation-service.ts';
import type { SessionArea } from './tab-state-store.ts';

const NEW_KEY_ITEM = 'rotationNewKey';

export function createSessionKeySlot(area: SessionArea): NewKeySlot {
  return {
    async get() {
      const value = (await area.get(NEW_KEY_ITEM))[NEW_KEY_ITEM];
      return typeof value === 'string' && value.length > 0 ? value : undefined;
    },
    set: (key) => area.set({ [NEW_KEY_ITEM]: key }),
    clear: () => area.remove(NEW_KEY_ITEM),
  };
}

/** One journal (one rotation at a time, as in the CLI) in a database record. */
export function createDbJournalStore(record: DbRecord): JournalStore {
  return {
    async load() {
      const value = await record.get();
      return isJournal(value) ? value : undefined;
    },
    save: (journal) => record.set(structuredClone(journal)),
  };
}

function isJournal(value: unknown): value is RotationJournal {
  if (typeof value !== 'object' || value === null) return false;
  const j = value as Partial<RotationJournal>;
  return j.version === 1 && typeof j.id === 'string' && typeof j.state === 'string' && typeof j.oldKeyId === 'string' && Array.isArray(j.history);
}

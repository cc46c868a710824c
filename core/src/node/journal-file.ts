import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JournalStore, RotationJournal } from '../rotate/journal.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** A rotation journal in a JSON file (mode 0600, atomic writes). Holds no plaintext key. */
export function createFileJournalStore(path: string): JournalStore & { readonly path: string } {
  return {
    path,
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const journal = JSON.parse(text) as RotationJournal;
      if (journal.version !== 1 || typeof journal.state !== 'string') throw new Error(`Unreadable rotation journal ${path}: not a version 1 journal.`);
      return journal;
    },
    async save(journal) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFileAtomic(path, `${JSON.stringify(journal, null, 2)}\n`);
    },
  };
}

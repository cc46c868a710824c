import type { WalkEntry } from '../walk.ts';
import { isArtifactName } from './kind.ts';

/**
 * Takes archives and source maps out of a walk (into `into`), so the text scan and any native
 * prefilter never see them: an archive is binary and compressed, so a byte search would always
 * pass it over, and a source map is scanned per original source instead.
 */
export function* divertArtifacts(entries: Iterator<WalkEntry> & Iterable<WalkEntry>, into: WalkEntry[]): Generator<WalkEntry> {
  for (const entry of entries) {
    if (isArtifactName(entry.relative)) into.push(entry);
    else yield entry;
  }
}

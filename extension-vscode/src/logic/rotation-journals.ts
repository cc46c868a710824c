import type { RotationJournal } from '@rt-guard/core';

/** Workspace-state key prefix of the rotation journals (one per old key, by fingerprint). */
export const JOURNAL_PREFIX = 'rtGuard.rotation.';

/** The part of a VS Code Memento (`context.workspaceState`) the journals are read from. */
export interface JournalMemento {
  keys(): readonly string[];
  get<T>(key: string): T | undefined;
}

/** Rotations whose old key is still valid (the user kept it at the end): oldest first. */
export function pendingRotations(memento: JournalMemento): RotationJournal[] {
  return memento
    .keys()
    .filter((key) => key.startsWith(JOURNAL_PREFIX))
    .map((key) => memento.get<RotationJournal>(key))
    .filter((journal): journal is RotationJournal => journal?.state === 'grace')
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

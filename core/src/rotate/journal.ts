import type { CreateKeyInput } from '../api/schemas.ts';

/**
 * Where the rotated key is wired: a `.env` variable, printed once, or anything an adapter names
 * (the VS Code extension stores keys in SecretStorage).
 */
export type TargetDescription = { kind: 'env-file'; path: string; variable: string } | { kind: 'print' } | { kind: 'custom'; label: string };

/**
 * Steps of a rotation, in order. Standard: creating → wired → verified → (grace →) revoking-old →
 * done. Emergency: regenerating → wired → verified → done. Side states: orphaned (a new key exists
 * but could not be wired), new-key-dead (the new key failed verification), aborted, rolled-back.
 */
export type RotationState =
  'creating' | 'regenerating' | 'orphaned' | 'wired' | 'verified' | 'grace' | 'revoking-old' | 'new-key-dead' | 'done' | 'aborted' | 'rolled-back';

/** True when nothing more will happen to this rotation. */
export function isFinished(state: RotationState): boolean {
  return state === 'done' || state === 'aborted' || state === 'rolled-back';
}

/**
 * The rotation journal: enough to resume or roll back after a crash at any step, and never a
 * plaintext key (fingerprints and redacted forms only).
 */
export interface RotationJournal {
  version: 1;
  id: string;
  mode: 'standard' | 'emergency';
  state: RotationState;
  target: TargetDescription;
  startedAt: string;
  updatedAt: string;
  oldKeyId: string;
  oldName: string;
  oldFingerprint: string;
  oldRedacted: string;
  /** The replacement's name (standard mode); finds an orphan created by a crashed run. */
  newName: string;
  create?: CreateKeyInput;
  newKeyId?: string;
  newFingerprint?: string;
  newRedacted?: string;
  graceUntil?: string;
  /** Last error, redacted. */
  lastError?: string;
  history: { state: RotationState; at: string; note?: string }[];
}

/** Storage of one journal. The CLI uses a file (`createFileJournalStore`); VS Code its own storage. */
export interface JournalStore {
  load(): Promise<RotationJournal | undefined>;
  save(journal: RotationJournal): Promise<void>;
}

/**
 * Where the key lives. `write` must be atomic (all or nothing): it is the first thing done with
 * a freshly created key, so the plaintext never depends on anything else succeeding.
 */
export interface KeyTarget {
  readonly description: TargetDescription;
  /** The key currently wired there, or undefined when the target cannot be read back (print). */
  read(): Promise<string | undefined>;
  write(key: string): Promise<void>;
}

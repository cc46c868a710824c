/**
 * Key rotation in the browser, on top of core's startKeyRotation / resumeKeyRotation /
 * finishKeyRotation / rollbackKeyRotation (never a rotation step of its own). Host-free: the
 * client, the management-token lookup, the clock, the journal store and the new-key slot come in,
 * so the tests run it against the real API emulator.
 *
 * Where the new key goes: a browser has no `.env`. The new plain key is written to a memory-only
 * slot (`storage.session` in the background: trusted extension contexts only, never on disk) the
 * moment the API returns it, and stays there until the user says "I stored the new key". Until
 * then no other rotation starts and "Finish" (revoking the old key) is refused, so the key can
 * only be lost by a browser restart before it was stored; a standard rotation then still has its
 * old key live (roll back), an emergency one can be rotated again.
 */
import {
  finishKeyRotation,
  isFinished,
  redactKey,
  resumeKeyRotation,
  rollbackKeyRotation,
  startKeyRotation,
  type JournalStore,
  type KeyTarget,
  type RotationJournal,
  type RotationPlan,
  type RotationPorts,
  type RotationResult,
  type RuntypeClient,
  type VerificationCachePort,
} from '@rt-guard/core';
import { ExtensionError, scrub } from '../shared/errors.ts';
import type { RotationPlanView, RotationView } from '../shared/messages.ts';
import { nextStepOf, nextStepText, rotationActions } from '../shared/rotation-text.ts';

/** The memory-only place of the new plain key until the user stored it. */
export interface NewKeySlot {
  get(): Promise<string | undefined>;
  set(key: string): Promise<void>;
  clear(): Promise<void>;
}

export interface RotationServiceDeps {
  /** The client of the current settings (the API base URL may change between calls). */
  getClient(): Promise<RuntypeClient>;
  getManagementToken(): Promise<string | undefined>;
  now(): Date;
  journal: JournalStore;
  newKey: NewKeySlot;
  cache?: VerificationCachePort | undefined;
  /** Standard mode keeps the old key live this long unless "Finish" revokes it earlier. */
  graceMs?: number;
}

export interface RotationService {
  /** What a rotation of `oldKey` would do: read-only (lists the keys), nothing changes. */
  plan(oldKey: string, mode: 'standard' | 'emergency'): Promise<RotationPlanView>;
  /** Rotates `oldKey` when its record is still `expectKeyId` (the one whose plan the user confirmed). */
  start(oldKey: string, mode: 'standard' | 'emergency', expectKeyId: string): Promise<RotationView>;
  state(): Promise<RotationView>;
  resume(): Promise<RotationView>;
  finish(): Promise<RotationView>;
  rollback(oldKey: string | undefined): Promise<RotationView>;
  /** The new plain key, for the rotation page's explicit Reveal/Copy only. */
  revealNewKey(): Promise<string>;
  /** The user stored the new key: forget it. */
  keyStored(): Promise<RotationView>;
}

/** Seven days, as in VS Code: long enough to update every app and CI secret that uses the old key. */
export const DEFAULT_GRACE_MS = 7 * 24 * 3_600_000;
export const TARGET_LABEL = "rt-guard's rotation page in this browser (memory only, until you store it)";

export function createRotationService(deps: RotationServiceDeps): RotationService {
  const graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
  // One rotation step at a time: a double click on "Rotate now" must not start two rotations.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  function target(oldKey?: string): KeyTarget {
    return {
      description: { kind: 'custom', label: TARGET_LABEL },
      // Before the new key exists, the target holds the old key (the journal keeps its fingerprint).
      read: async () => (await deps.newKey.get()) ?? oldKey,
      write: (key) => deps.newKey.set(key),
    };
  }

  async function ports(oldKey?: string): Promise<RotationPorts> {
    const managementToken = await deps.getManagementToken();
    if (managementToken === undefined) {
      throw new ExtensionError('E_NO_MANAGEMENT_TOKEN', "Rotation needs a management token (a Runtype dashboard session token): set it in rt-guard's options.");
    }
    return { client: await deps.getClient(), now: () => deps.now(), managementToken, cache: deps.cache, journal: deps.journal, target: target(oldKey) };
  }

  async function refuseWhileUnstored(): Promise<void> {
    if ((await deps.newKey.get()) !== undefined) {
      throw new ExtensionError('E_NEW_KEY_NOT_STORED', 'The new key of the last rotation is not stored yet: copy it, then click "I stored the new key" first.');
    }
  }

  async function view(result?: RotationResult): Promise<RotationView> {
    const journal = result?.journal ?? (await deps.journal.load());
    const newKey = await deps.newKey.get();
    const out: RotationView = {
      notes: (result?.notes ?? []).map((n) => scrub(n.message)),
      actions: journal ? rotationActions(journal, newKey !== undefined) : [],
    };
    if (result) out.outcome = result.status;
    if (journal) out.journal = toJournalView(journal);
    if (newKey !== undefined) out.newKey = { redacted: redactKey(newKey) };
    if (result?.error) out.error = { code: result.error.code, message: scrub(result.error.message) };
    // A plain read (the page opened again, the browser restarted) words where the journal stands.
    const next = nextStepText(result ? result.nextStep : journal && nextStepOf(journal));
    if (next) out.nextStep = next;
    return out;
  }

  function toPlanView(oldKey: string, plan: RotationPlan, oldKeyId: string): RotationPlanView {
    const out: RotationPlanView = {
      redacted: redactKey(oldKey),
      mode: plan.mode,
      oldKeyId,
      oldName: scrub(plan.oldName),
      newName: scrub(plan.newName),
      steps: plan.steps.map(scrub),
      notes: plan.notes.map((n) => scrub(n.message)),
    };
    if (plan.graceMs) out.graceDays = Math.round(plan.graceMs / 86_400_000);
    return out;
  }

  const direct: RotationService = {
    async plan(oldKey, mode) {
      let shown: RotationPlanView | undefined;
      const result = await startKeyRotation(
        {
          oldKey,
          mode,
          graceMs: mode === 'standard' ? graceMs : undefined,
          targetLabel: TARGET_LABEL,
          confirmPlan: (plan, record) => {
            shown = toPlanView(oldKey, plan, record.id);
            return Promise.resolve(false);
          },
        },
        await ports(oldKey),
      );
      if (shown) return shown;
      throw new ExtensionError(
        result.error?.code ?? 'E_ROTATION',
        scrub(`${redactKey(oldKey)}: ${result.error?.message ?? 'no plan'} ${nextStepText(result.nextStep)}`.trim()),
      );
    },

    async start(oldKey, mode, expectKeyId) {
      const rotationPorts = await ports(oldKey);
      await refuseWhileUnstored();
      // A finished journal (done, rolled back) is history; an unfinished one makes core refuse.
      const result = await startKeyRotation(
        {
          oldKey,
          mode,
          graceMs: mode === 'standard' ? graceMs : undefined,
          targetLabel: TARGET_LABEL,
          confirmPlan: (_plan, record) => Promise.resolve(record.id === expectKeyId),
        },
        rotationPorts,
      );
      if (result.status === 'cancelled') {
        throw new ExtensionError('E_ROTATION_PLAN_CHANGED', "The key's record changed since the plan was shown: show the plan again.");
      }
      return view(result);
    },

    state: () => view(),

    async resume() {
      return view(await resumeKeyRotation(await ports()));
    },

    async finish() {
      const rotationPorts = await ports();
      await refuseWhileUnstored();
      return view(await finishKeyRotation(rotationPorts));
    },

    async rollback(oldKey) {
      const result = await rollbackKeyRotation({ ...(await ports()), oldKey });
      // Rolled back: the old key (which the user gave back) is in use again; the new one is revoked.
      if (result.status === 'rolled-back') await deps.newKey.clear();
      return view(result);
    },

    async revealNewKey() {
      const key = await deps.newKey.get();
      if (key === undefined) throw new ExtensionError('E_NO_NEW_KEY', 'rt-guard holds no new key: it was stored (and forgotten) or never made.');
      return key;
    },

    async keyStored() {
      await deps.newKey.clear();
      return view();
    },
  };
  return {
    ...direct,
    start: (oldKey, mode, expectKeyId) => serial(() => direct.start(oldKey, mode, expectKeyId)),
    resume: () => serial(() => direct.resume()),
    finish: () => serial(() => direct.finish()),
    rollback: (oldKey) => serial(() => direct.rollback(oldKey)),
    keyStored: () => serial(() => direct.keyStored()),
  };
}

function toJournalView(journal: RotationJournal): NonNullable<RotationView['journal']> {
  const out: NonNullable<RotationView['journal']> = {
    id: journal.id,
    mode: journal.mode,
    state: journal.state,
    isFinished: isFinished(journal.state),
    oldName: scrub(journal.oldName),
    oldRedacted: journal.oldRedacted,
    startedAt: journal.startedAt,
    updatedAt: journal.updatedAt,
  };
  if (journal.newRedacted) out.newRedacted = journal.newRedacted;
  if (journal.graceUntil) out.graceUntil = journal.graceUntil;
  if (journal.lastError) out.lastError = scrub(journal.lastError);
  return out;
}

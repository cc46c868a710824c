import type { RuntypeClient } from '../api/client.ts';
import { isApiHttpError } from '../api/errors.ts';
import { fingerprintOf } from '../detect/hash.ts';
import { redactKey } from '../detect/redact.ts';
import { RtGuardError } from '../errors.ts';
import { environmentOfKey } from '../api/contract.ts';
import type { NextStep } from '../actions/types.ts';
import { matchKeyRecord } from '../verify/match-key-record.ts';
import { verifyKey } from '../verify/verify-key.ts';
import { isFinished, type JournalStore, type KeyTarget, type RotationJournal, type RotationState } from './journal.ts';
import type { RotationPlan } from './plan.ts';
import { revokeAndConfirm } from './revoke-and-confirm.ts';

/**
 * A rotation that cannot go on now. `state` says where it stopped; `nextStep` is the way out
 * (resume, roll back, finish…) as data for each surface to word. Never holds a key.
 */
export class RotationError extends RtGuardError {
  readonly state: RotationState;
  readonly nextStep: NextStep | undefined;
  constructor(message: string, state: RotationState, options?: { cause?: unknown; nextStep?: NextStep | undefined; code?: string }) {
    super(options?.code ?? 'E_ROTATION', message, options);
    this.state = state;
    this.nextStep = options?.nextStep;
  }
}

const resumeStep = (journal: RotationJournal): NextStep => ({ kind: 'resume-rotation', journalId: journal.id });
const rollbackStep = (journal: RotationJournal, needsOldKey = true): NextStep => ({ kind: 'rollback-rotation', journalId: journal.id, needsOldKey });

export interface RotationDeps {
  client: RuntypeClient;
  /** Dashboard session token: create and regenerate need one. */
  adminToken: string;
  journal: JournalStore;
  target: KeyTarget;
  now: () => Date;
  /** Progress lines; never given a key. */
  log?: (line: string) => void;
  /** Makes the journal id; injected for deterministic tests. */
  newId?: () => string;
}

/**
 * Runs a planned rotation from the start, journaling every step before it has effects.
 * The order is chosen so that a crash anywhere can be resumed (see docs/api.md, "Rotation"):
 * the new plaintext key is written to the target FIRST, right after the API returns it, before
 * anything else that could fail; only fingerprints go to the journal.
 *
 * @example
 * const plan = planRotation({ record, mode: 'standard', now: new Date(), targetLabel: '.env' });
 * await runRotation(plan, { client, adminToken, journal, target, now: () => new Date() });
 */
export async function runRotation(plan: RotationPlan, deps: RotationDeps): Promise<RotationJournal> {
  const existing = await deps.journal.load();
  if (existing && !isFinished(existing.state)) {
    throw new RotationError(
      `An earlier rotation of "${existing.oldName}" is unfinished (step: ${existing.state}): resume it or roll it back first.`,
      existing.state,
      { nextStep: resumeStep(existing), code: 'E_ROTATION_UNFINISHED' },
    );
  }
  const oldKey = await deps.target.read();
  const at = deps.now().toISOString();
  const journal: RotationJournal = {
    version: 1,
    id: deps.newId?.() ?? `rot-${Date.parse(at).toString(36)}`,
    mode: plan.mode,
    state: plan.mode === 'emergency' ? 'regenerating' : 'creating',
    target: deps.target.description,
    startedAt: at,
    updatedAt: at,
    oldKeyId: plan.oldKeyId,
    oldName: plan.oldName,
    oldFingerprint: oldKey ? fingerprintOf(oldKey) : '',
    oldRedacted: oldKey ? redactKey(oldKey) : '',
    newName: plan.newName,
    history: [],
  };
  if (plan.create) journal.create = plan.create;
  if (plan.graceMs) journal.graceUntil = new Date(deps.now().getTime() + plan.graceMs).toISOString();
  await save(journal, deps, journal.state);
  return advance(journal, deps, { oldKey, fresh: true });
}

/**
 * Continues an interrupted rotation from its journal. In `creating`, a key the crashed run may
 * have created but not wired is found by name and revoked before a new one is created; in
 * `regenerating`, the key is regenerated again when the target still holds the old value.
 */
export async function resumeRotation(deps: RotationDeps): Promise<RotationJournal> {
  const journal = await requireJournal(deps);
  if (isFinished(journal.state)) return journal;
  if (journal.state === 'grace') {
    deps.log?.(`Rotation is in its grace period until ${journal.graceUntil}: finish it to revoke the old key.`);
    return journal;
  }
  if (journal.state === 'new-key-dead') {
    throw new RotationError(
      `The new key ${journal.newRedacted ?? ''} does not work, so the rotation cannot go on: roll it back (with the old key).`,
      journal.state,
      { nextStep: rollbackStep(journal) },
    );
  }
  return advance(journal, deps, { oldKey: undefined, fresh: false });
}

/** Ends a grace period now: revokes the old key and confirms it. */
export async function finishRotation(deps: RotationDeps): Promise<RotationJournal> {
  const journal = await requireJournal(deps);
  if (journal.state !== 'grace') {
    throw new RotationError(`Nothing to finish: the rotation is at step "${journal.state}", not in a grace period.`, journal.state, {
      code: 'E_ROTATION_NOT_IN_GRACE',
    });
  }
  await save(journal, deps, 'revoking-old', 'grace period ended on request');
  return advance(journal, deps, { oldKey: undefined, fresh: false });
}

/**
 * Undoes an unfinished rotation. Before the new key is wired: revokes any key the rotation
 * created. After: needs the old key (`oldKey`, e.g. read from stdin; the journal never stores
 * it), checks it is the one rotated and still live, writes it back, then revokes the new key.
 * Impossible once the old key is revoked or regenerated.
 */
export async function rollbackRotation(deps: RotationDeps & { oldKey?: string | undefined }): Promise<RotationJournal> {
  const journal = await requireJournal(deps);
  if (isFinished(journal.state)) return journal;
  if (journal.mode === 'emergency' || journal.state === 'revoking-old') {
    throw new RotationError(
      'Cannot roll back: the old key value no longer works (revoked or regenerated). Resume the rotation to complete it instead.',
      journal.state,
      { nextStep: resumeStep(journal) },
    );
  }
  const wiredValue = await deps.target.read();
  const isNewWired =
    journal.state !== 'creating' && journal.state !== 'orphaned' ? true : wiredValue !== undefined && fingerprintOf(wiredValue) !== journal.oldFingerprint;
  if (!isNewWired) {
    await revokeOrphans(journal, deps);
    return save(journal, deps, 'rolled-back', 'no new key was wired; orphans revoked');
  }
  const oldKey = deps.oldKey;
  if (!oldKey || fingerprintOf(oldKey) !== journal.oldFingerprint) {
    throw new RotationError(`Rolling back needs the old key ${journal.oldRedacted} (the journal never stores keys).`, journal.state, {
      nextStep: rollbackStep(journal),
      code: 'E_ROTATION_NEEDS_OLD_KEY',
    });
  }
  const check = await verifyKey(oldKey, { client: deps.client, now: deps.now });
  if (check.status !== 'live') {
    throw new RotationError(`Cannot roll back: the old key is ${check.status}. Resume the rotation to complete it instead.`, journal.state, {
      nextStep: resumeStep(journal),
    });
  }
  await deps.target.write(oldKey);
  const newKeyId = journal.newKeyId ?? (wiredValue ? await findRecordId(wiredValue, deps) : undefined);
  if (newKeyId) await revokeAndConfirm({ client: deps.client, adminToken: deps.adminToken, keyId: newKeyId, key: wiredValue, now: deps.now });
  return save(journal, deps, 'rolled-back', 'old key written back, new key revoked');
}

interface Progress {
  /** The old key, when this process read it (never after a restart from print mode). */
  oldKey: string | undefined;
  /** True on the first run (no crash to recover from in `creating`). */
  fresh: boolean;
  newKey?: string;
}

async function advance(journal: RotationJournal, deps: RotationDeps, progress: Progress): Promise<RotationJournal> {
  for (;;) {
    switch (journal.state) {
      case 'creating':
      case 'orphaned':
        await createAndWire(journal, deps, progress);
        break;
      case 'regenerating':
        await regenerateAndWire(journal, deps, progress);
        break;
      case 'wired':
        await verifyNew(journal, deps, progress);
        break;
      case 'verified':
        if (journal.mode === 'emergency') {
          await save(journal, deps, 'done', 'regenerated value is live');
        } else if (journal.graceUntil && Date.parse(journal.graceUntil) > deps.now().getTime()) {
          await save(journal, deps, 'grace', `old key kept until ${journal.graceUntil}`);
          return journal;
        } else {
          await save(journal, deps, 'revoking-old');
        }
        break;
      case 'revoking-old': {
        const result = await revokeAndConfirm({
          client: deps.client,
          adminToken: deps.adminToken,
          keyId: journal.oldKeyId,
          key: progress.oldKey,
          now: deps.now,
        });
        if (!result.confirmed) {
          throw new RotationError(
            `Revoked ${journal.oldRedacted || journal.oldName}, but it still answers as live. Resume the rotation to check again.`,
            journal.state,
            { nextStep: resumeStep(journal) },
          );
        }
        deps.log?.(`Revoked the old key "${journal.oldName}" ${journal.oldRedacted} and confirmed it no longer works.`);
        await save(journal, deps, 'done');
        break;
      }
      case 'grace':
      case 'new-key-dead':
      case 'done':
      case 'aborted':
      case 'rolled-back':
        return journal;
      default:
        journal.state satisfies never;
        return journal;
    }
  }
}

async function createAndWire(journal: RotationJournal, deps: RotationDeps, progress: Progress): Promise<void> {
  if (!progress.fresh) {
    // A crashed run may have created (and even wired) a key whose id we never journaled.
    const wired = await deps.target.read();
    if (wired !== undefined && fingerprintOf(wired) !== journal.oldFingerprint) {
      const id = await findRecordId(wired, deps);
      if (id) {
        recordNew(journal, id, wired);
        await save(journal, deps, 'wired', 'found the new key already wired');
        return;
      }
    }
    await revokeOrphans(journal, deps);
    if (journal.state === 'orphaned') await save(journal, deps, 'creating', 'orphan revoked; creating again');
  }
  progress.fresh = false;
  if (!journal.create) throw new RotationError('The journal has no key to create (corrupt journal?).', journal.state, { code: 'E_ROTATION_JOURNAL' });
  let created;
  try {
    created = await deps.client.createKey(deps.adminToken, journal.create);
  } catch (error) {
    if (isApiHttpError(error) && error.status < 500) {
      // A definite refusal: nothing was created.
      await save(journal, deps, 'aborted', error.message);
      throw new RotationError(`Could not create the replacement key: ${error.message}`, 'aborted', { cause: error });
    }
    journal.lastError = (error as Error).message;
    await deps.journal.save(journal);
    throw new RotationError(
      `Creating the replacement may or may not have happened (${(error as Error).message}). Resuming revokes a half-created key and tries again.`,
      journal.state,
      { cause: error, nextStep: resumeStep(journal) },
    );
  }
  const wantedEnv = journal.create.environment;
  const gotEnv = environmentOfKey(created.plainKey);
  if (wantedEnv && gotEnv !== wantedEnv) {
    // A replacement in the wrong environment would break (or over-privilege) every user of the key: refuse it.
    const id = created.apiKey.id ?? (await findRecordId(created.plainKey, deps).catch(() => undefined));
    let revoked = false;
    if (id)
      revoked =
        (await revokeAndConfirm({ client: deps.client, adminToken: deps.adminToken, keyId: id, key: created.plainKey, now: deps.now }).catch(() => undefined))
          ?.confirmed ?? false;
    await save(journal, deps, 'aborted', `replacement came back as a ${gotEnv ?? 'unknown'} key, not ${wantedEnv}`);
    throw new RotationError(
      `The API created the replacement as a ${gotEnv ?? 'unrecognised'} key (${redactKey(created.plainKey)}), not a ${wantedEnv} key like the old one. ` +
        (revoked ? 'It was revoked; the old key is untouched.' : 'rt-guard could not revoke it: delete it in the Runtype dashboard. The old key is untouched.'),
      'aborted',
      { code: 'E_ROTATION_WRONG_ENVIRONMENT', nextStep: revoked ? undefined : { kind: 'use-dashboard', action: 'revoke' } },
    );
  }
  // The plaintext exists only in memory now: wire it before anything else can fail.
  try {
    await deps.target.write(created.plainKey);
  } catch (error) {
    const orphanId = created.apiKey.id ?? (await findRecordId(created.plainKey, deps).catch(() => undefined));
    recordNew(journal, orphanId, created.plainKey);
    await save(journal, deps, 'orphaned', `could not write the new key: ${(error as Error).message}`).catch(() => undefined);
    if (orphanId) await deps.client.revokeKey(deps.adminToken, orphanId).catch(() => undefined);
    throw new RotationError(
      `Could not write the new key to the target (${(error as Error).message}); the new key was revoked. Fix the target, then resume.`,
      'orphaned',
      { cause: error, nextStep: resumeStep(journal) },
    );
  }
  // The key is stored: only now can an odd answer be reported (it must never cost the plain key).
  progress.newKey = created.plainKey;
  const newId = created.apiKey.id ?? (await findRecordId(created.plainKey, deps).catch(() => undefined));
  recordNew(journal, newId, created.plainKey);
  for (const problem of created.problems) deps.log?.(`The create answer was unexpected (${problem}); the new key was stored first.`);
  deps.log?.(`Created "${created.apiKey.name || journal.newName}" ${journal.newRedacted} and wrote it to ${targetLabel(journal)}.`);
  await save(journal, deps, 'wired');
}

async function regenerateAndWire(journal: RotationJournal, deps: RotationDeps, progress: Progress): Promise<void> {
  if (!progress.fresh) {
    const wired = await deps.target.read();
    if (wired !== undefined && fingerprintOf(wired) !== journal.oldFingerprint) {
      recordNew(journal, journal.oldKeyId, wired);
      await save(journal, deps, 'wired', 'found the regenerated value already wired');
      return;
    }
  }
  progress.fresh = false;
  let created;
  try {
    created = await deps.client.regenerateKey(deps.adminToken, journal.oldKeyId);
  } catch (error) {
    journal.lastError = (error as Error).message;
    await deps.journal.save(journal);
    throw new RotationError(`Regenerating failed (${(error as Error).message}). Resume the rotation to try again.`, journal.state, {
      cause: error,
      nextStep: resumeStep(journal),
    });
  }
  try {
    await deps.target.write(created.plainKey);
  } catch (error) {
    throw new RotationError(
      `Could not write the regenerated key (${(error as Error).message}); the old value no longer works. Fix the target, then resume: it regenerates again.`,
      journal.state,
      { cause: error, nextStep: resumeStep(journal) },
    );
  }
  progress.newKey = created.plainKey;
  // Regenerate keeps the record: its id is the old one when the answer does not say.
  recordNew(journal, created.apiKey.id ?? journal.oldKeyId, created.plainKey);
  for (const problem of created.problems) deps.log?.(`The regenerate answer was unexpected (${problem}); the new value was stored first.`);
  deps.log?.(`Regenerated "${journal.oldName}": new value ${journal.newRedacted} written to ${targetLabel(journal)}.`);
  await save(journal, deps, 'wired');
}

async function verifyNew(journal: RotationJournal, deps: RotationDeps, progress: Progress): Promise<void> {
  const key = progress.newKey ?? (await deps.target.read());
  let status: 'live' | 'invalid' | 'unknown';
  if (key !== undefined && fingerprintOf(key) === journal.newFingerprint) {
    status = (await verifyKey(key, { client: deps.client, now: deps.now })).status;
  } else {
    // Print mode after a restart: the plaintext is gone, so check the record instead.
    try {
      status = (await deps.client.getKey(deps.adminToken, journal.newKeyId ?? '')).isActive ? 'live' : 'invalid';
    } catch (error) {
      status = isApiHttpError(error) && error.status === 404 ? 'invalid' : 'unknown';
    }
  }
  if (status === 'live') {
    deps.log?.(`Verified the new key ${journal.newRedacted} is live.`);
    await save(journal, deps, 'verified');
    return;
  }
  if (status === 'invalid') {
    await save(journal, deps, 'new-key-dead');
    throw new RotationError(
      `The new key ${journal.newRedacted} does not work. The old key was NOT revoked: roll the rotation back (with the old key).`,
      'new-key-dead',
      { nextStep: rollbackStep(journal), code: 'E_ROTATION_NEW_KEY_DEAD' },
    );
  }
  throw new RotationError('Could not verify the new key (API unreachable). The old key was NOT revoked. Resume the rotation later.', journal.state, {
    nextStep: resumeStep(journal),
  });
}

/** Revokes keys this rotation created but never wired: named `newName`, created after the start. */
async function revokeOrphans(journal: RotationJournal, deps: RotationDeps): Promise<void> {
  if (journal.mode !== 'standard') return;
  const { apiKeys } = await deps.client.listKeys(deps.adminToken);
  // Five minutes of slack for clock differences between us and the API.
  const since = Date.parse(journal.startedAt) - 5 * 60_000;
  const orphans = apiKeys.filter(
    (k) =>
      k.id !== journal.oldKeyId &&
      k.isActive !== false &&
      (k.id === journal.newKeyId || (k.name === journal.newName && (k.createdAt === undefined || Date.parse(k.createdAt) >= since))),
  );
  for (const orphan of orphans) {
    await revokeAndConfirm({ client: deps.client, adminToken: deps.adminToken, keyId: orphan.id, now: deps.now });
    deps.log?.(`Revoked "${orphan.name}" (${orphan.keyPrefix ?? ''}…), a key an interrupted run created but never wired.`);
  }
}

async function findRecordId(key: string, deps: RotationDeps): Promise<string | undefined> {
  const { apiKeys } = await deps.client.listKeys(deps.adminToken);
  return matchKeyRecord(key, apiKeys)?.id;
}

function recordNew(journal: RotationJournal, id: string | undefined, key: string): void {
  if (id !== undefined) journal.newKeyId = id;
  journal.newFingerprint = fingerprintOf(key);
  journal.newRedacted = redactKey(key);
}

async function requireJournal(deps: RotationDeps): Promise<RotationJournal> {
  const journal = await deps.journal.load();
  if (!journal) throw new RotationError('No rotation journal found: nothing to resume.', 'aborted');
  return journal;
}

async function save(journal: RotationJournal, deps: RotationDeps, state: RotationState, note?: string): Promise<RotationJournal> {
  journal.state = state;
  journal.updatedAt = deps.now().toISOString();
  journal.history.push(note ? { state, at: journal.updatedAt, note } : { state, at: journal.updatedAt });
  await deps.journal.save(journal);
  return journal;
}

function targetLabel(journal: RotationJournal): string {
  const t = journal.target;
  if (t.kind === 'env-file') return `${t.path} (${t.variable})`;
  if (t.kind === 'print') return 'the terminal';
  return t.label;
}

import { environmentOfKey } from '../api/contract.ts';
import { isApiError, isApiHttpError } from '../api/errors.ts';
import type { ApiKey } from '../api/schemas.ts';
import { isFinished, type JournalStore, type KeyTarget, type RotationJournal } from '../rotate/journal.ts';
import { planRotation, type PlanNote, type RotationPlan } from '../rotate/plan.ts';
import { finishRotation, resumeRotation, rollbackRotation, runRotation, type RotationDeps } from '../rotate/run.ts';
import { findKeyRecord, toKeyRecordSummary } from '../verify/match-key-record.ts';
import type { KeyRecordSummary } from '../verify/types.ts';
import type { ActionContext } from './ports.ts';
import { toActionError, type ActionError, type NextStep } from './types.ts';

/**
 * How a rotation call ended: `done`, `grace` (new key live, old kept until `graceUntil`),
 * `rolled-back`, `cancelled` (the caller's `confirmPlan` said no, e.g. a dry run), `refused`
 * (nothing started: no record, several, no credential, an unfinished rotation), `stopped` (it
 * started and stopped at a step; `nextStep` says how to go on).
 */
export type RotationStatus = 'done' | 'grace' | 'rolled-back' | 'cancelled' | 'refused' | 'stopped';

export interface RotationResult {
  status: RotationStatus;
  /** The journal as it stands (no key in it). */
  journal?: RotationJournal;
  plan?: RotationPlan;
  record?: KeyRecordSummary;
  /** Restrictions the replacement may lack (the old record did not show them). */
  notes: PlanNote[];
  error?: ActionError;
  nextStep?: NextStep;
}

/** Everything a rotation touches: the API, the journal, where the key lives, the clock, the cache. */
export interface RotationPorts extends ActionContext {
  /** Create and regenerate need a dashboard session token [staging]. */
  managementToken: string;
  journal: JournalStore;
  /** Where the key lives (an env-file writer, SecretStorage, a printer). */
  target: KeyTarget;
  /** Progress lines, never given a key. */
  log?: (line: string) => void;
  newId?: () => string;
}

export interface StartRotationInput {
  /** The key being replaced (read from the target by the caller). */
  oldKey: string;
  mode: 'standard' | 'emergency';
  /** Standard mode: keep the old key live this long after the new one is verified. */
  graceMs?: number | undefined;
  /** How the target is shown in the plan (e.g. `.env (RUNTYPE_API_KEY)`). */
  targetLabel: string;
  /** Shown the plan before anything changes; resolve false to stop (dry run, user said no). */
  confirmPlan?: (plan: RotationPlan, record: KeyRecordSummary) => Promise<boolean>;
}

/**
 * Starts a rotation of `oldKey`: finds its one active record, plans (same permissions, allowed
 * IPs, expiry length and environment; notes what the record does not show), asks `confirmPlan`,
 * then runs it through the journal (core/src/rotate/run.ts: the new plain key is stored first,
 * before anything that could fail). When the old value is dead at the end (revoked, regenerated),
 * it is marked `invalid` in the cache. Never throws for API or rotation failures.
 *
 * @example
 * const result = await startKeyRotation({ oldKey, mode: 'standard', targetLabel: '.env' }, { client, now, managementToken, journal, target });
 * if (result.status === 'stopped') showNextStep(result.nextStep);
 */
export async function startKeyRotation(input: StartRotationInput, ports: RotationPorts): Promise<RotationResult> {
  let records: ApiKey[];
  try {
    records = (await ports.client.listKeys(ports.managementToken)).apiKeys;
  } catch (error) {
    return stopped('refused', error);
  }
  const found = findKeyRecord(input.oldKey, records);
  if (found.kind !== 'match') {
    const code = found.kind === 'inactive' ? 'E_KEY_ALREADY_REVOKED' : found.kind === 'none' ? 'E_KEY_RECORD_NOT_FOUND' : 'E_KEY_RECORD_AMBIGUOUS';
    const result: RotationResult = { status: 'refused', notes: [], error: { name: 'RotationError', code, message: found.reason } };
    if (found.kind !== 'inactive') result.nextStep = { kind: 'use-dashboard', action: 'rotate' };
    return result;
  }
  const record = toKeyRecordSummary(found.record);
  const plan = planRotation({
    record: found.record,
    mode: input.mode,
    now: ports.now(),
    graceMs: input.graceMs,
    targetLabel: input.targetLabel,
    environment: environmentOfKey(input.oldKey),
  });
  if (input.confirmPlan && !(await input.confirmPlan(plan, record))) return { status: 'cancelled', plan, record, notes: plan.notes };
  const outcome = await run(() => runRotation(plan, deps(ports)), ports);
  return { ...outcome, plan, record, notes: plan.notes, ...(plan.notes.length > 0 && !outcome.nextStep ? { nextStep: reviewStep(plan.notes) } : {}) };
}

/** Continues an interrupted rotation from its journal (see `resumeRotation`). */
export function resumeKeyRotation(ports: RotationPorts): Promise<RotationResult> {
  return run(() => resumeRotation(deps(ports)), ports);
}

/** Ends a grace period now: revokes the old key and proves it (see `finishRotation`). */
export function finishKeyRotation(ports: RotationPorts): Promise<RotationResult> {
  return run(() => finishRotation(deps(ports)), ports);
}

/** Undoes an unfinished rotation; after the new key was wired it needs `oldKey` back (see `rollbackRotation`). */
export function rollbackKeyRotation(ports: RotationPorts & { oldKey?: string | undefined }): Promise<RotationResult> {
  return run(() => rollbackRotation({ ...deps(ports), oldKey: ports.oldKey }), ports);
}

function deps(ports: RotationPorts): RotationDeps {
  const d: RotationDeps = { client: ports.client, adminToken: ports.managementToken, journal: ports.journal, target: ports.target, now: ports.now };
  if (ports.log) d.log = ports.log;
  if (ports.newId) d.newId = ports.newId;
  return d;
}

async function run(step: () => Promise<RotationJournal>, ports: RotationPorts): Promise<RotationResult> {
  let journal: RotationJournal;
  try {
    journal = await step();
  } catch (error) {
    const result = stopped('stopped', error);
    const current = await ports.journal.load().catch(() => undefined);
    if (current) result.journal = current;
    // Nothing started when the journal never existed or belongs to an earlier rotation.
    if ((error as { code?: unknown }).code === 'E_ROTATION_UNFINISHED' || !current) result.status = 'refused';
    return result;
  }
  await markDeadKeys(journal, ports);
  const result: RotationResult = { status: statusOf(journal), journal, notes: [] };
  if (journal.state === 'grace' && journal.graceUntil) result.nextStep = { kind: 'finish-rotation', journalId: journal.id, graceUntil: journal.graceUntil };
  return result;
}

/** A finished rotation leaves one value dead: the old one (done) or the new one (rolled back). Say so in the cache at once. */
async function markDeadKeys(journal: RotationJournal, ports: RotationPorts): Promise<void> {
  if (!ports.cache) return;
  const dead = journal.state === 'done' ? journal.oldFingerprint : journal.state === 'rolled-back' ? journal.newFingerprint : undefined;
  if (!dead) return;
  ports.cache.set(dead, {
    status: 'invalid',
    reason: journal.state === 'done' ? 'Revoked by a rotation.' : 'Revoked by a rollback.',
    checkedAt: ports.now().toISOString(),
  });
  await ports.cache.flush?.().catch(() => undefined);
}

function statusOf(journal: RotationJournal): RotationStatus {
  if (journal.state === 'done') return 'done';
  if (journal.state === 'grace') return 'grace';
  if (journal.state === 'rolled-back') return 'rolled-back';
  return isFinished(journal.state) ? 'stopped' : 'stopped';
}

function stopped(status: 'stopped' | 'refused', error: unknown): RotationResult {
  const result: RotationResult = { status, notes: [], error: toActionError(error) };
  const nextStep = (error as { nextStep?: NextStep }).nextStep;
  if (nextStep) result.nextStep = nextStep;
  else if (isApiHttpError(error) && error.status === 401 && !error.isRuntypeChallenge) result.nextStep = { kind: 'check-api-url' };
  else if (isApiHttpError(error) && (error.status === 401 || error.status === 403)) result.nextStep = { kind: 'set-management-token', needs: 'session-token' };
  else if (isApiError(error)) result.nextStep = { kind: 'retry-later' };
  return result;
}

function reviewStep(notes: readonly PlanNote[]): NextStep {
  return { kind: 'review-restrictions', fields: notes.map((n) => (n.code === 'allowed-ips-not-shown' ? 'allowedIps' : 'expiresAt')) };
}

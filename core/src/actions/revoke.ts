import { isApiError, isApiHttpError } from '../api/errors.ts';
import type { ApiKey } from '../api/schemas.ts';
import { revokeAndConfirm } from '../rotate/revoke-and-confirm.ts';
import { findKeyRecord, toKeyRecordSummary } from '../verify/match-key-record.ts';
import type { KeyRecordSummary, Verification } from '../verify/types.ts';
import { verifyKey } from '../verify/verify-key.ts';
import { keyIdentity, type KeyIdentity } from './inspect.ts';
import type { ActionContext } from './ports.ts';
import { toActionError, type ActionError, type NextStep } from './types.ts';

/**
 * How a revoke ended:
 * - `revoked`: DELETE accepted and a fresh check proves the key dead;
 * - `already-revoked`: the API already rejects the key, its record is inactive, or DELETE said 404;
 * - `unconfirmed`: DELETE accepted, but the fresh check does not (yet) say invalid;
 * - `refused`: rt-guard did not act (no record, several records, no credential): see `error`;
 * - `cancelled`: the caller's `confirm` said no;
 * - `failed`: an API error stopped it: see `error`.
 */
export type RevokeStatus = 'revoked' | 'already-revoked' | 'unconfirmed' | 'refused' | 'cancelled' | 'failed';

export interface RevokeActionResult {
  status: RevokeStatus;
  key: KeyIdentity;
  /** The record acted on (or found inactive). */
  record?: KeyRecordSummary;
  /** The fresh verification after DELETE (the proof), or the check that found it already dead. */
  proof?: Verification;
  /** Why it was refused or failed; `code` is stable (E_KEY_RECORD_NOT_FOUND, E_KEY_RECORD_AMBIGUOUS, E_NO_MANAGEMENT_TOKEN, E_API_*). */
  error?: ActionError;
  nextStep?: NextStep;
}

export interface RevokeOptions {
  /**
   * Asked once the record is known, before anything changes; resolve false to cancel. Default:
   * go ahead (the surface asked already).
   */
  confirm?: (record: KeyRecordSummary) => Promise<boolean>;
  /**
   * Without a management token, use the key itself as the credential (a key with key-management
   * permissions may revoke itself). Default false: the caller must give a management token.
   */
  allowSelfRevoke?: boolean;
}

/**
 * Revokes a leaked key and proves it: checks the key (already dead → nothing to do), finds its one
 * active record with the management credential (none or several → acts on nothing, says why),
 * confirms, DELETEs it, verifies the key again, and on success marks it `invalid` in the cache at
 * once so the next scan says so. Never throws for API failures (`failed` with the error).
 *
 * @example
 * const result = await revokeLeakedKey(key, { client, now, managementToken, cache });
 * if (result.status === 'revoked') say(`Revoked ${result.record?.name}`);
 */
export async function revokeLeakedKey(key: string, ctx: ActionContext & RevokeOptions): Promise<RevokeActionResult> {
  const identity = keyIdentity(key);
  const base = { key: identity };
  const credential = ctx.managementToken ?? (ctx.allowSelfRevoke ? key : undefined);
  if (!credential) {
    return {
      ...base,
      status: 'refused',
      error: {
        name: 'RevokeError',
        code: 'E_NO_MANAGEMENT_TOKEN',
        message: 'Revoking a key needs a management credential: a dashboard session token, or an API key allowed to manage keys.',
      },
      nextStep: { kind: 'set-management-token', needs: 'key-manager' },
    };
  }
  const markInvalid = async (proof: Verification) => {
    ctx.cache?.set(identity.fingerprint, proof);
    await ctx.cache?.flush?.().catch(() => undefined);
  };

  const before = await verifyKey(key, { client: ctx.client, now: ctx.now });
  if (before.status === 'invalid') {
    await markInvalid(before);
    return { ...base, status: 'already-revoked', proof: before };
  }
  let records: ApiKey[];
  try {
    records = (await ctx.client.listKeys(credential)).apiKeys;
  } catch (error) {
    return failed(base, error);
  }
  const found = findKeyRecord(key, records);
  if (found.kind === 'inactive') {
    const proof: Verification = { status: 'invalid', reason: found.reason, checkedAt: ctx.now().toISOString(), record: toKeyRecordSummary(found.record) };
    // An inactive record with a key the API still calls live is odd: report, do not cache a guess.
    if (before.status !== 'live') await markInvalid(proof);
    return { ...base, status: before.status === 'live' ? 'unconfirmed' : 'already-revoked', record: toKeyRecordSummary(found.record), proof };
  }
  if (found.kind === 'none' || found.kind === 'ambiguous') {
    return {
      ...base,
      status: 'refused',
      error: { name: 'RevokeError', code: found.kind === 'none' ? 'E_KEY_RECORD_NOT_FOUND' : 'E_KEY_RECORD_AMBIGUOUS', message: found.reason },
      nextStep: { kind: 'use-dashboard', action: 'revoke' },
    };
  }
  const record = toKeyRecordSummary(found.record);
  if (ctx.confirm && !(await ctx.confirm(record))) return { ...base, status: 'cancelled', record };
  try {
    const outcome = await revokeAndConfirm({ client: ctx.client, adminToken: credential, keyId: found.record.id, key, now: ctx.now });
    const proof = outcome.verification;
    if (outcome.confirmed && proof) {
      await markInvalid(proof);
      return { ...base, status: outcome.wasPresent ? 'revoked' : 'already-revoked', record, proof };
    }
    const result: RevokeActionResult = { ...base, status: 'unconfirmed', record, nextStep: { kind: 'retry-later' } };
    if (proof) result.proof = proof;
    return result;
  } catch (error) {
    return { ...failed(base, error), record };
  }
}

function failed(base: { key: KeyIdentity }, error: unknown): RevokeActionResult {
  const result: RevokeActionResult = { ...base, status: 'failed', error: toActionError(error) };
  if (isApiHttpError(error) && error.status === 401 && !error.isRuntypeChallenge) result.nextStep = { kind: 'check-api-url' };
  else if (isApiHttpError(error) && (error.status === 401 || error.status === 403)) result.nextStep = { kind: 'set-management-token', needs: 'key-manager' };
  else if (isApiError(error) && (error.code === 'E_API_REDIRECT' || error.code === 'E_API_RESPONSE_TOO_LARGE')) result.nextStep = { kind: 'check-api-url' };
  else if (isApiError(error)) result.nextStep = { kind: 'retry-later' };
  return result;
}

import type { RuntypeClient } from '../api/client.ts';
import { isApiHttpError } from '../api/errors.ts';
import type { ApiKey } from '../api/schemas.ts';
import { probeStatusMeaning } from '../api/contract.ts';
import { findKeyRecord, toKeyRecordSummary } from './match-key-record.ts';
import type { Verification } from './types.ts';

export interface VerifyKeyOptions {
  client: RuntypeClient;
  /** Management credential (RUNTYPE_ADMIN_TOKEN); when given, the key's record is looked up. */
  adminToken?: string | undefined;
  /**
   * The key records, when the caller already listed them (a scan verifying many keys lists once).
   * Without it and with `adminToken`, `verifyKey` lists the keys itself.
   */
  records?: Promise<readonly ApiKey[]> | undefined;
  now: () => Date;
}

/**
 * Asks the API about one key: `live` when `GET /v1/auth/me` answers 200. A 401 counts only when it
 * is Runtype's (its `WWW-Authenticate` challenge, contract.ts); then a second read-only probe
 * (`GET /v1/flows?limit=1`) must agree before the key is called `invalid`, because `/v1/auth/me` may
 * not accept API keys at all [proposal]. Anything else is `unknown` (network, timeout, 429, 5xx after
 * retries, a 401 from a proxy). Never throws and never returns "safe". With a management credential,
 * adds the matched record (name, permissions, environment, dates).
 *
 * @example
 * const v = await verifyKey(key, { client, adminToken: env.RUNTYPE_ADMIN_TOKEN, now: () => new Date() });
 * if (v.status === 'live') revokeSoon();
 */
export async function verifyKey(key: string, options: VerifyKeyOptions): Promise<Verification> {
  const { client } = options;
  const checked = () => options.now().toISOString();
  let verification: Verification;
  try {
    await client.authMe(key);
    verification = { status: 'live', checkedAt: checked() };
  } catch (error) {
    verification =
      isApiHttpError(error) && error.status === 401
        ? { ...(await confirm401(key, error.isRuntypeChallenge, client)), checkedAt: checked() }
        : { status: 'unknown', reason: reasonOf(error), checkedAt: checked() };
  }
  if (options.adminToken || options.records) {
    try {
      const records = await (options.records ?? client.listKeys(options.adminToken ?? '').then((list) => list.apiKeys));
      const found = findKeyRecord(key, records);
      if (found.kind === 'match' || found.kind === 'inactive') verification.record = toKeyRecordSummary(found.record);
      else verification.recordError = found.reason;
    } catch (error) {
      verification.recordError = `Could not look up the key record: ${reasonOf(error)}`;
    }
  }
  return verification;
}

/** A 401 from `/v1/auth/me`: Runtype's own, and confirmed by the second probe, or it proves nothing. */
async function confirm401(key: string, isRuntypeChallenge: boolean, client: RuntypeClient): Promise<Pick<Verification, 'status' | 'reason'>> {
  if (!isRuntypeChallenge) {
    return { status: 'unknown', reason: NOT_RUNTYPE_401 };
  }
  let status: number;
  try {
    status = await client.probeKey(key);
  } catch (error) {
    if (!isApiHttpError(error)) return { status: 'unknown', reason: `The API rejected the key once (401), but the second check failed: ${reasonOf(error)}` };
    if (error.status === 401 && !error.isRuntypeChallenge) return { status: 'unknown', reason: NOT_RUNTYPE_401 };
    status = error.status;
  }
  const meaning = probeStatusMeaning(status);
  if (meaning === 'invalid')
    return { status: 'invalid', reason: 'The API rejected the key (401, confirmed by a second check): revoked, expired or never existed.' };
  if (meaning === 'live') return { status: 'live' };
  return { status: 'unknown', reason: `The API rejected the key once (401), but a second check answered ${status}.` };
}

const NOT_RUNTYPE_401 =
  "A 401 without Runtype's WWW-Authenticate header: a proxy, a captive portal or a wrong API URL answered, not Runtype. The key may still be live.";

/** A one-line reason for `unknown`, safe to show: API errors carry no secrets. */
function reasonOf(error: unknown): string {
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') return error.message;
  return 'Verification failed unexpectedly.';
}

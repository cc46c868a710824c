import type { RuntypeClient } from '../api/client.ts';
import { isApiHttpError } from '../api/errors.ts';
import type { ApiKey } from '../api/schemas.ts';
import { matchKeyRecord, toKeyRecordSummary } from './match-key-record.ts';
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
 * Asks the API about one key: `live` when `GET /v1/auth/me` answers 200, `invalid` on 401
 * (revoked, expired or never existed), `unknown` for anything else (network, timeout, 429, 5xx
 * after retries). Never throws and never returns "safe". With a management credential, adds the
 * matched record (name, permissions, environment, dates).
 *
 * @example
 * const v = await verifyKey(key, { client, adminToken: env.RUNTYPE_ADMIN_TOKEN, now: () => new Date() });
 * if (v.status === 'live') revokeSoon();
 */
export async function verifyKey(key: string, options: VerifyKeyOptions): Promise<Verification> {
  const { client } = options;
  let verification: Verification;
  try {
    await client.authMe(key);
    verification = { status: 'live', checkedAt: options.now().toISOString() };
  } catch (error) {
    verification = isApiHttpError(error) && error.status === 401
      ? { status: 'invalid', reason: 'The API rejected the key (401): revoked, expired or never existed.', checkedAt: options.now().toISOString() }
      : { status: 'unknown', reason: reasonOf(error), checkedAt: options.now().toISOString() };
  }
  if (options.adminToken || options.records) {
    try {
      const records = await (options.records ?? client.listKeys(options.adminToken ?? '').then((list) => list.apiKeys));
      const record = matchKeyRecord(key, records);
      if (record) verification.record = toKeyRecordSummary(record);
      else verification.recordError = 'No key record matches this key with the management credential given.';
    } catch (error) {
      verification.recordError = `Could not look up the key record: ${reasonOf(error)}`;
    }
  }
  return verification;
}

/** A one-line reason for `unknown`, safe to show: API errors carry no secrets. */
function reasonOf(error: unknown): string {
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') return error.message;
  return 'Verification failed unexpectedly.';
}

import type { RuntypeClient } from '../api/client.ts';
import { isApiHttpError } from '../api/errors.ts';
import type { Verification } from '../verify/types.ts';
import { verifyKey } from '../verify/verify-key.ts';

export interface RevokeAndConfirmOptions {
  client: RuntypeClient;
  /** Management credential allowed to delete keys. */
  adminToken: string;
  keyId: string;
  /** The key itself, when known: then the proof is a fresh `GET /v1/auth/me` answering 401. */
  key?: string | undefined;
  now: () => Date;
}

export interface RevokeResult {
  /** False when the API said 404: someone revoked it already. */
  wasPresent: boolean;
  /** True once a fresh check shows the key no longer works (or its record is gone). */
  confirmed: boolean;
  /** The fresh verification, when the key was known. */
  verification?: Verification;
}

/**
 * Revokes a key (`DELETE /v1/api-keys/:id`) and proves it: with the key, a fresh verification must
 * say `invalid`; without it, the record must be gone or inactive. A 404 on DELETE counts as
 * already revoked. API errors other than that are thrown.
 */
export async function revokeAndConfirm(options: RevokeAndConfirmOptions): Promise<RevokeResult> {
  const { client, adminToken, keyId } = options;
  let wasPresent = true;
  try {
    await client.revokeKey(adminToken, keyId);
  } catch (error) {
    if (!(isApiHttpError(error) && error.status === 404)) throw error;
    wasPresent = false;
  }
  if (options.key !== undefined) {
    const verification = await verifyKey(options.key, { client, now: options.now });
    return { wasPresent, confirmed: verification.status === 'invalid', verification };
  }
  try {
    const record = await client.getKey(adminToken, keyId);
    return { wasPresent, confirmed: !record.isActive };
  } catch (error) {
    if (isApiHttpError(error) && error.status === 404) return { wasPresent, confirmed: true };
    return { wasPresent, confirmed: false };
  }
}

/**
 * Inspect and Revoke for one key, on top of core's API client. Host-free: the client, the
 * management-token lookup and the clock come in, so unit tests can pass a mock transport.
 * Revoke is proven, not assumed: after DELETE the key is verified again and must be rejected.
 */
import { inspectKey, redactKey, revokeLeakedKey, type RuntypeClient, type Verification, type VerificationCachePort } from '@rt-guard/core';
import { ExtensionError, scrub } from '../shared/errors.ts';
import type { InspectResult, RevokeResult } from '../shared/messages.ts';

export interface BackgroundKeyServiceDeps {
  client: RuntypeClient;
  getManagementToken(): Promise<string | undefined>;
  now(): Date;
  /** Told what Inspect and Revoke learn (a revoked key is `invalid` at once). */
  cache?: VerificationCachePort | undefined;
}

export interface BackgroundKeyService {
  inspect(key: string): Promise<InspectResult>;
  revoke(key: string): Promise<RevokeResult>;
}

export function createBackgroundKeyService(deps: BackgroundKeyServiceDeps): BackgroundKeyService {
  const { client, now, cache } = deps;

  function toInspectResult(key: string, verification: Verification, hasManagementToken: boolean): InspectResult {
    const reason = [verification.reason, verification.recordError].filter(Boolean).join(' ');
    const result: InspectResult = { redacted: redactKey(key), status: verification.status, checkedAt: verification.checkedAt, hasManagementToken };
    if (reason) result.reason = scrub(reason);
    if (verification.record) {
      const r = verification.record;
      result.record = { id: r.id, name: r.name, permissions: r.permissions, environment: r.environment };
      if (r.lastUsedAt !== undefined) result.record.lastUsedAt = r.lastUsedAt;
      if (r.expiresAt !== undefined) result.record.expiresAt = r.expiresAt;
      if (r.isActive !== undefined) result.record.isActive = r.isActive;
    }
    return result;
  }

  return {
    async inspect(key) {
      const token = await deps.getManagementToken();
      const { verification } = await inspectKey(key, { client, now, cache, managementToken: token });
      return toInspectResult(key, verification, token !== undefined);
    },

    async revoke(key) {
      // core's revokeLeakedKey: check, find the one record, DELETE, verify again (must be rejected).
      // Without a management token, the key itself may hold API_KEYS rights and revoke itself.
      const outcome = await revokeLeakedKey(key, { client, now, cache, managementToken: await deps.getManagementToken(), allowSelfRevoke: true });
      const redacted = outcome.key.redacted;
      const name = outcome.record ? `"${scrub(outcome.record.name)}" ` : '';
      switch (outcome.status) {
        case 'revoked':
          return { redacted, revoked: true, confirmed: true, message: `Revoked ${name}(${redacted}). Checked again: the Runtype API now rejects the key.` };
        case 'already-revoked':
          return outcome.record
            ? { redacted, revoked: false, confirmed: true, message: `Already revoked: ${name}(${redacted}). The Runtype API rejects the key.` }
            : { redacted, revoked: false, confirmed: true, message: `${redacted} is already rejected by the Runtype API: nothing to revoke.` };
        case 'unconfirmed':
        case 'cancelled': {
          const after = outcome.proof;
          return {
            redacted,
            revoked: true,
            confirmed: false,
            message: `Revoke of ${redacted} was accepted, but checking again says "${after?.status ?? 'unknown'}"${after?.reason ? `: ${scrub(after.reason)}` : ''}. Check the Runtype dashboard.`,
          };
        }
        case 'refused':
        case 'failed': {
          const error = outcome.error ?? { code: 'E_UNEXPECTED', message: 'Revoke failed.' };
          const message = error.code === 'E_KEY_RECORD_NOT_FOUND' || error.code === 'E_KEY_RECORD_AMBIGUOUS' ? `${redacted}: ${error.message}` : error.message;
          throw new ExtensionError(error.code, scrub(message));
        }
        default:
          outcome.status satisfies never;
          throw new ExtensionError('E_UNEXPECTED', 'Revoke failed.');
      }
    },
  };
}

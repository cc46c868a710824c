/**
 * Inspect and Revoke for one key, on top of core's API client. Host-free: the client, the
 * management-token lookup and the clock come in, so unit tests can pass a mock transport.
 * Revoke is proven, not assumed: after DELETE the key is verified again and must be rejected.
 */
import { matchKeyRecord, redactKey, revokeAndConfirm, verifyKey, type RuntypeClient, type Verification } from '@rt-guard/core';
import { ExtensionError, scrub } from '../shared/errors.ts';
import type { InspectResult, RevokeResult } from '../shared/messages.ts';

export interface KeyServiceDeps {
  client: RuntypeClient;
  getManagementToken(): Promise<string | undefined>;
  now(): Date;
}

export interface KeyService {
  inspect(key: string): Promise<InspectResult>;
  revoke(key: string): Promise<RevokeResult>;
}

export function createKeyService(deps: KeyServiceDeps): KeyService {
  const { client, now } = deps;

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
      const verification = await verifyKey(key, { client, adminToken: token, now });
      return toInspectResult(key, verification, token !== undefined);
    },

    async revoke(key) {
      const redacted = redactKey(key);
      const before = await verifyKey(key, { client, now });
      if (before.status === 'invalid') {
        return { redacted, revoked: false, confirmed: true, message: `${redacted} is already rejected by the Runtype API: nothing to revoke.` };
      }
      // Without a management token, the key itself may hold API_KEYS rights and revoke itself.
      const credential = (await deps.getManagementToken()) ?? key;
      const records = (await client.listKeys(credential)).apiKeys;
      const record = matchKeyRecord(key, records);
      if (!record) {
        throw new ExtensionError(
          'E_KEY_RECORD_NOT_FOUND',
          `No key record matches ${redacted} for the management credential; set the token of the account that owns the key in the options.`,
        );
      }
      // core's revokeAndConfirm: DELETE, then a fresh verification of the key must answer 401.
      const outcome = await revokeAndConfirm({ client, adminToken: credential, keyId: record.id, key, now });
      const after = outcome.verification;
      if (outcome.confirmed) {
        return {
          redacted,
          revoked: outcome.wasPresent,
          confirmed: true,
          message: `${outcome.wasPresent ? 'Revoked' : 'Already revoked:'} "${scrub(record.name)}" (${redacted}). Checked again: the Runtype API now rejects the key.`,
        };
      }
      return {
        redacted,
        revoked: true,
        confirmed: false,
        message: `Revoke of ${redacted} was accepted, but checking again says "${after?.status ?? 'unknown'}"${after?.reason ? `: ${scrub(after.reason)}` : ''}. Check the Runtype dashboard.`,
      };
    },
  };
}

import type { ApiKey } from '../api/schemas.ts';
import { environmentOfRecord, recordShowsKey, visibleTailsOf } from '../api/contract.ts';
import type { KeyRecordSummary } from './types.ts';

type MatchFields = Pick<ApiKey, 'keyPrefix' | 'searchHint' | 'maskedKey'> & { isActive?: boolean | undefined };

/**
 * Where a key stands among the records a credential can list:
 * - `match`: exactly one active record shows this key;
 * - `inactive`: no active record does, but an inactive one (soft-deleted) does: already revoked;
 * - `none`: no record shows it (another account, a teammate's key, or the record hides its tail);
 * - `ambiguous`: two or more active records fit: acting on one would be a guess.
 * `reason` says why in words any surface can show (no flags, no key).
 */
export type KeyRecordMatch<R> =
  | { kind: 'match'; record: R }
  | { kind: 'inactive'; record: R; reason: string }
  | { kind: 'none'; reason: string }
  | { kind: 'ambiguous'; count: number; reason: string };

/**
 * Finds the record of `key` among `records` ([proposal], shared/runtype-api.md: there is no
 * "introspect this key" endpoint). A record fits when the key starts with its `keyPrefix` and
 * ends with the visible tail it shows (`maskedKey` after the mask; `searchHint` only where it is a
 * tail, not a human hint: see `recordShowsKey` in contract.ts). A record showing no tail never fits. Inactive
 * records (`isActive: false`) are never a `match`: they mean "already revoked".
 *
 * @example
 * const found = findKeyRecord(key, (await client.listKeys(token)).apiKeys);
 * if (found.kind === 'match') await client.revokeKey(token, found.record.id);
 */
export function findKeyRecord<R extends MatchFields>(key: string, records: readonly R[]): KeyRecordMatch<R> {
  const fits = records.filter((record) => recordShowsKey(record, key));
  const active = fits.filter((record) => record.isActive !== false);
  if (active.length === 1) return { kind: 'match', record: active[0]! };
  if (active.length > 1) {
    return {
      kind: 'ambiguous',
      count: active.length,
      reason: `${active.length} key records show the same start and end as this key, so rt-guard cannot tell which one it is and acts on none. Revoke it in the Runtype dashboard.`,
    };
  }
  if (fits.length > 0) return { kind: 'inactive', record: fits[0]!, reason: 'The key record is inactive: the key is already revoked.' };
  const anyTail = records.some((record) => visibleTailsOf(record).length > 0);
  return {
    kind: 'none',
    reason:
      anyTail || records.length === 0
        ? 'No key record for this management credential shows this key: it may belong to another account or user, or be deleted already.'
        : 'The key records show no visible end of their keys (maskedKey/searchHint), so no record can be matched to this key safely.',
  };
}

/**
 * The one active record of `key`, or undefined (none, several, or only inactive ones): never a
 * guess. `findKeyRecord` says which of those it was.
 */
export function matchKeyRecord<R extends MatchFields>(key: string, records: readonly R[]): R | undefined {
  const found = findKeyRecord(key, records);
  return found.kind === 'match' ? found.record : undefined;
}

/** Maps an API key record to what a finding shows about it. */
export function toKeyRecordSummary(record: ApiKey): KeyRecordSummary {
  const summary: KeyRecordSummary = {
    id: record.id,
    name: record.name,
    permissions: [...record.permissions],
    environment: environmentOfRecord(record),
    lastUsedAt: record.lastUsedAt ?? null,
    expiresAt: record.expiresAt ?? null,
  };
  if (record.createdAt !== undefined) summary.createdAt = record.createdAt;
  if (record.isActive !== undefined) summary.isActive = record.isActive;
  return summary;
}

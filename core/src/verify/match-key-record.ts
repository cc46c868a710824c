import type { ApiKey } from '../api/schemas.ts';
import { environmentOfRecord, visibleTailOf } from '../api/proposals.ts';
import type { KeyRecordSummary } from './types.ts';

/**
 * Finds the record of `key` among `records` ([proposal], shared/runtype-api.md: there is no
 * "introspect this key" endpoint). A record matches when the key starts with its `keyPrefix` and
 * ends with the visible tail of its `searchHint`/`maskedKey`. Returns undefined when no record, or
 * more than one, matches: a wrong match would make us revoke or rotate the wrong key.
 */
export function matchKeyRecord<R extends Pick<ApiKey, 'keyPrefix' | 'searchHint' | 'maskedKey'>>(
  key: string,
  records: readonly R[],
): R | undefined {
  const matches = records.filter((record) => {
    const tail = visibleTailOf(record);
    if (!record.keyPrefix || !tail) return false;
    return key.startsWith(record.keyPrefix) && key.endsWith(tail) && key.length >= record.keyPrefix.length + tail.length;
  });
  return matches.length === 1 ? matches[0] : undefined;
}

/** Maps an API key record to what a finding shows about it. */
export function toKeyRecordSummary(record: ApiKey): KeyRecordSummary {
  return {
    id: record.id,
    name: record.name,
    permissions: [...record.permissions],
    environment: environmentOfRecord(record),
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt ?? null,
    expiresAt: record.expiresAt ?? null,
    isActive: record.isActive,
  };
}

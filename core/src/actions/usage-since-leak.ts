import type { RuntypeClient } from '../api/client.ts';
import type { ApiKey } from '../api/schemas.ts';
import { findKeyRecord } from '../verify/match-key-record.ts';
import { usageSinceLeak, type ProbeWindow, type UsageSinceLeak } from '../verify/usage-since-leak.ts';

/** Every key's record as it was before rt-guard probed any key, and when probing could start. */
export interface UsageSnapshot {
  records: readonly ApiKey[] | undefined;
  takenAt: Date;
}

/**
 * Reads the key records (one `GET /v1/api-keys`) before any key is probed: a probe is recorded by
 * the API as use, so the last use before rt-guard's own is only visible now. `records` is
 * undefined when the list cannot be read (the answers are then `null`).
 */
export async function readUsageSnapshot(client: RuntypeClient, managementToken: string, now: () => Date): Promise<UsageSnapshot> {
  const records = await client.listKeys(managementToken).then(
    (list) => list.apiKeys,
    () => undefined,
  );
  return { records, takenAt: now() };
}

/** One key to answer for. */
export interface UsageQuestion {
  key: string;
  /** ISO: the earliest commit or file date of the key's findings. */
  leakedAt: string;
  /** rt-guard's earlier probes of this key (its probe log) and this run's, when it probed. */
  ownProbes: readonly ProbeWindow[];
}

/**
 * "Was it used after it leaked?" for one key: its record's `lastUsedAt` from the snapshot, then
 * its analytics (`GET /v1/api-keys/:id/analytics`) after probing, with rt-guard's own probes
 * discounted (usage-since-leak.ts). Never throws.
 */
export async function assessUsageSinceLeak(
  client: RuntypeClient,
  managementToken: string,
  snapshot: UsageSnapshot,
  question: UsageQuestion,
): Promise<UsageSinceLeak> {
  const found = snapshot.records ? findKeyRecord(question.key, snapshot.records) : undefined;
  const record = found && (found.kind === 'match' || found.kind === 'inactive') ? found.record : undefined;
  const after = record
    ? await client.keyAnalytics(managementToken, record.id).then(
        (a) => a.lastUsedAt ?? null,
        () => undefined,
      )
    : undefined;
  return usageSinceLeak({
    leakedAt: question.leakedAt,
    lastUsedBeforeProbe: record ? (record.lastUsedAt ?? null) : undefined,
    lastUsedAfterProbe: after,
    ownProbes: question.ownProbes,
  });
}

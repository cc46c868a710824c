import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assessUsageSinceLeak, type FindingWithSecret, type ProbeWindow, type RuntypeClient, type UsageSnapshot } from '@rt-guard/core';
import { cacheDirFrom, writeFileAtomic } from '@rt-guard/core/node';

export interface UsageOptions {
  client: RuntypeClient;
  token: string;
  snapshot: UsageSnapshot;
  now: () => Date;
  cwd: string;
  env: Record<string, string | undefined>;
}

const PROBE_LOG_KEEP = 20;
const PROBE_LOG_DAYS = 90;
/** An earlier run's probe happened within this long before its recorded time. */
const EARLIER_PROBE_SPAN_MS = 120_000;

/**
 * With `--verify` and a management token: sets `verification.leakedAt`, `lastUsedAt` and
 * `usedSinceLeak` on every verified finding that has a leak date (its commit's author date, else
 * the file's modification time). The last use is the key's record as read BEFORE this run probed
 * (`snapshot`), then its analytics after; rt-guard's own probes (this run's, and earlier runs' from
 * its probe log in the cache folder) are discounted. Never throws.
 */
export async function addUsageSinceLeak(findings: readonly FindingWithSecret[], options: UsageOptions): Promise<void> {
  const byKey = new Map<string, FindingWithSecret[]>();
  for (const finding of findings) {
    if (!finding.verification) continue;
    const group = byKey.get(finding.fingerprint);
    if (group) group.push(finding);
    else byKey.set(finding.fingerprint, [finding]);
  }
  if (byKey.size === 0) return;
  const log = await readProbeLog(options.env, options.client.baseUrl);
  const runWindow: ProbeWindow = { from: options.snapshot.takenAt.toISOString(), to: options.now().toISOString() };
  const probedNow: string[] = [];
  await Promise.all(
    [...byKey].map(async ([fingerprint, group]) => {
      const leakedAt = await earliestLeak(group, options.cwd);
      const verification = group[0]!.verification!;
      // A verification older than this run came from the cache: no probe this time.
      const probedThisRun = Date.parse(verification.checkedAt) >= options.snapshot.takenAt.getTime();
      if (probedThisRun) probedNow.push(fingerprint);
      if (leakedAt === undefined) return;
      const earlier = (log[fingerprint] ?? []).map((at) => ({ from: new Date(Date.parse(at) - EARLIER_PROBE_SPAN_MS).toISOString(), to: at }));
      const answer = await assessUsageSinceLeak(options.client, options.token, options.snapshot, {
        key: group[0]!.secret,
        leakedAt,
        ownProbes: [...earlier, ...(probedThisRun ? [runWindow] : [])],
      });
      for (const finding of group) finding.verification = { ...finding.verification!, ...answer };
    }),
  );
  await writeProbeLog(options.env, options.client.baseUrl, log, probedNow, runWindow.to).catch(() => undefined);
}

/** The earliest leak date of a key's findings: a commit's author date, else the file's (or archive's) modification time. */
async function earliestLeak(group: readonly FindingWithSecret[], cwd: string): Promise<string | undefined> {
  const dates: number[] = [];
  for (const finding of group) {
    if (finding.authorDate !== undefined) {
      const at = Date.parse(finding.authorDate);
      if (!Number.isNaN(at)) dates.push(at);
    } else if (finding.commit === undefined && finding.file !== '-') {
      const onDisk = resolve(cwd, finding.file.split('!')[0]!);
      const info = await stat(onDisk).catch(() => undefined);
      if (info?.isFile()) dates.push(info.mtimeMs);
    }
  }
  return dates.length === 0 ? undefined : new Date(Math.min(...dates)).toISOString();
}

type ProbeLog = Record<string, string[]>;

function probeLogPath(env: Record<string, string | undefined>, baseUrl: string): string {
  const origin = createHash('sha256').update(baseUrl).digest('hex').slice(0, 16);
  return join(cacheDirFrom(env), `probes-${origin}.json`);
}

/** When earlier runs probed each key (by fingerprint; never a key). Missing or corrupt: empty. */
async function readProbeLog(env: Record<string, string | undefined>, baseUrl: string): Promise<ProbeLog> {
  try {
    const parsed = JSON.parse(await readFile(probeLogPath(env, baseUrl), 'utf8')) as { version?: unknown; probes?: unknown };
    if (parsed.version !== 1 || typeof parsed.probes !== 'object' || parsed.probes === null) return {};
    const log: ProbeLog = {};
    for (const [fingerprint, times] of Object.entries(parsed.probes as Record<string, unknown>)) {
      if (/^[0-9a-f]{64}$/.test(fingerprint) && Array.isArray(times))
        log[fingerprint] = times.filter((t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)));
    }
    return log;
  } catch {
    return {};
  }
}

async function writeProbeLog(env: Record<string, string | undefined>, baseUrl: string, log: ProbeLog, probed: readonly string[], at: string): Promise<void> {
  if (probed.length === 0) return;
  const oldest = Date.parse(at) - PROBE_LOG_DAYS * 86_400_000;
  for (const fingerprint of probed) log[fingerprint] = [...(log[fingerprint] ?? []), at].slice(-PROBE_LOG_KEEP);
  for (const [fingerprint, times] of Object.entries(log)) {
    const kept = times.filter((t) => Date.parse(t) >= oldest);
    if (kept.length === 0) delete log[fingerprint];
    else log[fingerprint] = kept;
  }
  await mkdir(cacheDirFrom(env), { recursive: true, mode: 0o700 });
  await writeFileAtomic(probeLogPath(env, baseUrl), `${JSON.stringify({ version: 1, probes: log })}\n`);
}

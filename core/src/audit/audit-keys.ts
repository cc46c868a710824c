import type { ApiKey } from '../api/schemas.ts';
import type { Severity } from '../detect/types.ts';

/** One best-practice problem of one key (Runtype's own advice, shared/runtype-api.md). */
export interface AuditFinding {
  rule: AuditRuleId;
  severity: Severity;
  keyId: string;
  keyName: string;
  message: string;
}

export type AuditRuleId =
  | 'key-older-than-90-days'
  | 'key-no-expiry'
  | 'key-expiring-soon'
  | 'key-expired'
  | 'key-unused'
  | 'key-never-used'
  | 'key-vague-name'
  | 'key-wildcard-permission'
  | 'key-shared-name';

const DAY = 86_400_000;

/** Thresholds of the audit rules, from Runtype's best practices. */
export const AUDIT_LIMITS = { rotateAfterDays: 90, expiringWithinDays: 14, unusedForDays: 30 } as const;

// "Key 1", "test", "default": names that do not say where the key is used.
const VAGUE_NAME =
  /^(?:(?:my |new |api |secret |default )?(?:api )?key|test(?:ing)?|default|temp|tmp|untitled|dev|prod|production|foo|bar|asdf|x+)[\s_-]*\d*$/i;

/**
 * Audits key records against Runtype's best practices: older than 90 days (rotate), no expiry,
 * expiring within 14 days, expired, not used for 30 days or never, vague names, a wildcard `*`
 * permission on a live key, one name shared by several keys. Pure: `now` is a parameter.
 *
 * @example
 * auditKeys((await client.listKeys(token)).apiKeys, new Date()).filter((f) => f.severity === 'high')
 */
export function auditKeys(records: readonly ApiKey[], now: Date): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const t = now.getTime();
  const nameCounts = new Map<string, number>();
  for (const record of records) {
    const name = normalizeName(record.name);
    nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);
  }
  for (const record of records) {
    const add = (rule: AuditRuleId, severity: Severity, message: string) => findings.push({ rule, severity, keyId: record.id, keyName: record.name, message });
    // A field the answer did not carry (undefined) is not judged: absent is not the same as none.
    const ageDays = record.createdAt ? Math.floor((t - Date.parse(record.createdAt)) / DAY) : Number.NaN;
    if (ageDays > AUDIT_LIMITS.rotateAfterDays) add('key-older-than-90-days', 'medium', `Created ${ageDays} days ago: rotate keys every 90 days.`);
    if (record.expiresAt === undefined) {
      // not shown by this answer
    } else if (!record.expiresAt) {
      add('key-no-expiry', 'low', 'Never expires: set an expiration date.');
    } else {
      const left = Date.parse(record.expiresAt) - t;
      if (left <= 0) add('key-expired', 'info', `Expired on ${record.expiresAt.slice(0, 10)}: delete it if nothing uses it.`);
      else if (left <= AUDIT_LIMITS.expiringWithinDays * DAY)
        add('key-expiring-soon', 'medium', `Expires in ${Math.ceil(left / DAY)} day(s): rotate it before it breaks its users.`);
    }
    if (record.lastUsedAt === undefined) {
      // not shown by this answer
    } else if (!record.lastUsedAt) {
      add('key-never-used', 'low', 'Never used: revoke it if nothing needs it.');
    } else {
      const idle = Math.floor((t - Date.parse(record.lastUsedAt)) / DAY);
      if (idle >= AUDIT_LIMITS.unusedForDays) add('key-unused', 'low', `Not used for ${idle} days: revoke it if nothing needs it.`);
    }
    if (VAGUE_NAME.test(record.name.trim()) || record.name.trim().length < 3) {
      add('key-vague-name', 'low', `The name "${record.name}" does not say what uses the key: name it after its use (e.g. "Production deploy script").`);
    }
    if (record.isActive !== false && record.permissions.includes('*')) {
      add('key-wildcard-permission', 'high', 'Live key with the wildcard "*" permission: give it only the permissions it needs.');
    }
    const shared = nameCounts.get(normalizeName(record.name)) ?? 0;
    if (shared > 1) add('key-shared-name', 'medium', `${shared} keys are named "${record.name}": use a separate, descriptive key per use.`);
  }
  return findings;
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

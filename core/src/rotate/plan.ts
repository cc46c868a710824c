import { environmentOfRecord } from '../api/contract.ts';
import type { ApiKey, CreateKeyInput } from '../api/schemas.ts';

/**
 * Something the replacement may not carry over, said instead of silently dropped: the old
 * record's answer did not show its IP allow-list or its expiry (documented answers may omit them).
 */
export interface PlanNote {
  code: 'allowed-ips-not-shown' | 'expiry-not-shown';
  message: string;
}

/** What a rotation will do, computed without any effect. */
export interface RotationPlan {
  mode: 'standard' | 'emergency';
  oldKeyId: string;
  oldName: string;
  /** Standard mode: the replacement to create (same permissions, allowed IPs, expiry length). */
  create?: CreateKeyInput;
  newName: string;
  /** Keep the old key this long after the new one is live; finished by `rotate --finish`. */
  graceMs?: number;
  steps: string[];
  /** Restrictions that could not be copied because the record did not show them. */
  notes: PlanNote[];
}

export interface PlanRotationInput {
  record: ApiKey;
  mode: 'standard' | 'emergency';
  now: Date;
  graceMs?: number | undefined;
  /** Human description of the target, e.g. `.env (RUNTYPE_API_KEY)`, for the step list. */
  targetLabel: string;
  /** The old key's environment, from its prefix (`environmentOfKey`); else derived from the record. */
  environment?: 'live' | 'test' | undefined;
}

const ROTATED_SUFFIX = / \(rotated \d{4}-\d{2}-\d{2}\)$/;

/**
 * Plans a rotation of `record`: standard (create, wire, verify, revoke or grace) or emergency
 * (regenerate: the old value dies at once, so there is no zero-downtime window).
 *
 * @example
 * planRotation({ record, mode: 'standard', now: new Date(), targetLabel: '.env' }).steps
 */
export function planRotation(input: PlanRotationInput): RotationPlan {
  const { record, mode, now } = input;
  const newName = rotatedName(record.name, now);
  if (mode === 'emergency') {
    return {
      mode,
      oldKeyId: record.id,
      oldName: record.name,
      newName: record.name,
      steps: [
        `regenerate "${record.name}" (the current value stops working immediately)`,
        `write the new value to ${input.targetLabel}`,
        'verify the new value is live',
      ],
      notes: [],
    };
  }
  // The replacement must live in the old key's environment: sent explicitly, checked on the answer.
  const create: CreateKeyInput = { name: newName, permissions: [...record.permissions], environment: input.environment ?? environmentOfRecord(record) };
  const notes: PlanNote[] = [];
  if (record.allowedIps === undefined) {
    notes.push({
      code: 'allowed-ips-not-shown',
      message: `The record of "${record.name}" does not show its allowed IPs: if it had an IP allow-list, set it on the new key in the Runtype dashboard.`,
    });
  } else if (record.allowedIps && record.allowedIps.length > 0) {
    create.allowedIps = [...record.allowedIps];
  }
  if (record.expiresAt === undefined) {
    notes.push({
      code: 'expiry-not-shown',
      message: `The record of "${record.name}" does not show its expiry: if it had one, set it on the new key in the Runtype dashboard.`,
    });
  } else {
    const expiresAt = sameLengthExpiry(record, now);
    if (expiresAt) create.expiresAt = expiresAt;
  }
  const plan: RotationPlan = {
    mode,
    oldKeyId: record.id,
    oldName: record.name,
    create,
    newName,
    steps: [
      `create "${newName}" with permissions ${create.permissions?.join(', ') || '(none)'}` +
        (create.allowedIps ? `, allowed IPs ${create.allowedIps.join(', ')}` : '') +
        (create.expiresAt ? `, expiring ${create.expiresAt}` : ', no expiry (as the old key)'),
      `write it to ${input.targetLabel}`,
      'verify the new key is live',
      input.graceMs ? `keep the old key for ${formatDuration(input.graceMs)}, then finish the rotation to revoke it` : `revoke "${record.name}"`,
    ],
    notes,
  };
  if (input.graceMs) plan.graceMs = input.graceMs;
  return plan;
}

/** `"Deploy"` → `"Deploy (rotated 2026-11-27)"`; an earlier rotation suffix is replaced, not stacked. */
export function rotatedName(name: string, now: Date): string {
  const base = name.replace(ROTATED_SUFFIX, '');
  const suffix = ` (rotated ${now.toISOString().slice(0, 10)})`;
  return base.slice(0, 255 - suffix.length) + suffix;
}

/** An expiry as far from `now` as the old key's was from its creation; undefined when it had none. */
export function sameLengthExpiry(record: Pick<ApiKey, 'createdAt' | 'expiresAt'>, now: Date): string | undefined {
  if (!record.expiresAt) return undefined;
  // Without a creation date, keep the old expiry itself: never longer than the old key had.
  if (!record.createdAt) return Date.parse(record.expiresAt) > now.getTime() ? new Date(Date.parse(record.expiresAt)).toISOString() : undefined;
  const lifetime = Date.parse(record.expiresAt) - Date.parse(record.createdAt);
  if (!Number.isFinite(lifetime) || lifetime <= 0) return undefined;
  return new Date(now.getTime() + lifetime).toISOString();
}

/** Parses `30m`, `24h`, `7d`, `90s` into ms. Throws a clear error for anything else. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  if (!match) throw new TypeError(`Invalid duration "${text}": use a number and a unit, e.g. 30m, 24h or 7d.`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.round(ms / 60_000)}m`;
}

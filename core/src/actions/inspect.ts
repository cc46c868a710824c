import { environmentOfKey } from '../api/contract.ts';
import { fingerprintOf } from '../detect/hash.ts';
import { redactKey } from '../detect/redact.ts';
import type { Verification } from '../verify/types.ts';
import { verifyKey } from '../verify/verify-key.ts';
import type { ActionContext } from './ports.ts';
import type { NextStep } from './types.ts';

/** A key as every surface may show it: never the key itself. */
export interface KeyIdentity {
  /** `rt_live_…` + last 4. */
  redacted: string;
  /** SHA-256 of the key (hex): the id scans and caches use. */
  fingerprint: string;
  environment: 'live' | 'test' | undefined;
}

/** What `inspectKey` found. `status` is the verification's; `record` needs a management token. */
export interface InspectResult {
  status: Verification['status'];
  key: KeyIdentity;
  verification: Verification;
  /** Whether a management credential was given (without one, there is no record to show). */
  hasManagementToken: boolean;
  nextStep?: NextStep;
}

/** The identity of `key` (redacted, fingerprint, environment) for results and reports. */
export function keyIdentity(key: string): KeyIdentity {
  return { redacted: redactKey(key), fingerprint: fingerprintOf(key), environment: environmentOfKey(key) };
}

/**
 * Inspects one key: is it live (a fresh check, never the cache), and with a management token,
 * which record is it (name, permissions, environment, dates). Writes what it learned to the cache.
 * Never throws for API failures: the status is then `unknown`, with `nextStep` retry-later.
 *
 * @example
 * const result = await inspectKey(key, { client, now: () => new Date(), managementToken });
 * render(result.status, result.verification.record);
 */
export async function inspectKey(key: string, ctx: ActionContext): Promise<InspectResult> {
  const verification = await verifyKey(key, { client: ctx.client, adminToken: ctx.managementToken, now: ctx.now });
  const identity = keyIdentity(key);
  ctx.cache?.set(identity.fingerprint, verification);
  await ctx.cache?.flush?.().catch(() => undefined);
  const result: InspectResult = { status: verification.status, key: identity, verification, hasManagementToken: Boolean(ctx.managementToken) };
  if (verification.status === 'unknown') result.nextStep = { kind: 'retry-later' };
  return result;
}

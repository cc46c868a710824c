import { isApiHttpError } from '../api/errors.ts';
import type { ApiKey } from '../api/schemas.ts';
import { auditKeys, type AuditFinding } from '../audit/audit-keys.ts';
import { severityRank } from '../detect/types.ts';
import type { ActionContext } from './ports.ts';
import { toActionError, type ActionError, type NextStep } from './types.ts';

/** The account's keys, or why they could not be listed. */
export type KeyListResult = { status: 'ok'; records: ApiKey[] } | { status: 'failed'; error: ActionError; nextStep?: NextStep };

/** The account's keys audited against Runtype's best practices, most severe first. */
export type AuditResult = { status: 'ok'; records: ApiKey[]; findings: AuditFinding[] } | { status: 'failed'; error: ActionError; nextStep?: NextStep };

/**
 * Lists the account's keys with the management credential. Never throws for API failures.
 *
 * @example
 * const listed = await listAccountKeys({ client, now, managementToken });
 * if (listed.status === 'ok') show(listed.records);
 */
export async function listAccountKeys(ctx: ActionContext): Promise<KeyListResult> {
  if (!ctx.managementToken) {
    return {
      status: 'failed',
      error: { name: 'AuditError', code: 'E_NO_MANAGEMENT_TOKEN', message: 'Listing keys needs a management credential.' },
      nextStep: { kind: 'set-management-token', needs: 'key-manager' },
    };
  }
  try {
    return { status: 'ok', records: (await ctx.client.listKeys(ctx.managementToken)).apiKeys };
  } catch (error) {
    const result: KeyListResult = { status: 'failed', error: toActionError(error) };
    if (isApiHttpError(error) && error.status === 401 && !error.isRuntypeChallenge) result.nextStep = { kind: 'check-api-url' };
    else if (isApiHttpError(error) && (error.status === 401 || error.status === 403)) result.nextStep = { kind: 'set-management-token', needs: 'key-manager' };
    else result.nextStep = { kind: 'retry-later' };
    return result;
  }
}

/**
 * Audits every key of the account (`auditKeys`: age, expiry, use, names, wildcard permissions),
 * most severe finding first. Never throws for API failures.
 */
export async function auditAccount(ctx: ActionContext): Promise<AuditResult> {
  const listed = await listAccountKeys(ctx);
  if (listed.status !== 'ok') return listed;
  const findings = auditKeys(listed.records, ctx.now()).sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  return { status: 'ok', records: listed.records, findings };
}

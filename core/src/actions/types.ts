import type { RtGuardError } from '../errors.ts';

/**
 * What the user can do next, as data: each surface renders it in its own words (the CLI names its
 * flags, VS Code its commands, the browser its buttons, an MCP server its tools). Core messages
 * never name a CLI flag.
 */
export type NextStep =
  /** Continue an interrupted rotation from its journal. */
  | { kind: 'resume-rotation'; journalId: string }
  /** Undo an unfinished rotation; `needsOldKey` when the old key must be given back (it is never stored). */
  | { kind: 'rollback-rotation'; journalId: string; needsOldKey: boolean }
  /** End a grace period: revoke the old key (any time; it stays live until `graceUntil` otherwise). */
  | { kind: 'finish-rotation'; journalId: string; graceUntil: string }
  /** A management credential is missing or cannot do this; `needs` says which kind. */
  | { kind: 'set-management-token'; needs: 'session-token' | 'key-manager' }
  /** rt-guard will not act (no or several matching records): do it in the Runtype dashboard. */
  | { kind: 'use-dashboard'; action: 'revoke' | 'rotate' }
  /** The API could not tell (network, rate limit, proxy): ask again later. */
  | { kind: 'retry-later' }
  /** Check the API URL setting (wrong host, redirect, proxy answer). */
  | { kind: 'check-api-url' }
  /** Restrictions the new key may lack; set them in the dashboard. */
  | { kind: 'review-restrictions'; fields: ('allowedIps' | 'expiresAt')[] };

/** The `{name, code, message}` of an error, safe to send across realms and to print (never a key). */
export interface ActionError {
  name: string;
  code: string;
  message: string;
  /** For HTTP errors: the status. */
  status?: number;
}

/** Serialises any error to an `ActionError` (messages of API errors are already scrubbed of secrets). */
export function toActionError(error: unknown): ActionError {
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    const e = error as RtGuardError & { status?: unknown };
    const out: ActionError = { name: e.name ?? 'Error', code: e.code, message: e.message };
    if (typeof e.status === 'number') out.status = e.status;
    return out;
  }
  return { name: 'Error', code: 'E_UNEXPECTED', message: 'An unexpected error happened.' };
}

/**
 * What the Runtype API says about a found key. `unknown` is never "safe": it means we could not
 * tell (network error, timeout, rate limit, server error after retries).
 */
export type VerificationStatus = 'live' | 'invalid' | 'unknown';

/** The key's record, when a management credential let us match it (shared/runtype-api.md). */
export interface KeyRecordSummary {
  id: string;
  name: string;
  permissions: string[];
  environment: 'live' | 'test';
  createdAt?: string;
  lastUsedAt?: string | null;
  expiresAt?: string | null;
  isActive?: boolean;
}

export interface Verification {
  status: VerificationStatus;
  /** Why `invalid` or `unknown`, in words a user can act on. Never holds a key or a token. */
  reason?: string;
  /** ISO time of the check. */
  checkedAt: string;
  record?: KeyRecordSummary;
  /** Why the record could not be added although a management credential was given. */
  recordError?: string;
  /** With a management credential and a leak date (a commit's, or the file's): when it leaked (ISO). */
  leakedAt?: string;
  /** The key's last use that rt-guard did not make itself; null: never used. */
  lastUsedAt?: string | null;
  /** Used after it leaked? null: cannot tell (see usage-since-leak.ts). */
  usedSinceLeak?: boolean | null;
}

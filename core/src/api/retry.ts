/** How the client retries. Only idempotent requests (GET, PUT, DELETE) are ever retried. */
export interface RetryOptions {
  /** Extra attempts after the first; default 2. */
  limit?: number;
  /** First backoff in ms, doubled per attempt, full jitter; default 250. */
  baseDelayMs?: number;
  /** Cap of one backoff; default 4000. */
  maxDelayMs?: number;
  /** A 429 whose Retry-After asks for longer than this is not waited for; default 30000. */
  maxRetryAfterMs?: number;
}

export type ResolvedRetry = Required<RetryOptions>;

/** Fills in the defaults of `RetryOptions`. */
export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  return {
    limit: options.limit ?? 2,
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 4000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
  };
}

// POST creates or regenerates: retrying one could mint a second key nobody knows about.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** True when `method` may be sent twice with the same effect. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** True for statuses worth another attempt: 429 and 5xx except 501. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/** Full-jitter exponential backoff for attempt 1, 2, …: random in [0, min(max, base·2^(n-1))]. */
export function backoffDelay(attempt: number, retry: ResolvedRetry, random: () => number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

/** Parses `Retry-After`: seconds or an HTTP date. Returns seconds, or undefined when absent or bad. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

import { RtGuardError } from '../errors.ts';
import { redactText } from '../detect/redact.ts';
import { adviceForStatus, isRuntypeAuthChallenge } from './contract.ts';

/** What every API error knows about the request that failed. Never headers, never a token. */
export interface ApiRequestInfo {
  method: string;
  /** Path only (`/v1/api-keys/…`), without query string or host. */
  path: string;
}

/**
 * The API answered with a non-2xx status. `apiCode` is the body's machine code when it has one
 * (e.g. `TEST_KEY_PERMISSION_DENIED`). The message follows one format:
 * "API request failed with status 401: GET /v1/auth/me" followed by advice the user can act on.
 *
 * @example
 * if (isApiHttpError(error) && error.status === 401) askForANewToken();
 */
export class ApiHttpError extends RtGuardError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly apiCode: string | undefined;
  /** Seconds from `Retry-After` (429/503), when the server sent one. */
  readonly retryAfterSeconds: number | undefined;
  /** What the user can do about it; already part of `message`. */
  readonly advice: string;
  /**
   * True when a 401 carries Runtype's own `WWW-Authenticate: Bearer resource_metadata=…` challenge
   * [doc]. A 401 without it came from a proxy, a captive portal or the wrong host: it proves nothing
   * about the token. Always false for other statuses.
   */
  readonly isRuntypeChallenge: boolean;
  constructor(
    request: ApiRequestInfo,
    status: number,
    details: {
      apiCode?: string | undefined;
      serverMessage?: string | undefined;
      retryAfterSeconds?: number | undefined;
      /** The response's `WWW-Authenticate` header (only read to classify a 401; never printed). */
      wwwAuthenticate?: string | null | undefined;
    } = {},
  ) {
    const isRuntypeChallenge = status === 401 && isRuntypeAuthChallenge(details.wwwAuthenticate);
    const advice = adviceForStatus(status, request.method, request.path, details.apiCode, isRuntypeChallenge);
    const server = details.serverMessage ? ` (server said: ${scrubSecrets(details.serverMessage).slice(0, 200)})` : '';
    super('E_API_HTTP', `API request failed with status ${status}: ${request.method} ${request.path}${server}. ${advice}`);
    this.status = status;
    this.method = request.method;
    this.path = request.path;
    this.apiCode = details.apiCode;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.advice = advice;
    this.isRuntypeChallenge = isRuntypeChallenge;
  }
}

/** The request never got an answer (DNS, refused, reset, TLS). The original error is in `cause`. */
export class ApiNetworkError extends RtGuardError {
  readonly method: string;
  readonly path: string;
  constructor(request: ApiRequestInfo, cause: unknown) {
    super(
      'E_API_NETWORK',
      `API request failed (network error: ${scrubSecrets(causeText(cause))}): ${request.method} ${request.path}. ` + 'Check your connection and the API URL.',
      { cause },
    );
    this.method = request.method;
    this.path = request.path;
  }
}

/** The API did not answer in time (connect, headers or body timeout). */
export class ApiTimeoutError extends RtGuardError {
  readonly method: string;
  readonly path: string;
  constructor(request: ApiRequestInfo, cause?: unknown) {
    super('E_API_TIMEOUT', `API request timed out: ${request.method} ${request.path}. The API may be slow or unreachable; try again later.`, { cause });
    this.method = request.method;
    this.path = request.path;
  }
}

/**
 * The API answered 2xx, but not with the shape we expect (not JSON, or zod rejected it).
 * Deliberately outside the HTTP family: the request worked, the contract did not.
 */
export class ApiResponseShapeError extends RtGuardError {
  readonly method: string;
  readonly path: string;
  /** zod issue paths and messages; never values from the body. */
  readonly issues: readonly string[];
  constructor(request: ApiRequestInfo, issues: readonly string[]) {
    super(
      'E_API_RESPONSE_SHAPE',
      `API response had an unexpected shape: ${request.method} ${request.path} (${issues.slice(0, 3).join('; ')}). ` +
        'The API may have changed (see docs/api.md), or the API URL points to another server.',
    );
    this.method = request.method;
    this.path = request.path;
    this.issues = issues;
  }
}

/**
 * The answer's body was larger than the client accepts (`maxResponseBytes`, default 1 MiB). The
 * client stopped reading at the limit and aborted the request: a hostile or broken server cannot
 * make rt-guard buffer an unbounded body.
 */
export class ApiResponseTooLargeError extends RtGuardError {
  readonly method: string;
  readonly path: string;
  readonly limitBytes: number;
  constructor(request: ApiRequestInfo, limitBytes: number) {
    super(
      'E_API_RESPONSE_TOO_LARGE',
      `API response was larger than ${limitBytes} bytes: ${request.method} ${request.path}. ` + "Runtype's answers are small; check the API URL.",
    );
    this.method = request.method;
    this.path = request.path;
    this.limitBytes = limitBytes;
  }
}

/**
 * The API answered with a redirect. The client never follows one: the request carries
 * `Authorization: Bearer <token>`, and a redirect could send it to any server.
 */
export class ApiRedirectError extends RtGuardError {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  constructor(request: ApiRequestInfo, status: number) {
    super(
      'E_API_REDIRECT',
      `API request was redirected (status ${status || 'opaque redirect'}): ${request.method} ${request.path}. ` +
        'rt-guard never follows redirects with credentials; check the API URL.',
    );
    this.method = request.method;
    this.path = request.path;
    this.status = status;
  }
}

/** Stable codes of the API errors, for guards that must work across realms. */
export const API_ERROR_CODES = ['E_API_HTTP', 'E_API_NETWORK', 'E_API_TIMEOUT', 'E_API_RESPONSE_SHAPE', 'E_API_RESPONSE_TOO_LARGE', 'E_API_REDIRECT'] as const;

/** True for an `ApiHttpError`, also one serialized across a realm boundary (checks `code`). */
export function isApiHttpError(value: unknown): value is ApiHttpError {
  return codeOf(value) === 'E_API_HTTP' && typeof (value as { status?: unknown }).status === 'number';
}

/** True for any of the API errors (by `code`). */
export function isApiError(
  value: unknown,
): value is ApiHttpError | ApiNetworkError | ApiTimeoutError | ApiResponseShapeError | ApiResponseTooLargeError | ApiRedirectError {
  return (API_ERROR_CODES as readonly string[]).includes(codeOf(value) ?? '');
}

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const code = typeof inner === 'object' && inner !== null ? (inner as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? code : cause.message;
  }
  return String(cause);
}

// Session tokens are JWTs (`eyJ…`); a server message or a socket error could echo one back.
const JWT = /eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g;
const BEARER = /Bearer\s+\S+/gi;

/** Hides keys, JWTs and bearer values in free text that came from outside (server messages, socket errors). */
export function scrubSecrets(text: string): string {
  return redactText(text).replace(BEARER, 'Bearer …').replace(JWT, 'eyJ…');
}

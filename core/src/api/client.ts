import type * as z from 'zod/mini';
import {
  ApiHttpError,
  ApiNetworkError,
  ApiRedirectError,
  ApiResponseShapeError,
  ApiResponseTooLargeError,
  ApiTimeoutError,
  isApiError,
  type ApiRequestInfo,
} from './errors.ts';
import { DEFAULT_BASE_URL, MAX_RESPONSE_BYTES, PATHS, normalizeApiBaseUrl } from './contract.ts';
import { readBodyLimited, type BodyStream } from './read-body.ts';
import { backoffDelay, isIdempotent, isRetryableStatus, parseRetryAfter, resolveRetry, type RetryOptions } from './retry.ts';
import {
  apiSchemas,
  type ApiKey,
  type AuthMe,
  type CreatedKeyRecord,
  type CreateKeyInput,
  type KeyAnalytics,
  type KeyList,
  type KeyOptions,
  type KeysAnalytics,
  type UpdateKeyInput,
} from './schemas.ts';

/** The part of a fetch Response the client reads; undici's and the browser's both fit. */
export interface ResponseLike {
  status: number;
  /** `opaqueredirect` when a browser fetch with `redirect: 'manual'` met a redirect. */
  type?: string;
  headers: { get(name: string): string | null };
  /**
   * The body as a stream (WHATWG `ReadableStream` or an async iterable of bytes). When present,
   * the client reads it with a size limit and aborts the request past it; `text()` is the fallback
   * for transports without one (then only `content-length` is checked before reading).
   */
  body?: BodyStream | null;
  text(): Promise<string>;
}

/**
 * A fetch-shaped transport: undici in Node (`createNodeFetch`), `globalThis.fetch` elsewhere. The
 * client always asks for `redirect: 'manual'`: a redirect is never followed with the
 * Authorization header (a redirect answer becomes `ApiRedirectError`).
 */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal; redirect?: 'manual' },
) => Promise<ResponseLike>;

export interface RuntypeClientOptions {
  /** API origin; default https://api.runtype.com (callers read `RUNTYPE_API_URL`, see `baseUrlFromEnv`). */
  baseUrl?: string | undefined;
  fetch: FetchLike;
  retry?: RetryOptions;
  /** Waits between retries; injected so tests do not sleep. Default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
  /** Clock for Retry-After dates; default Date.now. */
  now?: () => number;
  /** Whole-attempt timeout (headers and body) in ms; default 20000. */
  timeoutMs?: number;
  /** Sent as User-Agent where the transport allows it. */
  userAgent?: string;
  /** Largest response body read, in bytes; default 1 MiB (`MAX_RESPONSE_BYTES`). */
  maxResponseBytes?: number;
}

/**
 * A key as returned by create/regenerate. `plainKey` is non-enumerable: JSON and logs never see it.
 * The answer is parsed tolerantly: only `plainKey` is required, because the server has already
 * minted the key (and, for regenerate, killed the old value). `apiKey` holds whatever record fields
 * came along (`id` may be missing); `problems` lists what was unexpected, for the caller to report
 * AFTER it has stored the plain key.
 */
export interface CreatedKey {
  apiKey: CreatedKeyRecord;
  readonly plainKey: string;
  warning?: string;
  /** Unexpected parts of the answer (zod issue paths and messages, never values). Empty when all was well. */
  problems: string[];
}

/**
 * The Runtype API client: one method per endpoint of shared/runtype-api.md. Every method takes
 * the credential explicitly (the key being inspected and the management token are never mixed
 * up by hidden state). Responses are validated; errors are `ApiHttpError`, `ApiNetworkError`,
 * `ApiTimeoutError` or `ApiResponseShapeError`.
 */
export interface RuntypeClient {
  readonly baseUrl: string;
  /** `GET /v1/auth/me`: who the token belongs to; 401 when the token is not valid. */
  authMe(token: string): Promise<AuthMe>;
  /**
   * `GET /v1/flows?limit=1`, read-only: resolves with the status (2xx or 403: the key exists),
   * throws `ApiHttpError` for others. Confirms a 401 from `authMe` (contract.ts).
   */
  probeKey(token: string): Promise<number>;
  listKeys(token: string): Promise<KeyList>;
  getKey(token: string, id: string): Promise<ApiKey>;
  /** Never retried: a retry could mint a second key. Needs a dashboard session token. */
  createKey(token: string, input: CreateKeyInput): Promise<CreatedKey>;
  updateKey(token: string, id: string, input: UpdateKeyInput): Promise<ApiKey>;
  revokeKey(token: string, id: string): Promise<void>;
  /** Never retried. The old value dies at once. */
  regenerateKey(token: string, id: string): Promise<CreatedKey>;
  keyOptions(token: string): Promise<KeyOptions>;
  analytics(token: string): Promise<KeysAnalytics>;
  keyAnalytics(token: string, id: string): Promise<KeyAnalytics>;
}

/**
 * Builds a client over an injected transport.
 *
 * @example
 * const client = createRuntypeClient({ fetch: createNodeFetch(), baseUrl: env.RUNTYPE_API_URL });
 * const me = await client.authMe(key);
 */
export function createRuntypeClient(options: RuntypeClientOptions): RuntypeClient {
  const baseUrl = normalizeApiBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const retry = resolveRetry(options.retry);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 20_000;

  interface Answer {
    status: number;
    text: string;
    retryAfter: string | null;
    wwwAuthenticate: string | null;
  }

  async function attempt(info: ApiRequestInfo, url: string, token: string, body: unknown): Promise<Answer> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
      if (options.userAgent) headers['user-agent'] = options.userAgent;
      const init: Parameters<FetchLike>[1] = { method: info.method, headers, signal: controller.signal, redirect: 'manual' };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      const response = await options.fetch(url, init);
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        controller.abort();
        throw new ApiRedirectError(info, response.status);
      }
      const text = await readBodyLimited(response, maxBytes, () => controller.abort());
      if (text === undefined) throw new ApiResponseTooLargeError(info, maxBytes);
      return { status: response.status, text, retryAfter: response.headers.get('retry-after'), wwwAuthenticate: response.headers.get('www-authenticate') };
    } catch (error) {
      if (isApiError(error)) throw error;
      if (timedOut || isTimeout(error)) throw new ApiTimeoutError(info, error);
      throw new ApiNetworkError(info, error);
    } finally {
      clearTimeout(timer);
    }
  }

  async function request<S extends z.ZodMiniType>(
    method: string,
    pathAndQuery: string,
    token: string,
    schema: S | undefined,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const answer = await send(method, pathAndQuery, token, body);
    return parseBody({ method, path: pathOnly(pathAndQuery) }, answer.text, schema);
  }

  /** Sends with retries; resolves with a 2xx answer, throws an API error otherwise. */
  async function send(method: string, pathAndQuery: string, token: string, body?: unknown): Promise<Answer & { status: number }> {
    const info = { method, path: pathOnly(pathAndQuery) };
    const mayRetry = isIdempotent(method);
    for (let attemptNo = 0; ; attemptNo++) {
      const canRetry = mayRetry && attemptNo < retry.limit;
      let result: Awaited<ReturnType<typeof attempt>>;
      try {
        result = await attempt(info, baseUrl + pathAndQuery, token, body);
      } catch (error) {
        if (canRetry && isRetryableError(error)) {
          await sleep(backoffDelay(attemptNo + 1, retry, random));
          continue;
        }
        throw error;
      }
      if (result.status >= 200 && result.status < 300) return result;
      const retryAfterSeconds = parseRetryAfter(result.retryAfter, now());
      if (canRetry && isRetryableStatus(result.status)) {
        const wait = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : backoffDelay(attemptNo + 1, retry, random);
        if (wait <= retry.maxRetryAfterMs) {
          await sleep(wait);
          continue;
        }
      }
      throw httpError(info, result.status, result.text, retryAfterSeconds, result.wwwAuthenticate);
    }
  }

  /** create/regenerate: never throws once a plain key is in the answer (see `CreatedKey`). */
  async function created(method: string, path: string, token: string, body: unknown): Promise<CreatedKey> {
    const answer = await send(method, path, token, body);
    return parseCreatedKey({ method, path }, answer.text);
  }

  return {
    baseUrl,
    authMe: (token) => request('GET', PATHS.authMe, token, apiSchemas().authMeSchema),
    probeKey: async (token) => {
      try {
        return (await send('GET', PATHS.flowsProbe, token)).status;
      } catch (error) {
        if (error instanceof ApiHttpError && error.status === 403) return 403;
        throw error;
      }
    },
    listKeys: (token) => request('GET', PATHS.keys, token, apiSchemas().listKeysSchema),
    getKey: async (token, id) => (await request('GET', PATHS.key(id), token, apiSchemas().oneKeySchema)).apiKey,
    createKey: (token, input) => created('POST', PATHS.keys, token, input),
    updateKey: async (token, id, input) => (await request('PUT', PATHS.key(id), token, apiSchemas().oneKeySchema, input)).apiKey,
    revokeKey: async (token, id) => {
      await request('DELETE', PATHS.key(id), token, undefined);
    },
    regenerateKey: (token, id) => created('POST', PATHS.regenerate(id), token, {}),
    keyOptions: (token) => request('GET', PATHS.keyOptions, token, apiSchemas().keyOptionsSchema),
    analytics: async (token) => (await request('GET', PATHS.analytics, token, apiSchemas().analyticsSchema)).analytics,
    keyAnalytics: async (token, id) => (await request('GET', PATHS.keyAnalytics(id), token, apiSchemas().keyAnalyticsSchema)).analytics,
  };
}

/**
 * The base URL from `RUNTYPE_API_URL`, else the default. Accepts the origin or the documented
 * `…/v1` form, with or without a trailing slash (`normalizeApiBaseUrl`); rejects anything else
 * with a TypeError naming the variable.
 */
export function baseUrlFromEnv(env: Record<string, string | undefined>): string {
  const value = env.RUNTYPE_API_URL?.trim();
  if (!value) return DEFAULT_BASE_URL;
  try {
    return normalizeApiBaseUrl(value);
  } catch (error) {
    throw new TypeError(`RUNTYPE_API_URL: ${(error as Error).message}`, { cause: error });
  }
}

function pathOnly(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf('?');
  return q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
}

// A body over the limit or a redirect will not change on a retry.
function isRetryableError(error: unknown): boolean {
  return isApiError(error) && error.code !== 'E_API_RESPONSE_TOO_LARGE' && error.code !== 'E_API_REDIRECT';
}

/**
 * Parses a create/regenerate answer. The plain key is taken first, on its own: if it is there,
 * everything else that is wrong becomes a `problems` entry instead of an error, so the caller can
 * store the key before reporting. Without a plain key, throws `ApiResponseShapeError`.
 */
function parseCreatedKey(info: ApiRequestInfo, text: string): CreatedKey {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiResponseShapeError(info, ['body is not JSON']);
  }
  const plainKey = typeof json === 'object' && json !== null ? (json as { plainKey?: unknown }).plainKey : undefined;
  if (typeof plainKey !== 'string' || plainKey.length === 0) throw new ApiResponseShapeError(info, ['plainKey: missing']);
  const problems: string[] = [];
  const parsed = apiSchemas().createdKeySchema.safeParse(json);
  let apiKey: CreatedKeyRecord = {};
  let warning: string | undefined;
  if (parsed.success) {
    apiKey = parsed.data.apiKey ?? {};
    warning = parsed.data.warning;
    if (!parsed.data.apiKey) problems.push('apiKey: missing');
  } else {
    problems.push(...issuesOf(parsed.error.issues));
  }
  if (apiKey.id === undefined && !problems.some((p) => p.startsWith('apiKey'))) problems.push('apiKey.id: missing');
  const result: CreatedKey = { apiKey, plainKey: '', problems };
  if (warning !== undefined) result.warning = warning;
  Object.defineProperty(result, 'plainKey', { value: plainKey, enumerable: false });
  return result;
}

function issuesOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  // Issue paths and messages only: values from the body could hold a key.
  return issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}

function parseBody<S extends z.ZodMiniType>(info: ApiRequestInfo, text: string, schema: S | undefined): z.infer<S> {
  if (schema === undefined) return undefined as z.infer<S>;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiResponseShapeError(info, ['body is not JSON']);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // Issue paths and messages only: values from the body could hold a key.
    throw new ApiResponseShapeError(info, issuesOf(parsed.error.issues));
  }
  return parsed.data;
}

function httpError(info: ApiRequestInfo, status: number, text: string, retryAfterSeconds: number | undefined, wwwAuthenticate: string | null): ApiHttpError {
  let apiCode: string | undefined;
  let serverMessage: string | undefined;
  try {
    const parsed = apiSchemas().errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const { error, code, details } = parsed.data;
      apiCode = code ?? (typeof error === 'object' ? error.code : undefined) ?? details?.find((d) => d.code)?.code;
      serverMessage = typeof error === 'string' ? error : error?.message;
    }
  } catch {
    // A non-JSON error body (proxy page) says nothing we can use.
  }
  if (apiCode !== undefined && !/^[A-Z0-9_]{1,64}$/.test(apiCode)) apiCode = undefined;
  return new ApiHttpError(info, status, { apiCode, serverMessage, retryAfterSeconds, wwwAuthenticate });
}

function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  // undici: `UND_ERR_HEADERS_TIMEOUT` etc., on the error (request) or its cause (fetch).
  const codes = [(error as { code?: unknown }).code, (error as { cause?: { code?: unknown } }).cause?.code];
  return codes.some((code) => typeof code === 'string' && /TIMEOUT/.test(code));
}

import type * as z from 'zod/mini';
import { ApiHttpError, ApiNetworkError, ApiResponseShapeError, ApiTimeoutError, isApiError, type ApiRequestInfo } from './errors.ts';
import { DEFAULT_BASE_URL, PATHS } from './proposals.ts';
import { backoffDelay, isIdempotent, isRetryableStatus, parseRetryAfter, resolveRetry, type RetryOptions } from './retry.ts';
import {
  apiSchemas,
  type ApiKey,
  type AuthMe,
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
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A fetch-shaped transport: undici in Node (`createNodeFetch`), `globalThis.fetch` elsewhere. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
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
}

/** A key as returned by create/regenerate. `plainKey` is non-enumerable: JSON and logs never see it. */
export interface CreatedKey {
  apiKey: ApiKey;
  readonly plainKey: string;
  warning?: string;
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
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const retry = resolveRetry(options.retry);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 20_000;

  async function attempt(info: ApiRequestInfo, token: string, body: unknown): Promise<{ status: number; text: string; retryAfter: string | null }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
      if (options.userAgent) headers['user-agent'] = options.userAgent;
      const init: Parameters<FetchLike>[1] = { method: info.method, headers, signal: controller.signal };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      const response = await options.fetch(baseUrl + info.path, init);
      const text = await response.text();
      return { status: response.status, text, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      if (controller.signal.aborted || isTimeout(error)) throw new ApiTimeoutError(info, error);
      throw new ApiNetworkError(info, error);
    } finally {
      clearTimeout(timer);
    }
  }

  async function request<S extends z.ZodMiniType>(method: string, path: string, token: string, schema: S | undefined, body?: unknown): Promise<z.infer<S>> {
    const info = { method, path };
    const mayRetry = isIdempotent(method);
    for (let attemptNo = 0; ; attemptNo++) {
      const canRetry = mayRetry && attemptNo < retry.limit;
      let result: Awaited<ReturnType<typeof attempt>>;
      try {
        result = await attempt(info, token, body);
      } catch (error) {
        if (canRetry && isApiError(error)) {
          await sleep(backoffDelay(attemptNo + 1, retry, random));
          continue;
        }
        throw error;
      }
      if (result.status >= 200 && result.status < 300) return parseBody(info, result.text, schema);
      const retryAfterSeconds = parseRetryAfter(result.retryAfter, now());
      if (canRetry && isRetryableStatus(result.status)) {
        const wait = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : backoffDelay(attemptNo + 1, retry, random);
        if (wait <= retry.maxRetryAfterMs) {
          await sleep(wait);
          continue;
        }
      }
      throw httpError(info, result.status, result.text, retryAfterSeconds);
    }
  }

  const created = (raw: z.infer<ReturnType<typeof apiSchemas>['createdKeySchema']>): CreatedKey => {
    const result: CreatedKey = { apiKey: raw.apiKey, plainKey: '' };
    if (raw.warning !== undefined) result.warning = raw.warning;
    Object.defineProperty(result, 'plainKey', { value: raw.plainKey, enumerable: false });
    return result;
  };

  return {
    baseUrl,
    authMe: (token) => request('GET', PATHS.authMe, token, apiSchemas().authMeSchema),
    listKeys: (token) => request('GET', PATHS.keys, token, apiSchemas().listKeysSchema),
    getKey: async (token, id) => (await request('GET', PATHS.key(id), token, apiSchemas().oneKeySchema)).apiKey,
    createKey: async (token, input) => created(await request('POST', PATHS.keys, token, apiSchemas().createdKeySchema, input)),
    updateKey: async (token, id, input) => (await request('PUT', PATHS.key(id), token, apiSchemas().oneKeySchema, input)).apiKey,
    revokeKey: async (token, id) => {
      await request('DELETE', PATHS.key(id), token, undefined);
    },
    regenerateKey: async (token, id) => created(await request('POST', PATHS.regenerate(id), token, apiSchemas().createdKeySchema, {})),
    keyOptions: (token) => request('GET', PATHS.keyOptions, token, apiSchemas().keyOptionsSchema),
    analytics: async (token) => (await request('GET', PATHS.analytics, token, apiSchemas().analyticsSchema)).analytics,
    keyAnalytics: async (token, id) => (await request('GET', PATHS.keyAnalytics(id), token, apiSchemas().keyAnalyticsSchema)).analytics,
  };
}

/** The base URL from `RUNTYPE_API_URL`, else the default. Rejects anything but http(s) URLs. */
export function baseUrlFromEnv(env: Record<string, string | undefined>): string {
  const value = env.RUNTYPE_API_URL?.trim();
  return value ? normalizeBaseUrl(value) : DEFAULT_BASE_URL;
}

function normalizeBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`Invalid API URL "${value}": expected e.g. https://api.runtype.com (RUNTYPE_API_URL).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`Invalid API URL "${value}": only http(s) is supported (RUNTYPE_API_URL).`);
  }
  // Keys and tokens travel in the Authorization header: plain http only to this machine (the emulator).
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new TypeError(`Refusing plain http to ${url.hostname}: keys would travel unencrypted. Use https (plain http is allowed for localhost only).`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
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
    throw new ApiResponseShapeError(
      info,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

function httpError(info: ApiRequestInfo, status: number, text: string, retryAfterSeconds: number | undefined): ApiHttpError {
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
  return new ApiHttpError(info, status, { apiCode, serverMessage, retryAfterSeconds });
}

function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  // undici: `UND_ERR_HEADERS_TIMEOUT` etc., on the error (request) or its cause (fetch).
  const codes = [(error as { code?: unknown }).code, (error as { cause?: { code?: unknown } }).cause?.code];
  return codes.some((code) => typeof code === 'string' && /TIMEOUT/.test(code));
}

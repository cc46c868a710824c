/**
 * The contract with the Runtype API: the paths we call and every inference about the API that is
 * NOT in Runtype's public docs, so that confirming or correcting one against a live account
 * (`rt-guard doctor` checks them) is a change to this file only. docs/api.md lists each one.
 * Markers follow shared/runtype-api.md: [doc] public docs, [staging] staging docs (may drift),
 * [proposal] our inference.
 */

/** Default API origin [doc]. Overridable everywhere (`RUNTYPE_API_URL`, settings, options). */
export const DEFAULT_BASE_URL = 'https://api.runtype.com';

/**
 * Paths of the endpoints we use. `/v1/auth/me` is [doc]; the key-management routes are the
 * dashboard's own [staging] routes, absent from the public OpenAPI file, so they may move.
 */
export const PATHS = {
  authMe: '/v1/auth/me',
  /** [proposal] A second read-only probe that takes an API key: confirms a 401 from `/v1/auth/me`. */
  flowsProbe: '/v1/flows?limit=1',
  keys: '/v1/api-keys',
  keyOptions: '/v1/api-keys/options',
  analytics: '/v1/api-keys/analytics',
  key: (id: string) => `/v1/api-keys/${encodeURIComponent(id)}`,
  regenerate: (id: string) => `/v1/api-keys/${encodeURIComponent(id)}/regenerate`,
  keyAnalytics: (id: string) => `/v1/api-keys/${encodeURIComponent(id)}/analytics`,
} as const;

/** True for paths of the [staging] key-management routes (a 404 there may mean the route moved). */
export function isKeyManagementPath(path: string): boolean {
  return path.startsWith(PATHS.keys);
}

/** [doc] Permissions a created key gets when none are given. */
export const DEFAULT_PERMISSIONS: readonly string[] = ['FLOWS:READ', 'RECORDS:READ'];

/** Largest answer body the client reads (bytes). Runtype's answers are a few KiB; default 1 MiB. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Normalises a base URL as users type it: the origin (`https://api.runtype.com`) or the documented
 * base URL with its version (`https://api.runtype.com/v1`) [doc: the overview gives the latter, the
 * spec and SDK the former], with or without a trailing slash. Returns the URL without `/v1` and
 * without a trailing slash; a path prefix before `/v1` (a reverse proxy) is kept. Plain http is
 * accepted for this machine only (the emulator). Throws a TypeError saying what is wrong.
 *
 * @example
 * normalizeApiBaseUrl('https://api.runtype.com/v1/') // 'https://api.runtype.com'
 */
export function normalizeApiBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new TypeError(`Invalid API URL "${value}": expected e.g. https://api.runtype.com or https://api.runtype.com/v1.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`Invalid API URL "${value}": only http(s) is supported.`);
  }
  if (url.username || url.password) throw new TypeError('Invalid API URL: it must not contain a user name or password.');
  if (url.search || url.hash) throw new TypeError(`Invalid API URL "${url.origin}${url.pathname}…": remove the query string or fragment.`);
  // Keys and tokens travel in the Authorization header: plain http only to this machine (the emulator).
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new TypeError(`Refusing plain http to ${url.hostname}: keys would travel unencrypted. Use https (plain http is allowed for localhost only).`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/i, '');
  return url.origin + path;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

/**
 * [doc] Runtype's 401s carry `WWW-Authenticate: Bearer resource_metadata="…/.well-known/oauth-protected-resource"`.
 * A 401 without it came from something else (proxy, captive portal, wrong host) and says nothing
 * about the token. The check is on the scheme and the parameter, not on the host, so a self-hosted
 * or emulated API under another name passes too.
 */
export function isRuntypeAuthChallenge(header: string | null | undefined): boolean {
  if (!header) return false;
  return /^\s*Bearer\b/i.test(header) && /\bresource_metadata\s*=\s*"?[^"\s,]*\/\.well-known\/oauth-protected-resource/i.test(header);
}

/**
 * [proposal] What the second probe (`GET /v1/flows?limit=1`) says about a key that `/v1/auth/me`
 * answered 401 for: `/v1/auth/me` is described as reading "the Clerk session", so it may not
 * accept API keys at all. 200 (it may list) and 403 (it may not, but it is a key) mean live.
 */
export function probeStatusMeaning(status: number): 'live' | 'invalid' | 'unknown' {
  if (status >= 200 && status < 300) return 'live';
  if (status === 403) return 'live';
  if (status === 401) return 'invalid';
  return 'unknown';
}

// Characters the API (or we) use to hide the middle of a key in `maskedKey`.
const MASK_RUN = /[*•.…xX_-]{3,}|[*•…]+/;

/**
 * [proposal] The key's last characters as a record shows them. `maskedKey` reads
 * `prefix + "****…" + 4 characters` [doc example]: its run of letters and digits after the mask is
 * the tail, and it is `binding` (a key that does not end with it is not this record's). `searchHint`
 * is a human lookup hint in the documented examples (`primary-key`, `prod_9f8e7d`, `My Application`):
 * it is binding only when it is itself masked (`…1234`); a bare run of letters and digits (`1234`
 * or `kept`) may be a tail or a word, so it only ever supports a match (when the key ends with it)
 * and never rules one out.
 */
export function visibleTailsOf(record: {
  searchHint?: string | null | undefined;
  maskedKey?: string | null | undefined;
}): { field: 'maskedKey' | 'searchHint'; tail: string; binding: boolean }[] {
  const tails: { field: 'maskedKey' | 'searchHint'; tail: string; binding: boolean }[] = [];
  const masked = maskedTail(record.maskedKey);
  if (masked) tails.push({ field: 'maskedKey', tail: masked, binding: true });
  const hint = record.searchHint?.trim();
  if (hint) {
    const fromMask = maskedTail(hint);
    if (fromMask) tails.push({ field: 'searchHint', tail: fromMask, binding: true });
    else if (/^[A-Za-z0-9]{4,12}$/.test(hint)) tails.push({ field: 'searchHint', tail: hint, binding: false });
  }
  return tails;
}

/**
 * True when `record` shows `key`: the key starts with `keyPrefix`, ends with every binding tail,
 * and at least one tail (binding or not) is the key's end. A record showing no tail never does.
 */
export function recordShowsKey(
  record: { keyPrefix?: string | undefined; searchHint?: string | null | undefined; maskedKey?: string | null | undefined },
  key: string,
): boolean {
  const prefix = record.keyPrefix;
  if (!prefix || !key.startsWith(prefix)) return false;
  const ends = (tail: string) => key.endsWith(tail) && key.length >= prefix.length + tail.length;
  const tails = visibleTailsOf(record);
  return tails.every((t) => !t.binding || ends(t.tail)) && tails.some((t) => ends(t.tail));
}

function maskedTail(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const match = /([A-Za-z0-9]{4,})$/.exec(value);
  if (!match) return undefined;
  const before = value.slice(0, value.length - match[1]!.length);
  return MASK_RUN.test(before) ? match[1] : undefined;
}

/** The environment a key's prefix says (`rt_test_`/`tv_test_` → test); undefined for other shapes. */
export function environmentOfKey(key: string): 'live' | 'test' | undefined {
  const match = /^(?:rt|tv)_(live|test)_/.exec(key);
  return match ? (match[1] as 'live' | 'test') : undefined;
}

/** [staging] `ApiKey` has no `environment`; derive it from `isTestKey`, else the prefix. */
export function environmentOfRecord(record: { isTestKey?: boolean | undefined; keyPrefix?: string | undefined }): 'live' | 'test' {
  if (typeof record.isTestKey === 'boolean') return record.isTestKey ? 'test' : 'live';
  return record.keyPrefix?.includes('_test_') ? 'test' : 'live';
}

/**
 * Turns a status into what the user can do. 403 texts name the credential: create, update and
 * regenerate need a dashboard session token [staging]; whether an API key may list/get/delete keys
 * depends on its permissions [proposal]. The texts never name a CLI flag (every surface shows them).
 */
export function adviceForStatus(status: number, method: string, path: string, apiCode?: string, isRuntypeChallenge = true): string {
  if (status === 401 && !isRuntypeChallenge) {
    return 'The 401 did not come from Runtype (no Runtype WWW-Authenticate header): a proxy, a captive portal or a wrong API URL answered. The token may still be valid.';
  }
  if (status === 401) return 'The token is invalid, revoked or expired: update it (for management, the management token).';
  if (status === 403) {
    if (apiCode === 'TEST_KEY_PERMISSION_DENIED') {
      return 'Test keys (rt_test_) may not call this endpoint: use a dashboard session token as the management token.';
    }
    if (isKeyManagementPath(path) && (method === 'POST' || method === 'PUT')) {
      return 'Creating, updating and regenerating keys needs a dashboard session token, not an API key, as the management token.';
    }
    if (isKeyManagementPath(path)) {
      return 'This credential may not manage keys: use a dashboard session token, or an API key with key-management permissions, as the management token.';
    }
    return 'This credential lacks the permission for this request.';
  }
  if (status === 404 && isKeyManagementPath(path)) {
    return 'The key was not found, or the key-management endpoint has moved (these routes are not in the public API docs): see docs/api.md.';
  }
  if (status === 404) return 'Not found: check the API URL.';
  if (status === 402) return 'The account plan does not allow this: see the upgrade link in the Runtype dashboard.';
  if (status === 409 || status === 410) return 'The key changed meanwhile (already revoked or regenerated?): list keys and try again.';
  if (status === 400 || status === 422) return 'The API rejected the request data.';
  if (status === 429) return 'Rate limited: wait and try again.';
  if (status >= 500) return 'The API had a server error: try again later.';
  return 'Unexpected status.';
}

/**
 * Every inference about the Runtype API that is NOT in Runtype's public docs lives here, so that
 * confirming or correcting it against a live account is a change to this file only.
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

/**
 * [proposal] How a key record shows the key: `keyPrefix` is the start of the key (at least the
 * `rt_live_` part) and `searchHint`/`maskedKey` end with the last characters. Matching on both ends
 * is the only way to find a record for a key (no introspection endpoint). Returns the visible tail a
 * record exposes, or undefined when it exposes none.
 */
export function visibleTailOf(record: { searchHint?: string | null | undefined; maskedKey?: string | null | undefined }): string | undefined {
  const candidates = [record.searchHint, record.maskedKey];
  for (const candidate of candidates) {
    if (!candidate) continue;
    // The hint/mask ends with the key's last characters after any run of mask characters.
    const tail = /([A-Za-z0-9]{4,})$/.exec(candidate)?.[1];
    if (tail) return tail;
  }
  return undefined;
}

/** [staging] `ApiKey` has no `environment`; derive it from `isTestKey`, else the prefix. */
export function environmentOfRecord(record: { isTestKey?: boolean | undefined; keyPrefix?: string | undefined }): 'live' | 'test' {
  if (typeof record.isTestKey === 'boolean') return record.isTestKey ? 'test' : 'live';
  return record.keyPrefix?.includes('_test_') ? 'test' : 'live';
}

/**
 * Turns a status into what the user can do. 403 texts name the credential: create, update and
 * regenerate need a dashboard session token [staging]; whether an API key may list/get/delete keys
 * depends on its permissions [proposal].
 */
export function adviceForStatus(status: number, method: string, path: string, apiCode?: string): string {
  if (status === 401) return 'The token is invalid, revoked or expired: update it (for management, RUNTYPE_ADMIN_TOKEN).';
  if (status === 403) {
    if (apiCode === 'TEST_KEY_PERMISSION_DENIED') {
      return 'Test keys (rt_test_) may not call this endpoint: use a dashboard session token in RUNTYPE_ADMIN_TOKEN.';
    }
    if (isKeyManagementPath(path) && (method === 'POST' || method === 'PUT')) {
      return 'Creating, updating and regenerating keys needs a dashboard session token, not an API key: set RUNTYPE_ADMIN_TOKEN to one.';
    }
    if (isKeyManagementPath(path)) {
      return 'This credential may not manage keys: set RUNTYPE_ADMIN_TOKEN to a dashboard session token or an API key with key-management permissions.';
    }
    return 'This credential lacks the permission for this request.';
  }
  if (status === 404 && isKeyManagementPath(path)) {
    return 'The key was not found, or the key-management endpoint has moved (these routes are not in the public API docs): see docs/api.md.';
  }
  if (status === 404) return 'Not found: check RUNTYPE_API_URL.';
  if (status === 402) return 'The account plan does not allow this: see the upgrade link in the Runtype dashboard.';
  if (status === 409 || status === 410) return 'The key changed meanwhile (already revoked or regenerated?): list keys and try again.';
  if (status === 400 || status === 422) return 'The API rejected the request data.';
  if (status === 429) return 'Rate limited: wait and try again.';
  if (status >= 500) return 'The API had a server error: try again later.';
  return 'Unexpected status.';
}

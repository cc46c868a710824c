/**
 * The fetch the background gives core's API client. `redirect: "error"`: the Runtype API never
 * redirects, and a redirect followed with `Authorization: Bearer <key or management token>` would
 * hand that credential to whatever the redirect names (issue 10 item 6). A redirect fails instead.
 */
import type { FetchLike } from '@rt-guard/core';

type PlatformFetch = (url: string, init: RequestInit) => Promise<Response>;

export function createApiFetch(platformFetch: PlatformFetch): FetchLike {
  // Called as a plain function: the worker's fetch throws "Illegal invocation" when called as a method of another object.
  return (url, init) => platformFetch(url, { ...init, redirect: 'error', credentials: 'omit', cache: 'no-store' });
}

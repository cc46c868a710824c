import type { Agent, Dispatcher } from 'undici';
import type { FetchLike } from '../api/client.ts';

// undici is loaded on the first request, not at start-up: most rt-guard runs never call the API.
// Only its Agent and `request` are loaded, from their modules inside the package (pinned version,
// see package.json): undici's index also evaluates fetch, WebSocket, EventSource, caches and mocks,
// which took 106 ms of start-up per API command here, against 49 ms for these two.
interface UndiciParts {
  Agent: typeof Agent;
  request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
}
let undiciModule: Promise<UndiciParts> | undefined;
// Bundled as a split chunk, a CommonJS module's exports may sit on `default` only.
const defaultOf = <T>(module: unknown): T => ((module as { default?: T }).default ?? module) as T;
const loadUndici = (): Promise<UndiciParts> =>
  (undiciModule ??= Promise.all([import('undici/lib/dispatcher/agent.js'), import('undici/lib/api/api-request.js')]).then(([agent, request]) => ({
    Agent: defaultOf<typeof Agent>(agent),
    request: defaultOf<UndiciParts['request']>(request),
  })));

export interface NodeFetchOptions {
  /** TCP+TLS connect timeout in ms; default 10000. */
  connectTimeoutMs?: number;
  /** Time to wait for response headers in ms; default 20000. */
  headersTimeoutMs?: number;
  /** Idle time between body chunks in ms; default 20000. */
  bodyTimeoutMs?: number;
  /** Sockets per origin in the keep-alive pool; default 16. */
  connections?: number;
  /** How long an idle socket stays open in ms; default 10000. */
  keepAliveTimeoutMs?: number;
}

/** A fetch for `createRuntypeClient`, plus `close()` to release the pool when done. */
export type NodeFetch = FetchLike & { close(): Promise<void> };

/**
 * Node transport on undici: one keep-alive pool per origin, with connect, headers and body
 * timeouts (undici's timeout errors become `ApiTimeoutError` in the client). It implements the
 * small fetch shape the client needs with `undici.request`, which costs a fraction of the CPU of
 * undici's WHATWG `fetch` (it matters when verifying thousands of keys). Redirects are never
 * followed: `request` on a plain Agent has no redirect interceptor, so a 3xx comes back as it is
 * and the client turns it into `ApiRedirectError` (the Authorization header never goes elsewhere).
 *
 * @example
 * const fetch = createNodeFetch();
 * const client = createRuntypeClient({ fetch });
 * try { … } finally { await fetch.close(); }
 */
export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  let agent: Promise<Agent> | undefined;
  const agentOnce = (): Promise<Agent> =>
    (agent ??= loadUndici().then(
      (undici) =>
        new undici.Agent({
          connect: { timeout: options.connectTimeoutMs ?? 10_000 },
          headersTimeout: options.headersTimeoutMs ?? 20_000,
          bodyTimeout: options.bodyTimeoutMs ?? 20_000,
          connections: options.connections ?? 16,
          keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
        }),
    ));
  const fetchLike: FetchLike = async (url, init) => {
    const [{ request }, dispatcher] = await Promise.all([loadUndici(), agentOnce()]);
    const { origin, pathname, search } = new URL(url);
    const response = await request.call(dispatcher, {
      origin,
      path: pathname + search,
      method: init.method as Dispatcher.HttpMethod,
      headers: init.headers,
      body: init.body ?? null,
      signal: init.signal ?? null,
    });
    const headers = response.headers;
    return {
      status: response.statusCode,
      // The client reads this stream with a size limit (core/src/api/read-body.ts).
      body: response.body,
      headers: {
        get(name: string) {
          const value = headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
      },
      text: () => response.body.text(),
    };
  };
  return Object.assign(fetchLike, {
    close: async () => {
      if (agent) await (await agent).close();
    },
  });
}

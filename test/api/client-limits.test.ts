// Issue 10 item 8: the API client reads at most 1 MiB of an answer and never follows a redirect
// with the Authorization header. Real HTTP servers, both transports (undici in Node and VS Code,
// the platform fetch in the browser extension).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntypeClient, type FetchLike } from '@rt-guard/core';
import { createNodeFetch, type NodeFetch } from '@rt-guard/core/node';
import { liveKey } from '../helpers/keys.ts';

interface Started {
  server: Server;
  url: string;
}
async function listen(server: Server): Promise<Started> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const seenByTarget: IncomingHttpHeaders[] = [];
let target: Started;
let redirector: Started;
let huge: Started;
const hugeSent: number[] = [];
const FIVE_MIB = 5 * 1024 * 1024;
let nodeFetch: NodeFetch;
let redirectStatus = 302;

beforeAll(async () => {
  target = await listen(
    createServer((req, res) => {
      seenByTarget.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ userId: 'user_attacker', hasOrganization: false }));
    }),
  );
  redirector = await listen(
    createServer((req, res) => {
      res.writeHead(redirectStatus, { location: `${target.url}${req.url}` });
      res.end();
    }),
  );
  huge = await listen(
    createServer((_req, res) => {
      // 5 MiB of JSON, paced, without content-length: the client must count bytes itself.
      res.writeHead(200, { 'content-type': 'application/json' });
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.write('{"userId":"u","padding":"');
      const pump = () => {
        if (res.destroyed || sent >= FIVE_MIB) {
          hugeSent.push(sent);
          if (!res.destroyed) res.end('"}');
          return;
        }
        sent += chunk.length;
        res.write(chunk);
        setTimeout(pump, 2);
      };
      pump();
    }),
  );
  nodeFetch = createNodeFetch();
});
afterAll(async () => {
  await nodeFetch.close();
  for (const s of [target, redirector, huge]) s.server.closeAllConnections();
  await Promise.all([target, redirector, huge].map((s) => new Promise((r) => s.server.close(r))));
});

const transports: [string, () => FetchLike][] = [
  ['undici (CLI, VS Code)', () => nodeFetch],
  ['platform fetch (browser)', () => globalThis.fetch as unknown as FetchLike],
];

describe.each(transports)('API client limits over %s', (_name, transport) => {
  it.each([301, 302, 307, 308])('a %i redirect is an error, and the redirect target never sees the token', async (status) => {
    seenByTarget.length = 0;
    redirectStatus = status;
    const token = liveKey();
    const client = createRuntypeClient({ baseUrl: redirector.url, fetch: transport(), sleep: async () => undefined });
    const error = await client.authMe(token).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message: string },
    );
    expect(error?.code).toBe('E_API_REDIRECT');
    expect(error?.message).not.toContain(token);
    // redirect: 'manual' — the second server is never asked, with or without the header.
    await new Promise((r) => setTimeout(r, 50));
    expect(seenByTarget.filter((h) => h.authorization !== undefined)).toEqual([]);
    expect(seenByTarget).toHaveLength(0);
  });

  it('a 5 MiB answer is an E_API_RESPONSE_TOO_LARGE error after at most ~1 MiB, and the request is aborted', async () => {
    hugeSent.length = 0;
    const client = createRuntypeClient({ baseUrl: huge.url, fetch: transport(), sleep: async () => undefined });
    const error = await client.authMe(liveKey()).then(
      () => undefined,
      (e: unknown) => e as { code?: string; limitBytes?: number },
    );
    expect(error?.code).toBe('E_API_RESPONSE_TOO_LARGE');
    expect(error?.limitBytes).toBe(1024 * 1024);
    // The server notices the client went away long before it could send 5 MiB (not retried either).
    for (let i = 0; i < 100 && hugeSent.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hugeSent).toHaveLength(1);
    expect(hugeSent[0]).toBeLessThan(FIVE_MIB);
  });

  it('a declared content-length over the limit is refused before reading', async () => {
    const server = await listen(
      createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(FIVE_MIB) });
        res.write('{');
        // never finishes: the client must not wait for the body
      }),
    );
    try {
      const client = createRuntypeClient({ baseUrl: server.url, fetch: transport(), timeoutMs: 5000 });
      await expect(client.authMe(liveKey())).rejects.toMatchObject({ code: 'E_API_RESPONSE_TOO_LARGE' });
    } finally {
      server.server.closeAllConnections();
      server.server.close();
    }
  });
});

#!/usr/bin/env node
// The floor for verify.bench.mjs: the least any Node client can do for the same work. A bare
// undici loop, no CLI, no scan, no parsing: `concurrency` workers each sending GET /v1/auth/me with
// the next key until all are sent. Keys arrive as JSON on stdin; prints `{"ms": …}` for the loop
// alone and the process' own start-up is measured by the caller.
import { Agent, request } from 'undici';

const url = process.argv[2];
const concurrency = Number(process.argv[3] ?? 8);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const keys = JSON.parse(input);
const agent = new Agent({ connections: 16 });
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < keys.length) {
      const key = keys[next++];
      const response = await request(`${url}/v1/auth/me`, { dispatcher: agent, headers: { authorization: `Bearer ${key}` } });
      await response.body.text();
      if (response.statusCode !== 200) throw new Error(`floor client: status ${response.statusCode}`);
    }
  }),
);
process.stdout.write(`${JSON.stringify({ ms: performance.now() - started })}\n`);
await agent.close();

import { realpathSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as z from 'zod';
import { redactText } from '@rt-guard/core';
import type { Io } from '../io.ts';
import { VERSION } from '../version.ts';
import { inspectTool, revokeTool, rotateTool, scanTool } from './tools.ts';

type ToolResult = { content: Array<{ type: 'text'; text: string }>; isError?: boolean };

/** Every answer goes through here: JSON text, redacted once more as a second lock. */
async function answer(work: () => Promise<Record<string, unknown>>): Promise<ToolResult> {
  try {
    return { content: [{ type: 'text', text: redactText(JSON.stringify(await work(), null, 2)) }] };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message =
      error instanceof Error && typeof code === 'string' && code.startsWith('E_')
        ? error.message
        : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    return { content: [{ type: 'text', text: redactText(message) }], isError: true };
  }
}

const keyRef = {
  fingerprint: z.string().describe('the 64-hex fingerprint the scan tool reported for the key'),
  path: z.string().describe('the file (inside the workspace) where the scan found the key'),
};

/** Builds the server and its four tools for the workspace `root`. */
export function createRtGuardMcpServer(root: string, io: Io): McpServer {
  const server = new McpServer(
    { name: 'rt-guard', version: VERSION },
    {
      instructions:
        'rt-guard finds, checks, revokes and rotates Runtype API keys. Refer to a key only by its fingerprint and the file it is in: rt-guard reads the key itself, so it never passes through the conversation. Never paste a key into a tool call.',
    },
  );
  server.registerTool(
    'scan',
    {
      title: 'Scan for Runtype API keys',
      description:
        'Scan a text, or files and folders inside the workspace, for Runtype API keys. Answers are redacted: each key appears as rt_live_…abcd with its fingerprint.',
      inputSchema: {
        text: z.string().optional().describe('text to scan (e.g. a snippet); prefer paths so the text need not pass through the conversation'),
        path: z.string().optional().describe('a file or folder inside the workspace'),
        paths: z.array(z.string()).optional().describe('several files or folders inside the workspace'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) => answer(() => scanTool(root, input, io)),
  );
  server.registerTool(
    'inspect',
    {
      title: 'Check whether a found key is live',
      description:
        'Ask the Runtype API whether the key with this fingerprint, found in this file, is live; with RUNTYPE_ADMIN_TOKEN set for the server, also its name, permissions and dates.',
      inputSchema: keyRef,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (input) => answer(() => inspectTool(root, input, io)),
  );
  server.registerTool(
    'revoke',
    {
      title: 'Revoke a leaked key',
      description:
        'Revoke the key with this fingerprint, found in this file, and prove it no longer works. Everything using the key stops working. Needs RUNTYPE_ADMIN_TOKEN in the server environment.',
      inputSchema: keyRef,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    },
    (input) => answer(() => revokeTool(root, input, io)),
  );
  server.registerTool(
    'rotate',
    {
      title: 'Rotate a key in a .env file',
      description:
        'Replace the key with this fingerprint, on a VAR=key line of this .env file, with a new key with the same permissions: create, write into the file, verify, revoke the old one. Needs RUNTYPE_ADMIN_TOKEN in the server environment.',
      inputSchema: keyRef,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    (input) => answer(() => rotateTool(root, input, io)),
  );
  return server;
}

/** `rt-guard mcp`: serves the tools over stdio until the client closes the connection. */
export async function runMcpServer(io: Io, rootOption: string | undefined): Promise<number> {
  let root: string;
  try {
    root = realpathSync(rootOption === undefined ? io.cwd : rootOption);
  } catch {
    io.stderr.write(`rt-guard: the workspace folder ${rootOption ?? io.cwd} does not exist: pass an existing folder with --root\n`);
    return 2;
  }
  const server = createRtGuardMcpServer(root, io);
  // stdout carries the protocol only; everything else goes to stderr.
  const transport = new StdioServerTransport(io.stdin, io.stdout as unknown as Writable);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    io.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  io.stderr.write(`rt-guard MCP server ready (workspace ${root})\n`);
  await closed;
  await server.close().catch(() => undefined);
  return 0;
}

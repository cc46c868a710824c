import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '@rt-guard/core';
import { startEmulator, type Emulator } from '../api/helpers.ts';
import { CLI_BIN, cleanupProjects, makeProject, type Project } from './helpers.ts';

/*
 * `rt-guard mcp` driven as an agent drives it: the SDK's own client over stdio, spawning the built
 * CLI in the project folder; inspect and revoke go to the emulator over real HTTP.
 */
let emulator: Emulator;
const clients: Client[] = [];
const keys: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  cleanupProjects();
});

async function connect(project: Project, env: Record<string, string> = {}): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_BIN, 'mcp'],
    cwd: project.dir,
    env: { ...project.env, RUNTYPE_API_URL: emulator.url, ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'rt-guard-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

type ToolAnswer = { isError?: boolean; content: Array<{ type: string; text: string }> };

async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<{ isError: boolean; text: string; data: Record<string, unknown> | undefined }> {
  const result = (await client.callTool({ name, arguments: args })) as ToolAnswer;
  const text = result.content.map((c) => c.text).join('');
  for (const key of keys) expect(text).not.toContain(key);
  let data: Record<string, unknown> | undefined;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    data = undefined;
  }
  return { isError: result.isError === true, text, data };
}

function mint(name: string): string {
  const { plainKey } = emulator.mintKey({ name, permissions: ['FLOWS:READ', 'RECORDS:READ'] });
  keys.push(plainKey);
  return plainKey;
}

describe('rt-guard mcp', () => {
  it('lists its four tools, revoke and rotate annotated destructive', async () => {
    const client = await connect(makeProject());
    expect(client.getServerVersion()?.name).toBe('rt-guard');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['inspect', 'revoke', 'rotate', 'scan']);
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.revoke!.annotations?.destructiveHint).toBe(true);
    expect(byName.rotate!.annotations?.destructiveHint).toBe(true);
    expect(byName.scan!.annotations?.readOnlyHint).toBe(true);
    expect(Object.keys(byName.inspect!.inputSchema.properties ?? {}).sort()).toEqual(['fingerprint', 'path']);
  });

  it('scans a file, then inspects and revokes the key by fingerprint and file: the key never crosses the protocol', async () => {
    const project = makeProject();
    const key = mint('Leaked in src');
    project.write('src/client.ts', `import { Runtype } from '@runtypelabs/sdk';\nexport const client = new Runtype({ apiKey: "${key}" });\n`);
    const client = await connect(project, { RUNTYPE_ADMIN_TOKEN: emulator.sessionToken });

    const scanned = await call(client, 'scan', { path: 'src' });
    expect(scanned.isError).toBe(false);
    const findings = scanned.data!.findings as Array<Record<string, unknown>>;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      file: 'src/client.ts',
      line: 2,
      redacted: `rt_live_…${key.slice(-4)}`,
      fingerprint: fingerprintOf(key),
      failing: true,
    });

    const inspected = await call(client, 'inspect', { fingerprint: fingerprintOf(key), path: 'src/client.ts' });
    expect(inspected.data).toMatchObject({ status: 'live', file: 'src/client.ts', key: `rt_live_…${key.slice(-4)}` });
    expect((inspected.data!.record as Record<string, unknown>).name).toBe('Leaked in src');

    const revoked = await call(client, 'revoke', { fingerprint: fingerprintOf(key), path: 'src/client.ts' });
    expect(revoked.isError, revoked.text).toBe(false);
    expect(revoked.data).toMatchObject({ status: 'revoked', record: { name: 'Leaked in src' }, proof: { status: 'invalid' } });
    expect(emulator.isLive(key)).toBe(false);
    expect((await call(client, 'inspect', { fingerprint: fingerprintOf(key), path: 'src/client.ts' })).data).toMatchObject({ status: 'invalid' });
  });

  it('scans text and several paths, with the project policy', async () => {
    const project = makeProject();
    const key = mint('Allowed');
    const other = mint('Other');
    project.write('.rt-guard.json', JSON.stringify({ allow: [{ fingerprint: fingerprintOf(key), reason: 'demo' }] }));
    project.write('a.env', `RUNTYPE_API_KEY=${key}\n`);
    project.write('b.ts', `const k = "${other}";\n`);
    const client = await connect(project);
    const both = await call(client, 'scan', { paths: ['a.env', 'b.ts'] });
    expect(both.data).toMatchObject({ failing: 1 });
    expect((both.data!.findings as Array<Record<string, unknown>>).find((f) => f.file === 'a.env')).toMatchObject({ failing: false, suppressed: 'demo' });
    const text = await call(client, 'scan', { text: `token=${other}` });
    expect(text.data).toMatchObject({ failing: 1 });
    expect((await call(client, 'scan', {})).isError).toBe(true);
  });

  it('refuses paths outside the workspace, through ../, absolute paths and symlinks', async () => {
    const project = makeProject();
    writeFileSync(join(project.home, 'secret.env'), `RUNTYPE_API_KEY=${mint('Outside')}\n`);
    symlinkSync(project.home, join(project.dir, 'home-link'));
    symlinkSync(join(project.home, 'secret.env'), join(project.dir, 'innocent.env'));
    const client = await connect(project, { RUNTYPE_ADMIN_TOKEN: emulator.sessionToken });
    for (const path of ['../home/secret.env', join(project.home, 'secret.env'), 'home-link/secret.env', 'innocent.env', 'home-link']) {
      const result = await call(client, 'scan', { path });
      expect(result.isError, path).toBe(true);
      expect(result.text).toContain('outside the workspace');
    }
    const revoke = await call(client, 'revoke', { fingerprint: 'a'.repeat(64), path: 'innocent.env' });
    expect(revoke.text).toContain('outside the workspace');
  });

  it('revoke and rotate need RUNTYPE_ADMIN_TOKEN in the server environment', async () => {
    const project = makeProject();
    const key = mint('No token');
    project.write('.env', `RUNTYPE_API_KEY=${key}\n`);
    const client = await connect(project);
    for (const tool of ['revoke', 'rotate']) {
      const result = await call(client, tool, { fingerprint: fingerprintOf(key), path: '.env' });
      expect(result.isError).toBe(true);
      expect(result.text).toContain("RUNTYPE_ADMIN_TOKEN in the MCP server's own environment");
    }
    expect(emulator.isLive(key)).toBe(true);
  });

  it('rotates a key in .env: the file gets a new live key, the old one is revoked, no key in the answer', async () => {
    const project = makeProject();
    const key = mint('Rotate me');
    project.write('.env', `# app\nRUNTYPE_API_KEY=${key}\nOTHER=1\n`);
    const client = await connect(project, { RUNTYPE_ADMIN_TOKEN: emulator.sessionToken, RT_GUARD_STATE_DIR: join(project.home, 'state') });
    const rotated = await call(client, 'rotate', { fingerprint: fingerprintOf(key), path: '.env' });
    expect(rotated.isError, rotated.text).toBe(false);
    expect(rotated.data).toMatchObject({ status: 'done', variable: 'RUNTYPE_API_KEY', oldKey: `rt_live_…${key.slice(-4)}` });
    const text = readFileSync(join(project.dir, '.env'), 'utf8');
    const fresh = /RUNTYPE_API_KEY=(\S+)/.exec(text)![1]!;
    keys.push(fresh);
    expect(fresh).not.toBe(key);
    expect(text).toContain('OTHER=1');
    expect(emulator.isLive(fresh)).toBe(true);
    expect(emulator.isLive(key)).toBe(false);
    expect(rotated.text).not.toContain(fresh);
    expect(rotated.data!.newKey).toBe(`rt_live_…${fresh.slice(-4)}`);
  });
});

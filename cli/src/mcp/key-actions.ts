import { Readable } from 'node:stream';
import { fingerprintOf, verifyKey, type FindingWithSecret, type Verification } from '@rt-guard/core';
import { variableOnLine } from '../agent/dotenv-target.ts';
import { openApiSession } from '../api-session.ts';
import { collectFindings } from '../collect-findings.ts';
import type { Io } from '../io.ts';
import { McpToolError, resolveInWorkspace } from './workspace.ts';

/*
 * The adapter between the MCP tools and rt-guard's key actions. Today it calls what the CLI does
 * (verify, `revoke`, `rotate`); TODO(2026-12-07): switch to core/src/actions (the actions issue)
 * once it lands, keeping these signatures. Keys are found here, by fingerprint, and never returned.
 */

/** A key found in the workspace by its fingerprint. */
export interface LocatedKey {
  /** Where it was found, relative to the workspace. */
  file: string;
  line: number;
  redacted: string;
  fingerprint: string;
  finding: FindingWithSecret;
}

/** Scans `path` (inside the workspace) and returns the key whose fingerprint is `fingerprint`. */
export async function locateKey(root: string, path: string, fingerprint: string, io: Io): Promise<LocatedKey> {
  const wanted = typeof fingerprint === 'string' ? fingerprint.trim().toLowerCase() : '';
  if (!/^[0-9a-f]{64}$/.test(wanted)) throw new McpToolError('fingerprint must be the 64 hex characters the scan tool reported');
  const target = resolveInWorkspace(root, path);
  const { result } = await collectFindings([target.relative], {}, workspaceIo(root, io));
  const finding = result.findings.find((f) => f.fingerprint === wanted && fingerprintOf(f.secret) === wanted);
  if (!finding) throw new McpToolError(`no key with fingerprint ${wanted.slice(0, 12)}… in ${target.relative}: scan again, the file may have changed`, 'E_MCP_NOT_FOUND');
  return { file: finding.file, line: finding.line, redacted: finding.redacted, fingerprint: wanted, finding };
}

/** The key's live status (and, with RUNTYPE_ADMIN_TOKEN, its record). */
export async function inspectKey(located: LocatedKey, io: Io): Promise<Verification> {
  const session = openApiSession(io, 2);
  try {
    return await verifyKey(located.finding.secret, { client: session.client, adminToken: io.env.RUNTYPE_ADMIN_TOKEN?.trim() || undefined, now: () => io.now() });
  } finally {
    await session.close();
  }
}

/** Revokes the key (`rt-guard revoke --fingerprint … --yes`), returning the command's JSON summary. */
export async function revokeKey(root: string, located: LocatedKey, io: Io): Promise<Record<string, unknown>> {
  return runCli(['revoke', '--fingerprint', located.fingerprint, located.file, '--yes', '--format', 'json'], root, io);
}

/**
 * Rotates the key where it lives: a dotenv file (`VAR=key`) gets the new key written in place
 * (`rt-guard rotate --env-file FILE --var VAR --yes`); the journal returned holds no key.
 */
export async function rotateKey(root: string, located: LocatedKey, io: Io): Promise<Record<string, unknown>> {
  const { readFile } = await import('node:fs/promises');
  const { real } = resolveInWorkspace(root, located.file);
  const line = (await readFile(real, 'utf8')).split(/\r?\n/)[located.line - 1] ?? '';
  const variable = variableOnLine(line);
  if (!variable || !line.includes(located.finding.secret)) {
    throw new McpToolError(`${located.file} line ${located.line} is not a VAR=key line, so rt-guard cannot write the new key there: move the key into .env (RUNTYPE_API_KEY=…), then rotate it from there`, 'E_MCP_NOT_ENV');
  }
  return runCli(['rotate', '--env-file', located.file, '--var', variable, '--yes', '--format', 'json'], root, io);
}

function workspaceIo(root: string, io: Io, out?: string[], err?: string[]): Io {
  return {
    stdout: { write: (text: string) => out?.push(text) },
    stderr: { write: (text: string) => err?.push(text) },
    stdin: Readable.from([]),
    env: io.env,
    cwd: root,
    now: () => io.now(),
  };
}

/** Runs one CLI command in-process in the workspace; its JSON output, or an error with its message. */
async function runCli(argv: string[], root: string, io: Io): Promise<Record<string, unknown>> {
  const out: string[] = [];
  const err: string[] = [];
  const { run } = await import('../run.ts');
  const code = await run(argv, workspaceIo(root, io, out, err));
  const text = out.join('');
  if (code !== 0 && text.trim() === '') {
    throw new McpToolError(err.join('').replace(/^rt-guard: /gm, '').trim() || `rt-guard ${argv[0]} failed (exit ${code})`, 'E_MCP_ACTION');
  }
  try {
    return { ...(JSON.parse(text) as Record<string, unknown>), ...(code === 0 ? {} : { exitCode: code, problem: err.join('').trim() }) };
  } catch {
    throw new McpToolError(`rt-guard ${argv[0]} gave an unexpected answer (exit ${code})`, 'E_MCP_ACTION');
  }
}


import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  fingerprintOf,
  inspectKey,
  revokeLeakedKey,
  startKeyRotation,
  type ActionContext,
  type FindingWithSecret,
  type InspectResult,
  type NextStep,
  type RevokeActionResult,
  type RotationResult,
} from '@rt-guard/core';
import { createEnvFileTarget, createFileJournalStore, stateDirFrom } from '@rt-guard/core/node';
import { variableOnLine } from '../agent/dotenv-target.ts';
import { openApiSession } from '../api/client.ts';
import { openCliCache } from '../api/verification-cache.ts';
import { collectFindings } from '../collect-findings.ts';
import type { Io } from '../io.ts';
import { McpToolError, resolveInWorkspace } from './workspace.ts';

/*
 * The MCP tools' adapter to core's key actions (core/src/actions): it finds the key in the
 * workspace by fingerprint, then hands it to inspectKey / revokeLeakedKey / startKeyRotation.
 * The key stays in this process: results carry only its redacted form and fingerprint.
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
  const { result } = await collectFindings([target.relative], {}, { ...io, cwd: root, stdout: { write: () => true } });
  const finding = result.findings.find((f) => f.fingerprint === wanted && fingerprintOf(f.secret) === wanted);
  if (!finding)
    throw new McpToolError(`no key with fingerprint ${wanted.slice(0, 12)}… in ${target.relative}: scan again, the file may have changed`, 'E_MCP_NOT_FOUND');
  return { file: finding.file, line: finding.line, redacted: finding.redacted, fingerprint: wanted, finding };
}

function managementToken(io: Io): string | undefined {
  return io.env.RUNTYPE_ADMIN_TOKEN?.trim() || undefined;
}

/** The key's live status (and, with RUNTYPE_ADMIN_TOKEN, its record): core's inspectKey. */
export function inspectLocatedKey(located: LocatedKey, io: Io): Promise<InspectResult> {
  return withActionContext(io, (context) => inspectKey(located.finding.secret, context));
}

/** Revokes the key and proves it dead: core's revokeLeakedKey (the agent's call is the confirmation). */
export function revokeLocatedKey(located: LocatedKey, io: Io): Promise<RevokeActionResult> {
  return withActionContext(io, (context) => revokeLeakedKey(located.finding.secret, context));
}

/** Runs a key action with an API session (closed after), the clock, RUNTYPE_ADMIN_TOKEN and the CLI's verification cache. */
async function withActionContext<T>(io: Io, action: (context: ActionContext) => Promise<T>): Promise<T> {
  const session = openApiSession(io, 2);
  try {
    return await action({
      client: session.client,
      now: () => io.now(),
      managementToken: managementToken(io),
      cache: await openCliCache(io, session.client.baseUrl),
    });
  } finally {
    await session.close();
  }
}

/**
 * Rotates the key where it lives, a `VAR=key` line of a dotenv file: core's startKeyRotation with
 * the same env-file target and journal as `rt-guard rotate --env-file FILE --var VAR`, so an
 * interrupted rotation can be resumed from a terminal. The journal holds no key.
 */
export async function rotateLocatedKey(root: string, located: LocatedKey, io: Io): Promise<RotationResult & { variable: string }> {
  const { real } = resolveInWorkspace(root, located.file);
  const line = (await readFile(real, 'utf8')).split(/\r?\n/)[located.line - 1] ?? '';
  const variable = variableOnLine(line);
  if (!variable || !line.includes(located.finding.secret)) {
    throw new McpToolError(
      `${located.file} line ${located.line} is not a VAR=key line, so rt-guard cannot write the new key there: move the key into .env (RUNTYPE_API_KEY=…), then rotate it from there`,
      'E_MCP_NOT_ENV',
    );
  }
  const token = managementToken(io);
  if (!token) throw new McpToolError('Rotating a key needs RUNTYPE_ADMIN_TOKEN', 'E_MCP_NO_TOKEN');
  const path = resolve(root, located.file);
  // The journal the CLI uses for this file and variable (commands/rotate.ts), so `rotate --resume` finds it.
  const id = `env-file:${path}:${variable}`;
  const journal = createFileJournalStore(join(stateDirFrom(io.env), `rotation-${createHash('sha256').update(id).digest('hex').slice(0, 16)}.json`));
  const session = openApiSession(io, 4);
  try {
    const result = await startKeyRotation(
      { oldKey: located.finding.secret, mode: 'standard', targetLabel: `${located.file} (${variable})` },
      {
        client: session.client,
        now: () => io.now(),
        managementToken: token,
        journal,
        target: createEnvFileTarget(path, variable),
        cache: await openCliCache(io, session.client.baseUrl),
      },
    );
    return { ...result, variable };
  } finally {
    await session.close();
  }
}

/** A core next step in an MCP client's words (the tools and the server's environment). */
export function describeNextStep(step: NextStep | undefined, file: string): string | undefined {
  if (!step) return undefined;
  switch (step.kind) {
    case 'set-management-token':
      return `Set RUNTYPE_ADMIN_TOKEN (${step.needs === 'session-token' ? 'a dashboard session token' : 'a dashboard session token, or a key allowed to manage keys'}) in the MCP server's environment, then call the tool again.`;
    case 'use-dashboard':
      return `rt-guard will not ${step.action} this key automatically: do it in the Runtype dashboard.`;
    case 'retry-later':
      return 'The API could not tell; call the tool again in a moment.';
    case 'check-api-url':
      return 'Check RUNTYPE_API_URL in the MCP server environment.';
    case 'resume-rotation':
      return `The rotation stopped part way: in a terminal, run \`rt-guard rotate --resume --env-file ${file}\`.`;
    case 'rollback-rotation':
      return `To undo the unfinished rotation, run \`rt-guard rotate --rollback --env-file ${file}\` in a terminal.`;
    case 'finish-rotation':
      return `The old key stays live until ${step.graceUntil}; \`rt-guard rotate --finish --env-file ${file}\` revokes it sooner.`;
    case 'review-restrictions':
      return `Review the new key's ${step.fields.join(' and ')} in the Runtype dashboard: the old record did not show them.`;
    default:
      return step satisfies never;
  }
}

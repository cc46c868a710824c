import { applyPolicy, createDetector, isFailing, type Finding, type FindingWithSecret } from '@rt-guard/core';
import { collectFindings } from '../collect-findings.ts';
import type { Io } from '../io.ts';
import { loadConfig } from '../sources/load-config.ts';
import { describeNextStep, inspectLocatedKey, locateKey, revokeLocatedKey, rotateLocatedKey, type LocatedKey } from './key-actions.ts';
import { McpToolError, resolveInWorkspace } from './workspace.ts';

/*
 * What the MCP tools do, free of the SDK: plain inputs in, plain (redacted) data out. server.ts
 * only wires these to the protocol. No answer ever holds a key: findings are mapped field by field.
 */

/** A finding as the tools report it: everything but the key. */
export interface ReportedFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: Finding['severity'];
  environment?: 'live' | 'test';
  redacted: string;
  fingerprint: string;
  snippet: string;
  failing: boolean;
  suppressed?: string;
}

function toReported(finding: FindingWithSecret, failing: boolean): ReportedFinding {
  return {
    file: finding.file,
    line: finding.line,
    column: finding.column,
    ruleId: finding.ruleId,
    severity: finding.severity,
    ...(finding.environment ? { environment: finding.environment } : {}),
    redacted: finding.redacted,
    fingerprint: finding.fingerprint,
    snippet: finding.snippet,
    failing,
    ...(finding.suppressed ? { suppressed: finding.suppressionReason ?? finding.suppressed } : {}),
  };
}

export interface ScanInput {
  text?: string | undefined;
  path?: string | undefined;
  paths?: string[] | undefined;
}

/** `scan`: a text, or files and folders inside the workspace; the project's policy applies. */
export async function scanTool(root: string, input: ScanInput, io: Io): Promise<Record<string, unknown>> {
  const paths = [...(input.path === undefined ? [] : [input.path]), ...(input.paths ?? [])];
  if ((input.text === undefined) === (paths.length === 0))
    throw new McpToolError('give either "text", or "path"/"paths" (files or folders inside the workspace)');
  const { config } = loadConfig(root);
  if (input.text !== undefined) {
    const found = createDetector().scan(input.text, { file: 'text' });
    const findings = applyPolicy(found, { config, now: io.now() }).findings;
    return summary(
      findings.map((f) => toReported(f, isFailing(f, config))),
      { chars: input.text.length },
    );
  }
  const relative = paths.map((path) => resolveInWorkspace(root, path).relative);
  // stdout is the MCP channel: nothing but the protocol may reach it.
  const { result, config: used } = await collectFindings(relative, {}, { ...io, cwd: root, stdout: { write: () => true } });
  return summary(
    result.findings.map((f) => toReported(f, isFailing(f, used))),
    { files: result.stats.files, bytes: result.stats.bytes },
    result.warnings,
  );
}

function summary(findings: ReportedFinding[], scanned: Record<string, number>, warnings: string[] = []): Record<string, unknown> {
  const failing = findings.filter((f) => f.failing).length;
  return {
    scanned,
    failing,
    findings,
    ...(warnings.length > 0 ? { warnings } : {}),
    next:
      failing === 0
        ? 'No key that fails the project policy.'
        : 'Refer to keys only by fingerprint and file: call inspect {fingerprint, path} for live status, revoke or rotate to act. Never copy a key into code, commands or messages.',
  };
}

export interface KeyRef {
  fingerprint: string;
  path: string;
}

function located(key: LocatedKey): Record<string, unknown> {
  return { file: key.file, line: key.line, key: key.redacted, fingerprint: key.fingerprint };
}

/** `inspect`: the key at {fingerprint, path}: live, invalid or unknown, and its record with a management token. */
export async function inspectTool(root: string, input: KeyRef, io: Io): Promise<Record<string, unknown>> {
  const key = await locateKey(root, input.path, input.fingerprint, io);
  const result = await inspectLocatedKey(key, io);
  const { status, reason, record, recordError, checkedAt } = result.verification;
  return {
    ...located(key),
    status,
    ...(reason ? { reason } : {}),
    ...(record ? { record } : {}),
    ...(recordError ? { recordError } : {}),
    checkedAt,
    ...next(result.hasManagementToken ? result.nextStep : { kind: 'set-management-token', needs: 'key-manager' }, key.file, !result.hasManagementToken),
  };
}

function next(step: Parameters<typeof describeNextStep>[0], file: string, optional = false): Record<string, string> {
  const text = describeNextStep(step, file);
  return text === undefined ? {} : { [optional ? 'note' : 'next']: optional ? `To see the key name, permissions and dates: ${text}` : text };
}

function requireAdminToken(io: Io, what: string): void {
  if (!io.env.RUNTYPE_ADMIN_TOKEN?.trim()) {
    throw new McpToolError(
      `${what} needs RUNTYPE_ADMIN_TOKEN in the MCP server's own environment (set it in the agent's MCP config, never in the chat): a dashboard session token`,
      'E_MCP_NO_TOKEN',
    );
  }
}

/** `revoke`: revokes the key at {fingerprint, path} and proves it is dead. Destructive. */
export async function revokeTool(root: string, input: KeyRef, io: Io): Promise<Record<string, unknown>> {
  requireAdminToken(io, 'Revoking a key');
  const key = await locateKey(root, input.path, input.fingerprint, io);
  const result = await revokeLocatedKey(key, io);
  if (result.status === 'refused' || result.status === 'failed')
    throw new McpToolError(
      [result.error?.message ?? 'Revoke failed.', describeNextStep(result.nextStep, key.file)].filter(Boolean).join(' '),
      result.error?.code ?? 'E_MCP_ACTION',
    );
  return {
    ...located(key),
    status: result.status,
    ...(result.record ? { record: result.record } : {}),
    ...(result.proof ? { proof: { status: result.proof.status, checkedAt: result.proof.checkedAt } } : {}),
    ...next(result.nextStep, key.file),
  };
}

/** `rotate`: replaces the key at {fingerprint, path} (a VAR=key line of a dotenv file) with a new one. Destructive. */
export async function rotateTool(root: string, input: KeyRef, io: Io): Promise<Record<string, unknown>> {
  requireAdminToken(io, 'Rotating a key');
  const key = await locateKey(root, input.path, input.fingerprint, io);
  const result = await rotateLocatedKey(root, key, io);
  if (result.status === 'refused')
    throw new McpToolError(
      [result.error?.message ?? 'Rotation refused.', describeNextStep(result.nextStep, key.file)].filter(Boolean).join(' '),
      result.error?.code ?? 'E_MCP_ACTION',
    );
  const journal = result.journal;
  return {
    ...located(key),
    status: result.status,
    variable: result.variable,
    ...(journal ? { newKey: journal.newRedacted, oldKey: journal.oldRedacted, ...(journal.graceUntil ? { graceUntil: journal.graceUntil } : {}) } : {}),
    ...(result.record ? { record: result.record } : {}),
    ...(result.error ? { error: result.error } : {}),
    ...(result.notes.length > 0 ? { notes: result.notes.map((note) => note.message) } : {}),
    ...next(result.nextStep, key.file),
  };
}

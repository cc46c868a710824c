import { Option, type Command } from 'commander';
import {
  SEVERITIES,
  auditAccount,
  escapeControl,
  environmentOfRecord,
  listAccountKeys,
  severityRank,
  type ApiKey,
  type AuditFinding,
  type Severity,
} from '@rt-guard/core';
import { openApiSession } from '../api/client.ts';
import { requireAdminToken } from '../api/credentials.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import { withNextStep } from '../render-next-step.ts';
import type { RegisterCommand } from './index.ts';

/** `rt-guard keys list|audit`: the account's keys, and Runtype's best practices checked against them. */
export const registerKeys: RegisterCommand = (program: Command, io: Io, setExitCode) => {
  const keys = program.command('keys').description("List and audit the account's API keys (needs RUNTYPE_ADMIN_TOKEN)");

  keys
    .command('list')
    .description('Every key with its status, permissions and dates')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { format: 'table' | 'json' }) => {
      const records = await fetchKeys(io);
      const rows = records.map((r) => ({ ...r, status: statusOf(r, io.now()), environment: environmentOfRecord(r) }));
      if (options.format === 'json') io.stdout.write(`${JSON.stringify({ version: 1, keys: rows }, null, 2)}\n`);
      else
        io.stdout.write(
          table(
            ['NAME', 'STATUS', 'ENV', 'KEY', 'PERMISSIONS', 'CREATED', 'LAST USED', 'EXPIRES'],
            rows.map((r) => [
              r.name,
              r.status,
              r.environment,
              r.maskedKey ?? `${r.keyPrefix ?? ''}…`,
              r.permissions.join(','),
              day(r.createdAt),
              day(r.lastUsedAt) || 'never',
              day(r.expiresAt) || 'never',
            ]),
          ),
        );
      setExitCode(EXIT.clean);
    });

  keys
    .command('audit')
    .description("Check keys against Runtype's best practices; exit 1 when a finding is at or above --fail-on")
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails').choices(SEVERITIES).default('medium'))
    .action(async (options: { format: 'table' | 'json'; failOn: Severity }) => {
      const { records, findings } = await auditFor(io);
      const failing = findings.some((f) => severityRank(f.severity) >= severityRank(options.failOn));
      if (options.format === 'json') {
        io.stdout.write(`${JSON.stringify({ version: 1, keys: records.length, failOn: options.failOn, findings }, null, 2)}\n`);
      } else if (findings.length === 0) {
        io.stdout.write(`${records.length} key(s) audited: no findings.\n`);
      } else {
        io.stdout.write(
          table(
            ['SEVERITY', 'RULE', 'KEY', 'ADVICE'],
            findings.map((f: AuditFinding) => [f.severity, f.rule, f.keyName, f.message]),
          ),
        );
        io.stdout.write(`${records.length} key(s) audited, ${findings.length} finding(s)${failing ? `, at least one at or above ${options.failOn}` : ''}.\n`);
      }
      setExitCode(failing ? EXIT.findings : EXIT.clean);
    });
};

async function auditFor(io: Io): Promise<{ records: ApiKey[]; findings: AuditFinding[] }> {
  const adminToken = requireAdminToken(io, 'Auditing keys');
  const session = openApiSession(io, 2);
  try {
    const audited = await auditAccount({ client: session.client, now: () => io.now(), managementToken: adminToken });
    if (audited.status !== 'ok') throw new CliError(withNextStep(audited.error.message, audited.nextStep), audited.error.code);
    return audited;
  } finally {
    await session.close();
  }
}

async function fetchKeys(io: Io): Promise<ApiKey[]> {
  const adminToken = requireAdminToken(io, 'Listing keys');
  const session = openApiSession(io, 2);
  try {
    const listed = await listAccountKeys({ client: session.client, now: () => io.now(), managementToken: adminToken });
    if (listed.status !== 'ok') throw new CliError(withNextStep(listed.error.message, listed.nextStep), listed.error.code);
    return listed.records;
  } finally {
    await session.close();
  }
}

function statusOf(record: ApiKey, now: Date): 'active' | 'inactive' | 'expired' {
  if (record.expiresAt && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  return record.isActive === false ? 'inactive' : 'active';
}

function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

function table(header: string[], cells: string[][]): string {
  // Names and permissions are API answers: control characters are shown escaped.
  const rows = cells.map((row) => row.map(escapeControl));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

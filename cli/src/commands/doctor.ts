import { Option, type Command } from 'commander';
import { checkContract, escapeControl, generateKeyBody, type ContractReport } from '@rt-guard/core';
import { openApiSession } from '../api/client.ts';
import { requireApiKeyShape } from '../api/credentials.ts';
import { EXIT, type Io } from '../io.ts';
import type { RegisterCommand } from './index.ts';

/**
 * `rt-guard doctor`: which of rt-guard's assumptions about the Runtype API hold for this account.
 * Read-only requests only. Credentials from RUNTYPE_API_KEY / RUNTYPE_ADMIN_TOKEN (never argv);
 * `--format json` is a report without any secret to attach to a bug report.
 * Exit 0 when no assumption rt-guard relies on fails, 1 when one does, 2 on a usage error.
 */
export const registerDoctor: RegisterCommand = (program: Command, io: Io, setExitCode) => {
  program
    .command('doctor')
    .description("Check rt-guard's assumptions about the Runtype API with read-only requests (RUNTYPE_API_KEY and/or RUNTYPE_ADMIN_TOKEN)")
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--env-var <name>', 'environment variable holding an API key of the account', 'RUNTYPE_API_KEY')
    .action(async (options: { format: 'text' | 'json'; envVar: string }) => {
      const rawKey = io.env[options.envVar]?.trim();
      const apiKey = rawKey ? requireApiKeyShape(rawKey, options.envVar) : undefined;
      const managementToken = io.env.RUNTYPE_ADMIN_TOKEN?.trim() || undefined;
      const session = openApiSession(io, 2);
      let report: ContractReport;
      try {
        // madeUpKey: well-formed, and owned by no account.
        report = await checkContract({ client: session.client, apiKey, managementToken, madeUpKey: `rt_test_${generateKeyBody(32)}` });
      } finally {
        await session.close();
      }
      io.stdout.write(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatDoctor(report));
      setExitCode(report.checks.some((c) => c.status === 'fails' && c.isReliedOn) ? EXIT.findings : EXIT.clean);
    });
};

const MARK = { holds: 'ok  ', fails: 'FAIL', unknown: '??  ', skipped: 'skip' } as const;

function formatDoctor(report: ContractReport): string {
  const lines = [`rt-guard doctor: ${report.apiUrl}`, ''];
  for (const check of report.checks) {
    const mark = check.status === 'fails' && !check.isReliedOn ? 'info' : MARK[check.status];
    lines.push(`[${mark}] ${check.id}: ${check.assumption}`, `       ${check.detail}${check.isReliedOn ? '' : ' (rt-guard does not rely on this)'}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fails' && c.isReliedOn).map((c) => c.id);
  lines.push(
    '',
    failed.length > 0
      ? `Assumptions rt-guard relies on that do not hold: ${failed.join(', ')}. docs/api.md says what each one changes.`
      : 'No assumption rt-guard relies on is contradicted.',
  );
  // Details carry statuses and field names from the API: shown escaped.
  return `${lines.map(escapeControl).join('\n')}\n`;
}

import { Option, type Command } from 'commander';
import { escapeControl, fingerprintOf, inspectKey, redactKey, type Verification } from '@rt-guard/core';
import { openApiSession } from '../api/client.ts';
import { readKeyInput } from '../api/credentials.ts';
import { openCliCache } from '../api/verification-cache.ts';
import { EXIT, type Io } from '../io.ts';
import type { RegisterCommand } from './index.ts';

/**
 * `rt-guard inspect`: is this key live, and (with RUNTYPE_ADMIN_TOKEN) what is it? The key comes
 * from stdin or `RUNTYPE_API_KEY`. Exit 0 when the API answered (live or invalid), 2 when unknown.
 */
export const registerInspect: RegisterCommand = (program: Command, io: Io, setExitCode) => {
  program
    .command('inspect')
    .description('Check one key against the Runtype API (key on stdin or in RUNTYPE_API_KEY, never an argument)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--env-var <name>', 'environment variable holding the key', 'RUNTYPE_API_KEY')
    .action(async (options: { format: 'text' | 'json'; envVar: string }) => {
      const key = await readKeyInput(io, options.envVar);
      const session = openApiSession(io, 2);
      let verification: Verification;
      try {
        const inspected = await inspectKey(key, {
          client: session.client,
          now: () => io.now(),
          managementToken: io.env.RUNTYPE_ADMIN_TOKEN?.trim() || undefined,
          cache: await openCliCache(io, session.client.baseUrl),
        });
        verification = inspected.verification;
      } finally {
        await session.close();
      }
      const result = { key: redactKey(key), fingerprint: fingerprintOf(key), apiUrl: session.client.baseUrl, ...verification };
      io.stdout.write(options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatInspect(result));
      setExitCode(verification.status === 'unknown' ? EXIT.error : EXIT.clean);
    });
};

function formatInspect(result: Verification & { key: string; fingerprint: string; apiUrl: string }): string {
  const lines = [
    `Key:          ${result.key}`,
    `Status:       ${result.status.toUpperCase()}${result.reason ? ` (${result.reason})` : ''}`,
    `Fingerprint:  ${result.fingerprint}`,
  ];
  const r = result.record;
  if (r) {
    lines.push(
      `Name:         ${r.name}`,
      `Id:           ${r.id}`,
      `Environment:  ${r.environment}`,
      `Permissions:  ${r.permissions.join(', ') || '(none)'}`,
      `Created:      ${r.createdAt ?? '?'}`,
      `Last used:    ${r.lastUsedAt ?? 'never'}`,
      `Expires:      ${r.expiresAt ?? 'never'}`,
    );
  } else if (result.recordError) {
    lines.push(`Record:       ${result.recordError}`);
  } else {
    lines.push('Record:       set RUNTYPE_ADMIN_TOKEN to see name, permissions and dates.');
  }
  lines.push(`Checked:      ${result.checkedAt} at ${result.apiUrl}`);
  // The record is an API answer: its control characters are shown escaped, never sent to the terminal.
  return `${lines.map(escapeControl).join('\n')}\n`;
}

import { Option, type Command } from 'commander';
import { escapeControl, fingerprintOf, redactKey, revokeLeakedKey, type RevokeActionResult } from '@rt-guard/core';
import { openApiSession } from '../api/client.ts';
import { readKeyInput, requireAdminToken } from '../api/credentials.ts';
import { openCliCache } from '../api/verification-cache.ts';
import { confirm } from '../prompts.ts';
import { withNextStep } from '../render-next-step.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import type { RegisterCommand } from './index.ts';
import { collectFindings } from '../collect-findings.ts';

interface RevokeOptions {
  fingerprint?: string;
  yes?: boolean;
  envVar: string;
  format: 'text' | 'json';
}

/**
 * `rt-guard revoke`: renders core's `revokeLeakedKey` (find the key's one record with
 * RUNTYPE_ADMIN_TOKEN, confirm, DELETE, prove with a fresh verification, mark it invalid in the cache). The key comes from stdin/`RUNTYPE_API_KEY`,
 * or `--fingerprint <sha256> [paths…]` re-scans the paths for the finding with that fingerprint.
 */
export const registerRevoke: RegisterCommand = (program: Command, io: Io, setExitCode) => {
  program
    .command('revoke')
    .description('Revoke a leaked key and prove it no longer works (needs RUNTYPE_ADMIN_TOKEN)')
    .argument('[paths...]', 'with --fingerprint: where to find the key (default .)', ['.'])
    .option('--fingerprint <sha256>', 'revoke the key a scan reported with this fingerprint (found again in paths)')
    .option('--env-var <name>', 'environment variable holding the key, when stdin is not used', 'RUNTYPE_API_KEY')
    .option('-y, --yes', 'do not ask for confirmation')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], options: RevokeOptions) => {
      const adminToken = requireAdminToken(io, 'Revoking a key');
      const key = options.fingerprint ? await keyByFingerprint(options.fingerprint, paths, io) : await readKeyInput(io, options.envVar);
      const session = openApiSession(io, 2);
      try {
        const result = await revokeLeakedKey(key, {
          client: session.client,
          now: () => io.now(),
          managementToken: adminToken,
          // The next `scan --verify` says `invalid` at once, not after the cache expires.
          cache: await openCliCache(io, session.client.baseUrl),
          confirm: (record) =>
            // Name and permissions are API answers: control characters are shown escaped.
            confirm(
              io,
              escapeControl(
                `Revoke "${record.name}" (${redactKey(key)}, ${record.permissions.join(', ') || 'no permissions'})? Everything using it stops working.`,
              ),
              options.yes,
            ),
        });
        renderRevoke(result, options.format, io);
        setExitCode(result.status === 'revoked' || result.status === 'already-revoked' ? EXIT.clean : EXIT.error);
      } finally {
        await session.close();
      }
    });
};

/** Renders a core revoke result: JSON as it is (it holds no key), or one line of text. */
function renderRevoke(result: RevokeActionResult, format: 'text' | 'json', io: Io): void {
  const name = result.record ? `"${escapeControl(result.record.name)}" ` : '';
  const key = result.key.redacted;
  if (result.status === 'refused' || result.status === 'failed') {
    throw new CliError(withNextStep(result.error?.message ?? 'Revoke failed.', result.nextStep), result.error?.code ?? 'E_REVOKE');
  }
  if (format === 'json') {
    const summary = {
      status: result.status,
      key,
      fingerprint: result.key.fingerprint,
      id: result.record?.id,
      name: result.record?.name,
      revoked: result.status === 'revoked' || result.status === 'unconfirmed',
      wasPresent: result.status !== 'already-revoked',
      confirmed: result.status === 'revoked' || result.status === 'already-revoked',
      verification: result.proof,
    };
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  switch (result.status) {
    case 'revoked':
      io.stdout.write(`Revoked ${name}${key}. Confirmed: the API now rejects it (401).\n`);
      return;
    case 'already-revoked':
      io.stdout.write(
        `${name}${key} is already revoked: the API rejects it${result.record?.isActive === false ? ' and its record is inactive' : ''}. Nothing to do.\n`,
      );
      return;
    case 'unconfirmed':
      io.stdout.write(`Revoked ${name}${key}, but a fresh check says ${result.proof?.status ?? 'unknown'}: check again with \`rt-guard inspect\`.\n`);
      return;
    case 'cancelled':
      io.stderr.write('Not revoked.\n');
      return;
    default:
      result.status satisfies never;
  }
}

async function keyByFingerprint(fingerprint: string, paths: string[], io: Io): Promise<string> {
  const wanted = fingerprint.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(wanted)) throw new CliError('--fingerprint must be the 64-character hex fingerprint from a scan report.', 'E_USAGE');
  const { result } = await collectFindings(paths, {}, io);
  const finding = result.findings.find((f) => f.fingerprint === wanted);
  if (!finding || fingerprintOf(finding.secret) !== wanted) {
    throw new CliError(`No key with fingerprint ${wanted.slice(0, 12)}… in ${paths.join(' ')}: run the scan again, or pipe the key on stdin.`, 'E_NOT_FOUND');
  }
  return finding.secret;
}

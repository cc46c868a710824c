import { Option, type Command } from 'commander';
import { escapeControl, fingerprintOf, matchKeyRecord, redactKey, revokeAndConfirm } from '@rt-guard/core';
import { confirm, openApiSession, readKeyInput, requireAdminToken } from '../api-session.ts';
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
 * `rt-guard revoke`: finds the key's record (RUNTYPE_ADMIN_TOKEN), confirms, revokes it with
 * DELETE, then proves it with a fresh verification. The key comes from stdin/`RUNTYPE_API_KEY`,
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
        const { apiKeys } = await session.client.listKeys(adminToken);
        const record = matchKeyRecord(key, apiKeys);
        if (!record) {
          throw new CliError(`No key record matches ${redactKey(key)} for this RUNTYPE_ADMIN_TOKEN: it may belong to another account, or be revoked already (\`rt-guard inspect\`).`, 'E_NOT_FOUND');
        }
        // Name and permissions are API answers: control characters are shown escaped.
        const question = escapeControl(`Revoke "${record.name}" (${redactKey(key)}, ${record.permissions.join(', ') || 'no permissions'})? Everything using it stops working.`);
        if (!(await confirm(io, question, options.yes))) {
          io.stderr.write('Not revoked.\n');
          setExitCode(EXIT.error);
          return;
        }
        const result = await revokeAndConfirm({ client: session.client, adminToken, keyId: record.id, key, now: () => io.now() });
        const summary = { key: redactKey(key), id: record.id, name: record.name, revoked: true, wasPresent: result.wasPresent, confirmed: result.confirmed, verification: result.verification };
        if (options.format === 'json') io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else if (result.confirmed) io.stdout.write(`Revoked "${escapeControl(record.name)}" ${redactKey(key)}. Confirmed: the API now rejects it (401).\n`);
        else io.stdout.write(`Revoked "${escapeControl(record.name)}" ${redactKey(key)}, but a fresh check says ${result.verification?.status ?? 'unknown'}: check again with \`rt-guard inspect\`.\n`);
        setExitCode(result.confirmed ? EXIT.clean : EXIT.error);
      } finally {
        await session.close();
      }
    });
};

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

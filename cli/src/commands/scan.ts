import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { REPORT_FORMATS, SEVERITIES, escapeControl, formatBytes, formatReport, isFailing, redactText, type ReportFormat, type Severity } from '@rt-guard/core';
import { CliError, EXIT, type Io } from '../io.ts';
import { collectFindings, type CollectedFindings } from '../collect-findings.ts';
import { compareByVerification, createVerifier } from '../verify-findings.ts';
import { VERSION } from '../version.ts';
import type { RegisterCommand } from './index.ts';

/** Options of `rt-guard scan`, as commander parses them. */
export interface ScanOptions {
  format: ReportFormat;
  output?: string;
  config?: string;
  baseline?: string;
  failOn?: Severity;
  showSecrets?: boolean;
  staged?: boolean;
  git?: string | true;
  prePush?: boolean;
  /** `--npm-pack [dir]`: the files `npm publish` would put in the package (docs/exposure.md). */
  npmPack?: string | true;
  verify?: boolean;
  onlyVerified?: boolean;
  concurrency?: number;
  followSymlinks?: boolean;
  verbose?: boolean;
}

/**
 * `rt-guard scan [paths…]`: source (files and folders, stdin, or git) → detection → policy
 * (inline comments, allowlist, baseline) → optional live verification → report → exit code.
 */
export const registerScan: RegisterCommand = (program: Command, io: Io, setExitCode) => {
  program
    .command('scan')
    .description('Scan files, folders, stdin (`-`) or git history for Runtype keys')
    .argument('[paths...]', 'files or folders to scan; `-` reads stdin', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-c, --config <file>', 'config file (default: .rt-guard.json at the repository root)')
    .option('-b, --baseline <file>', 'report only keys whose fingerprints are not in this baseline file')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the scan (default: config failOn, else high)').choices(SEVERITIES))
    .option('--show-secrets', 'print full keys in text and json output (local debugging only; never in CI)')
    .option('--staged', 'scan what the next commit adds (the git index)')
    .option('--git [range]', 'scan the lines added by commits in a git range (default: all history)')
    .option('--pre-push', "scan the commits being pushed (reads git's pre-push hook input on stdin)")
    .option('--npm-pack [dir]', 'scan exactly the files `npm publish` would put in the package in dir (default: .)')
    .option('--verify', 'ask the Runtype API whether each found key is live')
    .option('--only-verified', 'report only keys the API confirms as live (implies --verify)')
    .option('--concurrency <n>', 'parallel API requests for --verify (default 8)', parsePositiveInt)
    .option('--follow-symlinks', 'follow symlinks inside scanned folders (never to targets outside them)')
    .option('--verbose', 'explain on stderr what was passed over and why')
    .action(async (paths: string[], options: ScanOptions) => {
      const started = performance.now();
      const progress = createProgress(io);
      // With --verify, keys are checked as the scan finds them: the API's latency overlaps the scan.
      const verifier =
        options.verify || options.onlyVerified ? createVerifier(io, options.concurrency === undefined ? {} : { concurrency: options.concurrency }) : undefined;
      let collected: CollectedFindings;
      try {
        collected = await collectFindings(paths, options, io, progress.update, verifier?.add);
      } catch (error) {
        await verifier?.finish([]); // let checks already started end, and close the pool
        throw error;
      } finally {
        progress.stop();
      }
      const { result, config, warnings } = collected;
      let findings = result.findings;
      if (verifier) {
        const active = findings.filter((f) => !f.suppressed);
        const verified = await verifier.finish(active);
        warnings.push(...verified.warnings);
        // Live keys first: they are the ones to act on now.
        findings = [...findings].sort(compareByVerification);
        if (options.onlyVerified) findings = findings.filter((f) => f.verification?.status === 'live');
      }
      const failOn = options.failOn ?? config.failOn;
      const report = formatReport(options.format, {
        findings,
        stats: { ...result.stats, durationMs: performance.now() - started },
        warnings: warnings.map(redactText),
        showSecrets: options.showSecrets === true,
        color: options.output === undefined && io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined,
        toolVersion: VERSION,
      });
      writeReport(report, options, io);
      // Text and github output carry warnings themselves; machine formats keep stderr informative.
      if (options.format === 'json' || options.format === 'sarif' || options.output !== undefined) {
        for (const warning of warnings) io.stderr.write(`rt-guard: warning: ${escapeControl(redactText(warning))}\n`);
      }
      const failing = findings.some((f) => isFailing(f, { failOn }));
      setExitCode(failing ? EXIT.findings : EXIT.clean);
    });
};

function writeReport(report: string, options: Pick<ScanOptions, 'output'>, io: Io): void {
  if (options.output === undefined || options.output === '-') {
    io.stdout.write(report);
    return;
  }
  try {
    writeFileSync(resolve(io.cwd, options.output), report);
  } catch (error) {
    throw new CliError(`cannot write ${options.output} (${(error as { code?: string }).code ?? 'error'}): check the --output path`, 'E_OUTPUT');
  }
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--concurrency must be a whole number ≥ 1, got "${value}"`, 'E_USAGE');
  return n;
}

/** A progress line on stderr, only on a TTY and only once a scan has run for a second. */
function createProgress(io: Io): { update: (files: number, bytes: number) => void; stop: () => void } {
  if (io.stderr.isTTY !== true) return { update: () => {}, stop: () => {} };
  let files = 0;
  let bytes = 0;
  let shown = false;
  const started = performance.now();
  const timer = setInterval(() => {
    if (performance.now() - started < 1000) return;
    shown = true;
    io.stderr.write(`\r\u001b[Kscanning… ${files} files, ${formatBytes(bytes)}`);
  }, 200);
  timer.unref();
  return {
    update(f, b) {
      files = f;
      bytes = b;
    },
    stop() {
      clearInterval(timer);
      if (shown) io.stderr.write('\r\u001b[K');
    },
  };
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  REPORT_FORMATS,
  SEVERITIES,
  applyPolicy,
  createDetector,
  createPathFilter,
  escapeControl,
  formatBytes,
  formatReport,
  isFailing,
  parseBaseline,
  redactText,
  type Baseline,
  type Config,
  type FindingWithSecret,
  type ReportFormat,
  type Severity,
} from '@rt-guard/core';
import { CliError, EXIT, type Io } from '../io.ts';
import { VERSION } from '../run.ts';
import { byLocation, scanPaths } from '../sources/files.ts';
import { scanGitRange, scanPrePush, scanStaged } from '../sources/git.ts';
import { loadConfig } from '../sources/load-config.ts';
import { scanStream } from '../sources/stdin.ts';
import type { SourceResult } from '../sources/types.ts';
import { compareByVerification, createVerifier } from '../verify-findings.ts';
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
  verify?: boolean;
  onlyVerified?: boolean;
  concurrency?: number;
  followSymlinks?: boolean;
  verbose?: boolean;
}

/** What the shared part of `scan` and `baseline` produces: findings after policy, and the config. */
export interface CollectedFindings {
  result: SourceResult;
  config: Config;
  warnings: string[];
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
    .option('--verify', 'ask the Runtype API whether each found key is live')
    .option('--only-verified', 'report only keys the API confirms as live (implies --verify)')
    .option('--concurrency <n>', 'parallel API requests for --verify (default 8)', parsePositiveInt)
    .option('--follow-symlinks', 'follow symlinks inside scanned folders (never to targets outside them)')
    .option('--verbose', 'explain on stderr what was passed over and why')
    .action(async (paths: string[], options: ScanOptions) => {
      const started = performance.now();
      const progress = createProgress(io);
      // With --verify, keys are checked as the scan finds them: the API's latency overlaps the scan.
      const verifier = options.verify || options.onlyVerified ? createVerifier(io, options.concurrency === undefined ? {} : { concurrency: options.concurrency }) : undefined;
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

/**
 * Runs the source the options select, then the policy. Shared with `rt-guard baseline`.
 * Throws CliError/ConfigError for usage and config problems (exit 2).
 */
export async function collectFindings(
  paths: readonly string[],
  options: Pick<ScanOptions, 'config' | 'baseline' | 'staged' | 'git' | 'prePush' | 'followSymlinks' | 'verbose'>,
  io: Io,
  onProgress?: (files: number, bytes: number) => void,
  /** Called early with each finding the policy keeps (files and folders only; others arrive in the result). */
  onActiveFinding?: (finding: FindingWithSecret) => void,
): Promise<CollectedFindings> {
  const gitModes = [options.staged, options.git !== undefined, options.prePush].filter(Boolean).length;
  if (gitModes > 1) throw new CliError('choose one of --staged, --git and --pre-push', 'E_USAGE');
  const explicitPaths = !(paths.length === 1 && paths[0] === '.');
  if (gitModes === 1 && explicitPaths) throw new CliError('paths cannot be combined with --staged, --git or --pre-push', 'E_USAGE');
  if (paths.includes('-') && paths.length > 1) throw new CliError('`-` (stdin) cannot be combined with other paths', 'E_USAGE');

  for (const path of paths) {
    // A mistyped path must not pass as "no keys found".
    if (path !== '-' && !existsSync(resolve(io.cwd, path))) throw new CliError(`no such file or folder: ${path}`, 'E_USAGE');
  }
  const loaded = loadConfig(io.cwd, options.config);
  const isIgnored = createPathFilter(loaded.config);
  const baseline = options.baseline === undefined ? undefined : readBaseline(io.cwd, options.baseline);
  const policyOptions = { config: loaded.config, now: io.now(), ...(baseline ? { baseline } : {}) };

  let result: SourceResult;
  const gitOptions = { cwd: io.cwd, isIgnored, env: io.env };
  if (options.staged) result = await scanStaged(gitOptions);
  else if (options.git !== undefined) result = await scanGitRange(options.git === true ? undefined : options.git, gitOptions);
  else if (options.prePush) result = await scanPrePush(io.stdin, gitOptions);
  else if (paths[0] === '-') {
    const scanned = await scanStream(io.stdin as AsyncIterable<Buffer | string>, {
      file: '-',
      detector: createDetector(),
      ...(onProgress ? { onProgress: (bytes: number) => onProgress(0, bytes) } : {}),
    });
    result = { findings: scanned.findings, stats: { files: 1, bytes: scanned.bytes, skipped: 0 }, warnings: [] };
  } else {
    const threads = parseThreads(io.env['RT_GUARD_THREADS']);
    result = await scanPaths(paths, {
      cwd: io.cwd,
      configRoot: loaded.root,
      isIgnored,
      ...(threads === undefined ? {} : { threads }),
      ...(onProgress ? { onProgress } : {}),
      ...(options.followSymlinks ? { followSymlinks: true } : {}),
      ...(options.verbose ? { onVerbose: (message: string) => io.stderr.write(`rt-guard: ${escapeControl(redactText(message))}\n`) } : {}),
      ...(onActiveFinding
        ? { onFindings: (found: readonly FindingWithSecret[]) => applyPolicy(found, policyOptions).findings.filter((f) => !f.suppressed).forEach(onActiveFinding) }
        : {}),
    });
  }
  const policy = applyPolicy(result.findings, policyOptions);
  const findings: FindingWithSecret[] = policy.findings.sort(byLocation);
  return { result: { ...result, findings }, config: loaded.config, warnings: [...result.warnings, ...policy.warnings] };
}

function readBaseline(cwd: string, file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new CliError(`cannot read baseline file ${file} (${(error as { code?: string }).code ?? 'error'}): create it with \`rt-guard baseline -o ${file}\``, 'E_BASELINE_READ');
  }
  return parseBaseline(text, file);
}

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

/** `RT_GUARD_THREADS`: worker threads for file scans (0 = main thread only). */
function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`RT_GUARD_THREADS must be a whole number ≥ 0, got "${value}"`, 'E_USAGE');
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

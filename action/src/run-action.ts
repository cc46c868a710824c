import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { formatReport, isFailing, redactText, type FindingWithSecret } from '@rt-guard/core';
import { collectFindings } from '../../cli/src/collect-findings.ts';
import { STABLE_CONFIG } from '../../cli/src/git/run-git.ts';
import { CliError, EXIT, type Io } from '../../cli/src/io.ts';
import { VERSION } from '../../cli/src/version.ts';
import { compareByVerification, createVerifier } from '../../cli/src/verify-findings.ts';
import { readInputs } from './inputs.ts';
import { appendSummary, toJobSummary, writeOutputs } from './job-summary.ts';
import { scanTarget, type GitProbe, type ScanTarget } from './scan-target.ts';

/**
 * The GitHub Action: a thin adapter over the CLI's own scan (`scan --git <range>` or `scan <paths>`,
 * config, baseline, policy, --verify, reports). Inputs come from INPUT_* variables, the commits to
 * scan from the event payload (GITHUB_EVENT_PATH); it prints the report and `::error` annotations,
 * writes the SARIF file, the job summary and the outputs, and returns the exit code (1 = findings
 * at or above fail-on). Never prints a full key: every output is a report of redacted findings.
 */
export async function runAction(io: Io): Promise<number> {
  try {
    return await scanAndReport(io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stdout.write(`::error title=rt-guard::${escapeData(redactText(message))}\n`);
    return EXIT.error;
  }
}

async function scanAndReport(io: Io): Promise<number> {
  const started = performance.now();
  const inputs = readInputs(io.env);
  let target: ScanTarget | undefined;
  if (inputs.paths.length === 0) {
    target = scanTarget(io.env.GITHUB_EVENT_NAME ?? '', readPayload(io.env.GITHUB_EVENT_PATH), gitProbe(io.cwd), inputs.fullHistory);
  }
  const scanned = target?.description ?? `the files ${inputs.paths.join(', ')}`;
  io.stdout.write(`rt-guard ${VERSION}: scanning ${scanned}\n`);
  if (target?.kind === 'nothing') {
    writeOutputs(io.env.GITHUB_OUTPUT, { findings: '0', 'sarif-file': '' });
    appendSummary(io.env.GITHUB_STEP_SUMMARY, toJobSummary([], { scanned, failOn: inputs.failOn ?? 'high', warnings: [] }));
    return EXIT.clean;
  }

  const verifier = inputs.verify ? createVerifier(io) : undefined;
  const options = {
    ...(inputs.baseline === undefined ? {} : { baseline: inputs.baseline }),
    ...(inputs.config === undefined ? {} : { config: inputs.config }),
    ...(target === undefined ? {} : { git: target.kind === 'range' ? target.range : (true as const) }),
  };
  let collected;
  try {
    collected = await collectFindings(target === undefined ? inputs.paths : ['.'], options, io, undefined, verifier?.add);
  } catch (error) {
    await verifier?.finish([]);
    throw error;
  }
  const { result, config } = collected;
  const warnings = [...(target?.warning ? [target.warning] : []), ...collected.warnings];
  let findings: FindingWithSecret[] = result.findings;
  if (verifier) {
    const verified = await verifier.finish(findings.filter((f) => !f.suppressed));
    warnings.push(...verified.warnings);
    findings = [...findings].sort(compareByVerification);
  }
  const failOn = inputs.failOn ?? config.failOn;
  const report = {
    findings,
    stats: { ...result.stats, durationMs: performance.now() - started },
    warnings: warnings.map(redactText),
    toolVersion: VERSION,
  };

  // The annotations (GitHub's own format), then the report in the chosen format.
  io.stdout.write(formatReport('github', report));
  if (inputs.format !== 'github') io.stdout.write(formatReport(inputs.format, report));
  let sarifPath = '';
  if (inputs.sarifFile !== undefined) {
    sarifPath = isAbsolute(inputs.sarifFile) ? inputs.sarifFile : resolve(io.cwd, inputs.sarifFile);
    try {
      writeFileSync(sarifPath, formatReport('sarif', report));
    } catch (error) {
      throw new CliError(
        `cannot write the SARIF file ${inputs.sarifFile} (${(error as { code?: string }).code ?? 'error'}): check the \`sarif-file\` input`,
        'E_OUTPUT',
      );
    }
  }
  const active = findings.filter((f) => !f.suppressed);
  writeOutputs(io.env.GITHUB_OUTPUT, { findings: String(active.length), 'sarif-file': sarifPath });
  appendSummary(io.env.GITHUB_STEP_SUMMARY, toJobSummary(findings, { scanned, failOn, warnings: report.warnings }));
  return active.some((f) => isFailing(f, { failOn })) ? EXIT.findings : EXIT.clean;
}

function readPayload(path: string | undefined): unknown {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new CliError(`cannot read the event payload GITHUB_EVENT_PATH=${path}: ${(error as Error).message}`, 'E_EVENT');
  }
}

function gitProbe(cwd: string): GitProbe {
  // With the CLI's own -c settings: a repository's config must not make git run a command of its choosing.
  const git = (...args: string[]) => spawnSync('git', [...STABLE_CONFIG, ...args], { cwd, encoding: 'utf8' });
  return {
    hasCommit: (sha) => git('cat-file', '-e', `${sha}^{commit}`).status === 0,
    isAncestor: (ancestor, descendant) => git('merge-base', '--is-ancestor', ancestor, descendant).status === 0,
    isShallow: () => git('rev-parse', '--is-shallow-repository').stdout.trim() === 'true',
  };
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

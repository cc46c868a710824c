import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyPolicy, createPathFilter, escapeControl, parseBaseline, redactText, type Baseline, type Config, type FindingWithSecret } from '@rt-guard/core';
import { CliError, type Io } from './io.ts';
import { byLocation, scanPaths } from './sources/files.ts';
import { scanGitRange, scanPrePush, scanStaged } from './sources/git.ts';
import { loadConfig } from './sources/load-config.ts';
import { foldersOnly } from './sources/walk.ts';
import { scanNpmPack } from './sources/npm-pack.ts';
import { scanStdin } from './sources/stdin.ts';
import { DEFAULT_PREFILTER } from './sources/native-prefilter.ts';
import type { PrefilterChoice } from './sources/prefiltered-walk.ts';
import type { SourceResult } from './sources/types.ts';

/** Which source to scan and how: the options `scan`, `baseline` and the hooks share. */
export interface CollectOptions {
  config?: string;
  baseline?: string;
  staged?: boolean;
  git?: string | true;
  prePush?: boolean;
  /** `--npm-pack [dir]`: the files `npm publish` would put in the package (docs/exposure.md). */
  npmPack?: string | true;
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
 * Runs the source the options select, then the policy. Shared by `scan`, `baseline`, `hook run` and `revoke --scan`.
 * Throws CliError/ConfigError for usage and config problems (exit 2).
 */
export async function collectFindings(
  paths: readonly string[],
  options: CollectOptions,
  io: Io,
  onProgress?: (files: number, bytes: number) => void,
  /** Called early with each finding the policy keeps (files and folders only; others arrive in the result). */
  onActiveFinding?: (finding: FindingWithSecret) => void,
): Promise<CollectedFindings> {
  const gitModes = [options.staged, options.git !== undefined, options.prePush].filter(Boolean).length;
  if (gitModes > 1) throw new CliError('choose one of --staged, --git and --pre-push', 'E_USAGE');
  const explicitPaths = !(paths.length === 1 && paths[0] === '.');
  if (gitModes === 1 && explicitPaths) throw new CliError('paths cannot be combined with --staged, --git or --pre-push', 'E_USAGE');
  if (options.npmPack !== undefined && (gitModes > 0 || explicitPaths)) {
    throw new CliError('--npm-pack scans the package npm would publish: it cannot be combined with paths, stdin, --staged, --git or --pre-push', 'E_USAGE');
  }
  if (typeof options.npmPack === 'string' && !isFolder(resolve(io.cwd, options.npmPack)))
    throw new CliError(`no such folder: ${options.npmPack} (--npm-pack takes the package's folder)`, 'E_USAGE');
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
  else if (options.npmPack !== undefined) {
    result = await scanNpmPack(options.npmPack === true ? '.' : options.npmPack, {
      cwd: io.cwd,
      configRoot: loaded.root,
      isIgnored,
      env: io.env,
      ...(onProgress ? { onProgress } : {}),
    });
  } else if (paths[0] === '-') {
    result = await scanStdin(io.stdin as AsyncIterable<Buffer | string>, onProgress ? (bytes) => onProgress(0, bytes) : undefined);
  } else {
    const threads = parseThreads(io.env['RT_GUARD_THREADS']);
    result = await scanPaths(paths, {
      cwd: io.cwd,
      configRoot: loaded.root,
      isIgnored,
      isIgnoredFoldersOnly: foldersOnly(loaded.config.ignore),
      ...(threads === undefined ? {} : { threads }),
      ...(onProgress ? { onProgress } : {}),
      ...(options.followSymlinks ? { followSymlinks: true } : {}),
      prefilter: parsePrefilter(io.env['RT_GUARD_PREFILTER']),
      env: io.env,
      ...(options.verbose ? { onVerbose: (message: string) => io.stderr.write(`rt-guard: ${escapeControl(redactText(message))}\n`) } : {}),
      ...(onActiveFinding
        ? {
            onFindings: (found: readonly FindingWithSecret[]) =>
              applyPolicy(found, policyOptions)
                .findings.filter((f) => !f.suppressed)
                .forEach(onActiveFinding),
          }
        : {}),
    });
  }
  const policy = applyPolicy(result.findings, policyOptions);
  const findings: FindingWithSecret[] = policy.findings.sort(byLocation);
  return { result: { ...result, findings }, config: loaded.config, warnings: [...result.warnings, ...policy.warnings] };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readBaseline(cwd: string, file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read baseline file ${file} (${(error as { code?: string }).code ?? 'error'}): create it with \`rt-guard baseline -o ${file}\``,
      'E_BASELINE_READ',
    );
  }
  return parseBaseline(text, file);
}

/**
 * `RT_GUARD_PREFILTER`: the native search that picks the files to read (rg, git, auto = rg; off).
 * Default off: on the 2-core machines measured, reading every file costs less CPU than the native
 * searches (scan bench; issue 16 notes).
 */
function parsePrefilter(value: string | undefined): PrefilterChoice {
  if (value === undefined || value === '') return DEFAULT_PREFILTER;
  if (value === 'auto' || value === 'rg' || value === 'git' || value === 'off') return value;
  throw new CliError(`RT_GUARD_PREFILTER must be auto, rg, git or off, got "${value}"`, 'E_USAGE');
}

/** `RT_GUARD_THREADS`: worker threads for file scans (0 = main thread only). */
function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`RT_GUARD_THREADS must be a whole number ≥ 0, got "${value}"`, 'E_USAGE');
  return n;
}

import type { Readable } from 'node:stream';
import { createDetector, type Detector, type FindingWithSecret } from '@rt-guard/core';
import { CliError } from '../io.ts';
import { COMMIT_FORMAT } from '../git/patch-parser.ts';
import { scanPatchCommand, type PatchScanOptions } from '../git/git-log-scan.ts';
import { parsePrePushInput, revisionsToPush } from '../git/pre-push-input.ts';
import { PATCH_FLAGS, runGit, STAGED_DIFF_ARGS, type GitContext } from '../git/run-git.ts';
import type { ScanStats, SourceResult } from './types.ts';

/** Options every git source takes. */
export interface GitScanOptions {
  /** Where git runs (any folder inside the repository). */
  cwd: string;
  /** Repository-relative path → true when the config's ignore rules exclude it. */
  isIgnored?: (path: string) => boolean;
  /**
   * Environment for git. Default: inherited. A hook's environment carries GIT_INDEX_FILE (set by
   * `git commit -a` and `git commit <paths>`), which decides which index `--staged` reads.
   */
  env?: Record<string, string | undefined>;
  /** Default: the built-in rules. */
  detector?: Detector;
}

const LOG_FLAGS = ['-c', 'log.showSignature=false', 'log', '-p', '--cc', `--format=${COMMIT_FORMAT}`, ...PATCH_FLAGS];

/**
 * `scan --staged`: exactly what the next commit adds: the index (or the one GIT_INDEX_FILE names),
 * never the working tree. Only lines the commit adds are reported, numbered as in the staged
 * version. Works before the first commit (git diffs the index against the empty tree then).
 */
export async function scanStaged(options: GitScanOptions): Promise<SourceResult> {
  // Runs on every commit: one git process on the happy path; the repository check only explains a failure.
  const context: GitContext = { cwd: options.cwd, ...(options.env ? { env: options.env } : {}) };
  let result;
  try {
    result = await scanPatchCommand(STAGED_DIFF_ARGS, patchOptions(options, context));
  } catch (error) {
    await repositoryContext(options); // outside a repository, git diff only says "unknown option `cached'"
    throw error;
  }
  const { files, bytes, skipped } = result.counts; // no commits: the index is not one
  return toSourceResult(result.findings, { files, bytes, skipped });
}

/** `scan --git [range]`: the lines added by each commit in `range` (default: all history, every ref). */
export async function scanGitRange(range: string | undefined, options: GitScanOptions): Promise<SourceResult> {
  const context = await repositoryContext(options);
  if (range !== undefined && (range.trim() === '' || range.startsWith('-'))) {
    throw new CliError(`invalid git range "${range}": give a revision range such as origin/main..HEAD, or no range for all history`);
  }
  const revisions = range === undefined ? ['--all'] : ['--end-of-options', range];
  const result = await scanPatchCommand([...LOG_FLAGS, ...revisions, '--'], patchOptions(options, context));
  return toSourceResult(result.findings, { ...result.counts });
}

/**
 * `scan --pre-push`: reads git's pre-push stdin protocol (`<local ref> <local sha> <remote ref>
 * <remote sha>` per line) and scans exactly the commits being pushed: `remote..local` for an
 * update, commits on no remote-tracking ref for a new branch (or a force push over history we
 * don't have), nothing for a deleted branch.
 */
export async function scanPrePush(stdin: Readable, options: GitScanOptions): Promise<SourceResult> {
  const context = await repositoryContext(options);
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  const updates = parsePrePushInput(text);
  const findings: FindingWithSecret[] = [];
  const stats: ScanStats = { files: 0, bytes: 0, skipped: 0, commits: 0 };
  const seen = new Set<string>();
  for (const update of updates) {
    const revisions = await revisionsToPush(update, context);
    if (revisions.length === 0) continue;
    const result = await scanPatchCommand([...LOG_FLAGS, ...revisions, '--'], { ...patchOptions(options, context), skipCommits: new Set(seen) });
    findings.push(...result.findings);
    stats.files += result.counts.files;
    stats.bytes += result.counts.bytes;
    stats.skipped += result.counts.skipped;
    for (const commit of result.commits) {
      if (!seen.has(commit)) stats.commits = (stats.commits ?? 0) + 1;
      seen.add(commit);
    }
  }
  return toSourceResult(findings, stats);
}

/** Checks that `cwd` is inside a work tree (a clear exit-2 error if not) and builds the git context. */
async function repositoryContext(options: GitScanOptions): Promise<GitContext> {
  const context: GitContext = { cwd: options.cwd, ...(options.env ? { env: options.env } : {}) };
  await runGit(['rev-parse', '--git-dir'], context);
  return context;
}

let defaultDetector: Detector | undefined;

function patchOptions(options: GitScanOptions, context: GitContext): PatchScanOptions {
  defaultDetector ??= createDetector();
  return { context, detector: options.detector ?? defaultDetector, isIgnored: options.isIgnored };
}

function toSourceResult(findings: FindingWithSecret[], stats: ScanStats): SourceResult {
  findings.sort((a, b) => (a.commit ?? '').localeCompare(b.commit ?? '') || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { findings, stats, warnings: [] };
}

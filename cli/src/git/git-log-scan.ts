import { StringDecoder } from 'node:string_decoder';
import type { Detector, FindingWithSecret } from '@rt-guard/core';
import { createPatchParser, type FileChange, type PatchCounts } from './patch-parser.ts';
import { createSectionFilter } from './section-filter.ts';
import { exitCodeOf, gitFailed, spawnGit, type GitContext } from './run-git.ts';
import { scanChanges } from './scan-changes.ts';

export interface PatchScanOptions {
  context: GitContext;
  detector: Detector;
  isIgnored?: ((path: string) => boolean) | undefined;
  /** Skip changes made by these commits (already scanned). */
  skipCommits?: ReadonlySet<string>;
}

export interface PatchScanResult {
  findings: FindingWithSecret[];
  counts: PatchCounts;
  /** Commits seen in the patch stream. */
  commits: Set<string>;
}

/**
 * Runs a git command that prints patches (`diff --cached` or `log -p`), keeps files with candidate
 * text on added lines, then reads and scans only those blobs. Most commits hold no candidate at
 * all, so most of the work is git's own diffing.
 */
export async function scanPatchCommand(args: readonly string[], options: PatchScanOptions): Promise<PatchScanResult> {
  const candidates: FileChange[] = [];
  const commits = new Set<string>();
  let ignored = 0;
  const onFile = (change: FileChange): void => {
    if (change.commit !== undefined && options.skipCommits?.has(change.commit)) return;
    if (options.isIgnored?.(change.path)) {
      ignored++;
      return;
    }
    if (change.isCandidate) candidates.push(change);
  };
  const parser = createPatchParser(options.detector, onFile, (sha) => commits.add(sha));
  const child = spawnGit(args, options.context);
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdin.end();
  const done = exitCodeOf(child);
  const filter = createSectionFilter(options.detector, parser);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of child.stdout) filter.write(decoder.write(chunk as Buffer));
  filter.write(decoder.end());
  filter.end();
  parser.end();
  const code = await done;
  if (code !== 0) throw gitFailed(args, Buffer.concat(err).toString('utf8'), code);
  const findings = await scanChanges(candidates, options.detector, options.context);
  const counts = { ...parser.counts, skipped: parser.counts.skipped + ignored };
  return { findings, counts, commits };
}

import { availableParallelism } from 'node:os';
import { createDetector, type Detector, type FindingWithSecret } from '@rt-guard/core';
import { divertArtifacts } from './archive/divert.ts';
import { createExtensionExposure } from './exposure/browser-extension.ts';
import type { FileScanResult } from './scan-file.ts';
import { scanFile } from './scan-file.ts';
import type { SourceResult } from './types.ts';
import { startPrefilter, withPrefilter, type PrefilterChoice } from './prefiltered-walk.ts';
import { walkPaths, type WalkEntry } from './walk.ts';
import { scanInWorkers, workerScriptPath } from './worker-pool.ts';

export interface ScanPathsOptions {
  cwd: string;
  configRoot: string;
  isIgnored: (relativePath: string) => boolean;
  /** `isIgnored`'s patterns all name folders (walk.ts foldersOnly): files need no test of their own. */
  isIgnoredFoldersOnly?: boolean;
  /** Worker threads besides the main thread, which scans too; 0: main thread only. Default: cores − 1 (at most 3), for big scans. */
  threads?: number;
  detector?: Detector;
  /** Called after each file, for the progress line. */
  onProgress?: (files: number, bytes: number) => void;
  /** Called with each file's findings as soon as it is scanned (e.g. to start verifying them). */
  onFindings?: (findings: readonly FindingWithSecret[]) => void;
  /** Follow links inside the scanned folders (only to targets inside them). Default false. */
  followSymlinks?: boolean;
  /** Details for `--verbose` (links passed over, …), one line each. */
  onVerbose?: (message: string) => void;
  /** `RT_GUARD_PREFILTER`: the native search that picks files to read (default `off`: read every file). */
  prefilter?: PrefilterChoice;
  /** Environment for the native search (PATH). Default: none, so no native search. */
  env?: Record<string, string | undefined>;
}

// Below this many files, starting workers costs more than it saves (measured: 320 files scan in
// 0.11 s on the main thread, 0.6 s with two workers on a busy 2-core machine).
const MIN_FILES_FOR_WORKERS = 2000;
// When a native search picked the files, those left are few and small (files with a near-miss):
// on the scan bench's 2,286 candidates (20 MB) the main thread alone finished first (issue 16).
// Threads set explicitly (RT_GUARD_THREADS) keep the general threshold.
const MIN_FILES_FOR_WORKERS_NARROWED = 8000;

/**
 * `rt-guard scan [paths…]` over files and folders: walks (see walkPaths), scans each file, and
 * returns findings sorted by file, line and column, with stats and warnings.
 */
export async function scanPaths(paths: readonly string[], options: ScanPathsOptions): Promise<SourceResult> {
  const findings: FindingWithSecret[] = [];
  const warnings: string[] = [];
  const stats = { files: 0, bytes: 0, skipped: 0 };
  // Archives and source maps are scanned apart (archive/), after the text files.
  const artifacts: WalkEntry[] = [];
  const walk = divertArtifacts(
    walkPaths(paths, {
      cwd: options.cwd,
      configRoot: options.configRoot,
      isIgnored: options.isIgnored,
      ...(options.isIgnoredFoldersOnly ? { isIgnoredFoldersOnly: true } : {}),
      onWarning: (message) => warnings.push(message),
      onSkip: () => stats.skipped++,
      ...(options.followSymlinks ? { followSymlinks: true } : {}),
      ...(options.onVerbose ? { onVerbose: options.onVerbose } : {}),
    }),
    artifacts,
  );
  const markExtensionCode = createExtensionExposure(options.cwd);
  const onResult = (result: FileScanResult): void => {
    result.findings.forEach(markExtensionCode);
    if (result.skipped) stats.skipped++;
    else stats.files++;
    stats.bytes += result.bytes;
    if (result.warning) warnings.push(result.warning);
    for (const finding of result.findings) findings.push(finding);
    if (result.findings.length > 0) options.onFindings?.(result.findings);
    options.onProgress?.(stats.files, stats.bytes);
  };

  const script = workerScriptPath();
  // The main thread scans too, so one worker per extra core.
  const threads = options.threads ?? Math.min(3, availableParallelism() - 1);
  // The native search (if any) runs while the walk starts; files it rules out are not read.
  const prefilter = startPrefilter(paths, options);
  const walked = await withPrefilter(walk, prefilter, onResult, options.onVerbose);
  // Look ahead: only a big scan is worth the workers' start-up time.
  // (Not `for…of` with `break`: that would close the walk generator.)
  const narrowed = options.threads === undefined && (await Promise.all(prefilter.values())).some((result) => result.ok);
  const minFiles = narrowed ? MIN_FILES_FOR_WORKERS_NARROWED : MIN_FILES_FOR_WORKERS;
  const head: WalkEntry[] = [];
  while (head.length < minFiles) {
    const step = walked.next();
    if (step.done) break;
    head.push(step.value);
  }
  const all = (function* (): Generator<WalkEntry> {
    yield* head;
    yield* walked;
  })();
  if (script !== undefined && threads > 0 && head.length >= minFiles) {
    const detector = options.detector ?? createDetector();
    await scanInWorkers(all, threads, script, onResult, (entry) => scanFile(entry.path, entry.relative, detector));
  } else {
    const detector = options.detector ?? createDetector();
    // scanFile reads synchronously: yield to the event loop every few ms, so work waiting on I/O
    // (verifying the keys found so far, the progress line) goes on during the scan.
    let yielded = performance.now();
    for (const entry of all) {
      onResult(await scanFile(entry.path, entry.relative, detector));
      if (performance.now() - yielded > 4) {
        await new Promise((resolve) => setImmediate(resolve));
        yielded = performance.now();
      }
    }
  }
  if (artifacts.length > 0) {
    const { scanArtifacts } = await import('./archive/scan-artifacts.ts');
    await scanArtifacts(artifacts, options.detector ?? createDetector(), onResult, (warning) => warnings.push(warning));
  }
  findings.sort(byLocation);
  return { findings, stats, warnings };
}

/** Report order: file, then line, then column. */
export function byLocation(a: FindingWithSecret, b: FindingWithSecret): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

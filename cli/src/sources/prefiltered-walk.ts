import { statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { createDetector, type Detector } from '@rt-guard/core';
import { nativeSearchPattern } from './native-patterns.ts';
import { runNativePrefilter, type NativeCandidates } from './native-prefilter.ts';
import { CHUNK_SIZE, type FileScanResult } from './scan-file.ts';
import type { WalkEntry } from './walk.ts';

/**
 * `RT_GUARD_PREFILTER`: which native search picks the files to read. `rg` (or `auto`): ripgrep;
 * `git`: git grep; `off` (the CLI's default): read every file.
 */
export type PrefilterChoice = 'auto' | 'rg' | 'git' | 'off';

/** Native searches under way, one per folder named on the command line. */
export type PendingPrefilter = Map<string, Promise<NativeCandidates>>;

// Walked ahead while the native search runs (a few MB of paths at most).
const WALK_AHEAD = 50_000;

/**
 * Archives: what they hold is compressed, so no native search sees a key in them; any scanner
 * that opens them must get every one. Read always, whatever the native search says.
 */
const ALWAYS_READ = /\.(?:zip|jar|war|ear|apk|aar|tar|tgz|gz|bz2|xz|zst|7z|whl|egg|nupkg|vsix|crx|xpi|docx|xlsx|pptx|odt)$/i;

/**
 * Starts the native search of every folder among `paths` (files named on the command line are
 * always read). Returns at once: the searches run in other processes while Node walks.
 */
export function startPrefilter(
  paths: readonly string[],
  options: { cwd: string; prefilter?: PrefilterChoice; env?: Record<string, string | undefined>; detector?: Detector },
): PendingPrefilter {
  const pending: PendingPrefilter = new Map();
  const choice = options.prefilter ?? 'off';
  if (choice === 'off' || options.env === undefined) return pending;
  const pattern = nativeSearchPattern((options.detector ?? createDetector()).rules);
  for (const input of paths) {
    const dir = resolveFolder(options.cwd, input);
    if (dir === undefined || pending.has(dir)) continue;
    pending.set(dir, runNativePrefilter({ dir, pattern, prefer: choice, env: options.env }));
  }
  return pending;
}

/**
 * The walk, minus the files the native search ruled out: text files (no NUL byte) under 8 MiB
 * without a candidate. Those are not read; `onResult` gets what scanFile would have returned for
 * them (no findings, their size in bytes), so stats stay exactly those of reading every file.
 * Everything else is yielded to be read: candidates, files with a NUL byte (binary or not, scanFile
 * decides), big files (streamed), archives, names that are not valid UTF-8, files named on the
 * command line or reached through a followed link, and every file of a folder whose search failed.
 */
export async function withPrefilter(
  walk: Iterator<WalkEntry>,
  pending: PendingPrefilter,
  onResult: (result: FileScanResult) => void,
  onVerbose?: (message: string) => void,
): Promise<Generator<WalkEntry>> {
  if (pending.size === 0) return iterate(walk, []);
  const ahead: WalkEntry[] = [];
  while (ahead.length < WALK_AHEAD) {
    const step = walk.next();
    if (step.done) break;
    ahead.push(step.value);
  }
  const results = new Map<string, NativeCandidates>();
  for (const [dir, promise] of pending) {
    const result = await promise;
    results.set(dir, result);
    if (!result.ok) onVerbose?.(`native prefilter unavailable for ${dir} (${result.reason}); reading every file`);
  }
  let skipped = 0;
  let total = 0;
  const needsRead = (entry: WalkEntry): boolean => {
    total++;
    if (entry.folder === undefined) return true;
    const found = results.get(entry.folder);
    if (!found?.ok) return true;
    const rel = entry.path.slice(entry.folder.length + 1);
    const key = sep === '/' ? rel : rel.split(sep).join('/');
    if (found.matches.has(key) || found.withNul.has(key) || key.includes('\uFFFD') || ALWAYS_READ.test(key)) return true;
    let size = found.sizes?.get(key);
    if (size === undefined) {
      try {
        size = statSync(entry.path).size;
      } catch {
        return true; // scanFile reports it as before
      }
    }
    if (size >= CHUNK_SIZE) return true;
    skipped++;
    onResult({ findings: [], bytes: size });
    return false;
  };
  return (function* (): Generator<WalkEntry> {
    for (const entry of iterate(walk, ahead)) if (needsRead(entry)) yield entry;
    const tools = [...new Set([...results.values()].flatMap((r) => (r.ok ? [r.tool] : [])))];
    if (tools.length > 0)
      onVerbose?.(`native prefilter (${tools.join(', ')}): ${total - skipped} of ${total} files read, ${skipped} ruled out without reading`);
  })();
}

function* iterate(walk: Iterator<WalkEntry>, ahead: readonly WalkEntry[]): Generator<WalkEntry> {
  yield* ahead;
  for (let step = walk.next(); !step.done; step = walk.next()) yield step.value;
}

/** The folder as the walk names it (`resolve(cwd, input)`), if `input` is a folder. */
function resolveFolder(cwd: string, input: string): string | undefined {
  const path = resolve(cwd, input);
  try {
    return statSync(path).isDirectory() ? path : undefined;
  } catch {
    return undefined;
  }
}

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_PREFILTER, runNativePrefilter, type NativeCandidates, type NativePrefilterOptions } from './native-prefilter.ts';

/**
 * The native search pattern of the built-in rules (nativeSearchPattern(builtinRules)), written out
 * so bin.cjs need not load the rules to start the search. A test keeps it equal; were it stale, the
 * prestarted search would not be adopted (the pattern is compared) and the scan starts its own.
 */
export const PRESTART_PATTERN =
  'rt_live_[A-Za-z0-9]{16}|cnRfbGl2|X2xpdmVf|dF9saXZl|rt_test_[A-Za-z0-9]{16}|cnRfdGVz|X3Rlc3Rf|dF90ZXN0|tv_live_[A-Za-z0-9]{16}|dHZfbGl2|dl9saXZl|tv_test_[A-Za-z0-9]{16}|dHZfdGVz|dl90ZXN0|papi_[A-Za-z0-9]{16}|a2a_[A-Za-z0-9]{16}|ct_live_[A-Za-z0-9]{16}|ct_test_[A-Za-z0-9]{16}';

/** `scan` options followed by a value (that word is no path). */
const VALUE_OPTIONS = new Set(['-f', '--format', '-o', '--output', '-c', '--config', '-b', '--baseline', '--fail-on', '--concurrency']);
/** `scan` options that read no folder (or print help): nothing to start. */
const NO_FOLDERS = new Set(['--staged', '--git', '--pre-push', '--npm-pack', '-h', '--help', '-']);

type Handles = Parameters<NonNullable<NativePrefilterOptions['onStart']>>[0];
interface Prestarted {
  dir: string;
  pattern: string;
  prefer: string;
  env: object;
  result: Promise<NativeCandidates>;
  handles: Handles[];
  /** Adopted by the scan: a process started from now on must keep Node alive. */
  adopted: boolean;
}
/** What holds a Node process open: a child process, its pipes, a timer. */
interface Holder {
  ref(): unknown;
  unref(): unknown;
}

// On globalThis: bin.cjs starts the search, cli.js (a separate bundle) adopts it.
const PRESTARTED = Symbol.for('rt-guard.prestarted-native-search');
const slot = globalThis as { [PRESTARTED]?: Prestarted[] };

function holders({ child, timer }: Handles): Holder[] {
  return [child, child.stdout as unknown as Holder | null, child.stderr as unknown as Holder | null, timer].filter(
    (h): h is Holder => typeof h?.ref === 'function',
  );
}

/**
 * The folders a plain `rt-guard scan [options] [paths…]` will search natively, read from the raw
 * arguments before the CLI is loaded. A guess on purpose: a folder guessed wrongly costs one unused
 * search (stopped when Node exits), one missed costs nothing but the overlap.
 */
export function prestartFolders(argv: readonly string[], cwd: string): string[] {
  if (argv[0] !== 'scan') return [];
  const paths: string[] = [];
  let options = true;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (options && arg === '--') options = false;
    else if (options && NO_FOLDERS.has(arg.split('=')[0]!)) return [];
    else if (options && VALUE_OPTIONS.has(arg)) i++;
    else if (!(options && arg.startsWith('-'))) paths.push(arg);
  }
  const folders = new Set<string>();
  for (const path of paths.length === 0 ? ['.'] : paths) {
    const dir = resolve(cwd, path);
    try {
      if (statSync(dir).isDirectory()) folders.add(dir);
    } catch {
      // not there: the CLI reports it
    }
  }
  return [...folders];
}

/**
 * Starts the native search of each folder `scan` is about to walk (bin.ts, before the rest of the
 * CLI is compiled), so ripgrep's time overlaps Node's start-up. The processes do not keep Node
 * alive until adopted (adoptPrestarted): an unused search dies with the process.
 * Nothing starts for RT_GUARD_PREFILTER=off or a value the CLI rejects.
 */
export function prestartNativeSearch(argv: readonly string[], cwd: string, env: Record<string, string | undefined>): void {
  const prefer = env['RT_GUARD_PREFILTER'] || DEFAULT_PREFILTER;
  if (prefer !== 'auto' && prefer !== 'rg' && prefer !== 'git') return;
  const list = (slot[PRESTARTED] ??= []);
  for (const dir of prestartFolders(argv, cwd)) {
    const entry: Prestarted = {
      dir,
      pattern: PRESTART_PATTERN,
      prefer,
      env,
      result: Promise.resolve({ ok: false, reason: 'not started' }),
      handles: [],
      adopted: false,
    };
    const onStart = (started: Handles): void => {
      entry.handles.push(started);
      if (!entry.adopted) for (const holder of holders(started)) holder.unref();
    };
    entry.result = runNativePrefilter({ dir, pattern: PRESTART_PATTERN, prefer, env, onStart });
    list.push(entry);
  }
}

/** The prestarted search of exactly this folder, pattern, tool and environment, if any (once). */
export function adoptPrestarted(dir: string, pattern: string, prefer: string, env: object): Promise<NativeCandidates> | undefined {
  const list = slot[PRESTARTED];
  const index = list?.findIndex((p) => p.dir === dir && p.pattern === pattern && p.prefer === prefer && p.env === env) ?? -1;
  if (list === undefined || index === -1) return undefined;
  const [found] = list.splice(index, 1);
  // From now on the scan waits for it: it must keep Node alive.
  found!.adopted = true;
  for (const holder of found!.handles.flatMap(holders)) holder.ref();
  return found!.result;
}

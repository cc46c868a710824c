import { Readable } from 'node:stream';
import { createPathFilter, toTextReport } from '@rt-guard/core';
import type { Io } from '../io.ts';
import { quickCheckKind } from './quick-check-kind.ts';
import { scanPrePush, scanStaged } from '../sources/git.ts';
import { loadConfig } from '../sources/load-config.ts';
import type { SourceResult } from '../sources/types.ts';

/**
 * The hot path of every commit and push: `rt-guard scan --staged` (or the hooks' `hook run
 * pre-commit` / `hook run pre-push`) when nothing is found. main.ts calls this before loading the full CLI
 * (commander, the commands, undici), and it answers only when the answer cannot depend on anything
 * else: a valid config (or none), no finding at all (not even a suppressed one), no warning.
 * Otherwise it returns undefined and the full pipeline runs (and scans again), so output and exit
 * codes never differ. The config's ignore paths apply as in the full CLI, so the counts agree too.
 */
export async function tryFastStaged(argv: readonly string[], io: Io): Promise<number | undefined> {
  const kind = quickCheckKind(argv);
  if (kind === undefined) return undefined;
  const isScan = kind === 'scan';
  const started = performance.now();
  try {
    // The config's path filter, set below; git starts first and runs while the config loads.
    let isIgnored = (_path: string): boolean => false;
    const options = { cwd: io.cwd, env: io.env, isIgnored: (path: string) => isIgnored(path) };
    let pending: Promise<SourceResult>;
    if (argv[2] === 'pre-push') {
      // The refs arrive on stdin, which can be read once: keep them for the full CLI if it has to run.
      let input = '';
      for await (const chunk of io.stdin) input += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
      io.stdin = Readable.from([input]);
      pending = scanPrePush(Readable.from([input]), options);
    } else {
      pending = scanStaged(options); // spawns git before it returns
    }
    pending.catch(() => undefined); // if the config below throws, the full CLI takes over
    // A broken config throws here: the full CLI reports it in its words (exit 2). Synchronous, so
    // it is in place before git's first output arrives.
    isIgnored = createPathFilter(loadConfig(io.cwd).config);
    const result = await pending;
    if (result.findings.length > 0 || result.warnings.length > 0) return undefined;
    if (isScan) {
      io.stdout.write(
        toTextReport({
          findings: [],
          stats: { ...result.stats, durationMs: performance.now() - started },
          color: io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined,
        }),
      );
    }
    return 0;
  } catch {
    return undefined; // errors are reported by the full CLI, in its words
  }
}

import { Readable } from 'node:stream';
import { createPathFilter, toTextReport } from '@rt-guard/core';
import type { Io } from '../io.ts';
import type { QuickCheckKind } from './quick-check-kind.ts';
import { scanPrePush, scanStaged } from '../sources/git.ts';
import { loadConfig } from '../sources/load-config.ts';

/**
 * The hot path of every commit and push: `rt-guard scan --staged` (or the hooks' `hook run
 * pre-commit` / `hook run pre-push`) when nothing is found. bin.ts calls this before loading the full CLI
 * (commander, the commands, undici), and it answers only when the answer cannot depend on anything
 * else: a valid config (or none), no finding at all (not even a suppressed one), no warning.
 * Otherwise it returns undefined and the full pipeline runs (and scans again), so output and exit
 * codes never differ. The config's ignore paths apply as in the full CLI, so the counts agree too.
 */
export async function tryFastStaged(kind: QuickCheckKind, io: Io): Promise<number | undefined> {
  const started = performance.now();
  try {
    // A broken config throws: the full CLI reports it in its words (exit 2).
    const options = { cwd: io.cwd, env: io.env, isIgnored: createPathFilter(loadConfig(io.cwd).config) };
    let result;
    if (kind === 'pre-push') {
      // The refs arrive on stdin, which can be read once: keep them for the full CLI if it has to run.
      let input = '';
      for await (const chunk of io.stdin) input += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
      io.stdin = Readable.from([input]);
      result = await scanPrePush(Readable.from([input]), options);
    } else {
      result = await scanStaged(options);
    }
    if (result.findings.length > 0 || result.warnings.length > 0) return undefined;
    if (kind === 'scan') {
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

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { CONFIG_FILE_NAME, toTextReport } from '@rt-guard/core';
import type { Io } from '../io.ts';
import { scanPrePush, scanStaged } from '../sources/git.ts';

/**
 * The hot path of every commit and push: `rt-guard scan --staged` (or the hooks' `hook run
 * pre-commit` / `hook run pre-push`) when nothing is found. bin.ts calls this before loading the full CLI (commander, zod, undici:
 * ~0.3 s of start-up), and it answers only when the answer cannot depend on anything else: no
 * config file, no finding at all (not even a suppressed one), no warning. Otherwise it returns
 * undefined and the full pipeline runs (and scans again), so output and exit codes never differ.
 */
export async function tryFastStaged(argv: readonly string[], io: Io): Promise<number | undefined> {
  const isScan = argv.length === 2 && argv[0] === 'scan' && argv[1] === '--staged';
  const isHook = argv.length >= 3 && argv[0] === 'hook' && argv[1] === 'run' && (argv[2] === 'pre-commit' || argv[2] === 'pre-push');
  if (!isScan && !isHook) return undefined;
  if (hasConfigFile(io.cwd)) return undefined;
  const started = performance.now();
  try {
    let result;
    if (argv[2] === 'pre-push') {
      // The refs arrive on stdin, which can be read once: keep them for the full CLI if it has to run.
      let input = '';
      for await (const chunk of io.stdin) input += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
      io.stdin = Readable.from([input]);
      result = await scanPrePush(Readable.from([input]), { cwd: io.cwd, env: io.env });
    } else {
      result = await scanStaged({ cwd: io.cwd, env: io.env });
    }
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

// Same search as the full CLI's config loader: cwd up to the repository root.
function hasConfigFile(cwd: string): boolean {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CONFIG_FILE_NAME))) return true;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return false;
  }
}

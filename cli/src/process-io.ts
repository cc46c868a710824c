import { fileURLToPath } from 'node:url';
import { redactText } from '@rt-guard/core';
import type { Io } from './io.ts';

/*
 * What the entry points (bin.ts, main.ts) share: the only code that touches `process` (streams,
 * exit code). Bundled into both dist/bin.cjs and dist/main.cjs, so it stays small.
 */

/** The real Io of this process. `self` is what git hooks record: the entry point, dist/bin.cjs. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    self: [process.execPath, fileURLToPath(new URL('./bin.cjs', import.meta.url))],
  };
}

/** Loads the full CLI (dist/cli.js: an ES module bundle with commander and every command) and runs it. */
export async function runFullCli(argv: readonly string[], io: Io): Promise<number> {
  // A computed specifier, so esbuild leaves the import to runtime instead of inlining the CLI here.
  const cli = new URL('./cli.js', import.meta.url).href;
  return ((await import(cli)) as typeof import('./run.ts')).run(argv, io);
}

/** Sets the exit code from a run; a failure to load the CLI is exit 2 with a (redacted) message. */
export function settle(exitCode: Promise<number>): void {
  exitCode.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // run() reports its own errors; this is for a failure to load it. Redacted like every output.
      process.stderr.write(`rt-guard: ${redactText(error instanceof Error ? error.message : String(error))}\n`);
      process.exitCode = 2;
    },
  );
}

import { fileURLToPath } from 'node:url';
import type { Io } from './io.ts';

/*
 * What the entry points (bin.ts, agent/hook-main.ts) share: the only code that touches `process`
 * (streams, exit code). No static import of @rt-guard/core: in bin.cjs that would evaluate the
 * core modules its quick path bundles (the config schema, the scanner) before every command.
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
    async (error: unknown) => {
      process.exitCode = 2;
      // run() reports its own errors; this is for a failure to load it.
      process.stderr.write((await import('./load-failure.ts')).loadFailureMessage(error));
    },
  );
}

import { fileURLToPath } from 'node:url';
import { redactText } from '@rt-guard/core';
import { tryFastStaged } from './git/fast-staged.ts';
import { discardPrestartedGit } from './git/run-git.ts';
import type { Io } from './io.ts';

// The CLI's entry logic, the only module that touches `process` (exit code, real streams). Built as
// CommonJS (dist/main.cjs, see build.mjs), loaded by dist/bin.cjs once that has started git for a
// commit-time check (bin.ts).
const argv = process.argv.slice(2);
const io: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
  // What git hooks record: the entry point (bin.cjs) beside this file.
  self: [process.execPath, fileURLToPath(new URL('./bin.cjs', import.meta.url))],
};

main().catch((error: unknown) => {
  // run() reports its own errors; this is for a failure to load it. Redacted like every output.
  process.stderr.write(`rt-guard: ${redactText(error instanceof Error ? error.message : String(error))}\n`);
  process.exitCode = 2;
});

async function main(): Promise<void> {
  // A clean `scan --staged` runs on every commit: answer it before loading the full CLI (dist/cli.js,
  // a separate ES module bundle with commander and every command).
  const quick = await tryFastStaged(argv, io);
  discardPrestartedGit(); // unused when the quick path declined before scanning
  process.exitCode = quick ?? (await (await loadRun())(argv, io));
}

async function loadRun(): Promise<typeof import('./run.ts').run> {
  // A computed specifier, so esbuild leaves the import to runtime instead of inlining the CLI here.
  const cli = new URL('./cli.js', import.meta.url).href;
  return ((await import(cli)) as typeof import('./run.ts')).run;
}

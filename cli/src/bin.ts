import { fileURLToPath } from 'node:url';
import { tryFastStaged } from './git/fast-staged.ts';
import type { Io } from './io.ts';

// The only module that touches `process` (exit code, real streams).
const argv = process.argv.slice(2);
const io: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
  self: [process.execPath, fileURLToPath(import.meta.url)],
};
// A clean `scan --staged` runs on every commit: answer it before loading the full CLI (dist/cli.js,
// a separate bundle, see build.mjs), which costs ~0.3 s of start-up.
const code = (await tryFastStaged(argv, io)) ?? (await (await loadRun())(argv, io));
process.exitCode = code;

async function loadRun(): Promise<typeof import('./run.ts').run> {
  // A computed specifier, so esbuild leaves the import to runtime instead of inlining the CLI here.
  const cli = new URL('./cli.js', import.meta.url).href;
  return ((await import(cli)) as typeof import('./run.ts')).run;
}

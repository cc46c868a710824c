/**
 * Entry point (dist/bin.cjs), kept tiny on purpose: for a commit-time check (`scan --staged`,
 * `hook run pre-commit`) it starts `git diff --cached` before Node has even compiled the rest of
 * the CLI, so git's ~30 ms overlap the CLI's own start-up; scanStaged adopts the process
 * (run-git.ts), in dist/main.cjs. Every other command goes straight to the full CLI (dist/cli.js).
 * CommonJS because Node starts a CommonJS file ~10 ms sooner than an ES module.
 */
import * as nodeModule from 'node:module';
import { quickCheckKind } from './git/quick-check-kind.ts';
import { prestartGit, STAGED_DIFF_ARGS } from './git/run-git.ts';
import { processIo, runFullCli, settle } from './process-io.ts';
import { prestartNativeSearch } from './sources/native-prestart.ts';

const argv = process.argv.slice(2);
const kind = quickCheckKind(argv);
if (kind === 'scan' || kind === 'pre-commit') prestartGit(STAGED_DIFF_ARGS, { cwd: process.cwd(), env: process.env });
// Issue 16 (scan-native): `scan <folder>` starts its native search (ripgrep) now, to overlap Node's start-up.
if (kind === undefined) prestartNativeSearch(argv, process.cwd(), process.env);
// Node ≥ 22.1 keeps the compiled code of main.cjs and cli.js on disk (in the OS temp folder) for the
// next run; Node 20 has no such cache and skips this.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
if (kind === undefined) settle(runFullCli(argv, processIo()));
// A separate bundle (build.mjs marks it external): compiling it must not delay git's start.
else require('./main.cjs');

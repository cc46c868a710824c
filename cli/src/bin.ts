/**
 * The entry point, dist/bin.cjs (CommonJS: Node starts it ~10 ms sooner than an ES module). A
 * commit-time check (`scan --staged`, `hook run pre-commit|pre-push`) that finds nothing is
 * answered here (fast-staged.ts); every other command, and a check that finds something, loads the
 * full CLI (dist/cli.js). ARCHITECTURE.md ("CLI start-up path") has the numbers.
 */
import * as nodeModule from 'node:module';
import { quickCheckKind } from './git/quick-check-kind.ts';
import { processIo, runFullCli, settle } from './process-io.ts';

// Node ≥ 22.1 keeps the compiled code of bin.cjs and cli.js on disk (in the OS temp folder) for the
// next run; Node 20 has no such cache and skips this.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const argv = process.argv.slice(2);
const io = processIo();
const kind = quickCheckKind(argv);
settle(
  (async () => {
    if (kind === undefined) return runFullCli(argv, io);
    // Imported here, not above: esbuild evaluates it (core's config schema, the scanner) only on this path.
    const { tryFastStaged } = await import('./git/fast-staged.ts');
    return (await tryFastStaged(kind, io)) ?? runFullCli(argv, io);
  })(),
);

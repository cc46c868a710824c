import { tryFastStaged } from './git/fast-staged.ts';
import { discardPrestartedGit } from './git/run-git.ts';
import { processIo, runFullCli, settle } from './process-io.ts';

// The commit-time checks (dist/main.cjs, CommonJS, see build.mjs), loaded by dist/bin.cjs once that
// has started git: a clean `scan --staged` or hook run is answered here, before loading the full CLI.
const argv = process.argv.slice(2);
const io = processIo();

settle(
  (async () => {
    const quick = await tryFastStaged(argv, io);
    discardPrestartedGit(); // unused when the quick path declined before scanning
    return quick ?? runFullCli(argv, io);
  })(),
);

import { Readable } from 'node:stream';
import { runAction } from './run-action.ts';

// The action's entry (action.yml `runs.main`, bundled to action/dist/index.cjs): the runner starts
// `node action/dist/index.cjs` in the workspace with the inputs as INPUT_* variables.
runAction({
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: Readable.from([]),
  env: process.env,
  cwd: process.env.GITHUB_WORKSPACE || process.cwd(),
  now: () => new Date(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  },
);

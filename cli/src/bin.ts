import { fileURLToPath } from 'node:url';
import { run } from './run.ts';

// The only module that touches `process` (exit code, real streams).
const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
  self: [process.execPath, fileURLToPath(import.meta.url)],
});
process.exitCode = code;

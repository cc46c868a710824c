// `verify: true`: the action asks the Runtype API (here the local emulator, over real HTTP) about each
// key, with RUNTYPE_ADMIN_TOKEN from the step's env, and shows the status in the job summary.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cleanupTempDirs, createRepo, tail } from '../git/helpers.ts';
import { expectNoSecrets, startEmulator, type Emulator } from '../api/helpers.ts';
import { runActionAsync } from './run-action.ts';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
  cleanupTempDirs();
});

it('verify: true marks a live key live in the summary and the SARIF, never printing the key or the token', async () => {
  const repo = createRepo();
  const key = emulator.mintKey({ name: 'Action verify' }).plainKey;
  repo.write('README.md', 'app\n');
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'init');
  const before = repo.git('rev-parse', 'HEAD').trim();
  repo.write('deploy/app.env', `RUNTYPE_API_KEY=${key}\n`);
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'deploy');
  const after = repo.git('rev-parse', 'HEAD').trim();

  const env = { RUNTYPE_API_URL: emulator.url, RUNTYPE_ADMIN_TOKEN: emulator.sessionToken };
  const run = await runActionAsync(repo, 'push', { before, after }, { verify: 'true' }, env);
  expect(run.status, run.stdout + run.stderr).toBe(1);
  expect(run.summary).toMatch(new RegExp(`\\| \`rt_live_…${tail(key)}\` \\| deploy/app\\.env:1 \\| .* \\| live \\|`));
  const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as { runs: Array<{ results: Array<{ properties: { verification?: string } }> }> };
  expect(sarif.runs[0]!.results.map((result) => result.properties.verification)).toEqual(['live']);
  expectNoSecrets(run.everything, [key, emulator.sessionToken]);

  const off = await runActionAsync(repo, 'push', { before, after }, {}, env);
  expect(off.summary).not.toContain('| live |');
});

// GitHub runs action/dist/index.cjs exactly as committed: it must be the build of today's sources.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir, ROOT } from '../git/helpers.ts';

afterAll(cleanupTempDirs);

it('the committed action bundle is the build of the current sources (else: npm run build:action, and commit it)', () => {
  const outfile = join(makeTempDir('rt-guard-action-build-'), 'index.cjs');
  execFileSync(process.execPath, [join(ROOT, 'action/build.mjs'), '--outfile', outfile], { cwd: ROOT, stdio: 'pipe' });
  const rebuilt = readFileSync(outfile);
  const committed = readFileSync(join(ROOT, 'action/dist/index.cjs'));
  expect(committed.length, 'action/dist/index.cjs is stale: run `npm run build:action` and commit it').toBe(rebuilt.length);
  expect(committed.equals(rebuilt), 'action/dist/index.cjs is stale: run `npm run build:action` and commit it').toBe(true);
  expect(execFileSync('git', ['ls-files', 'action/dist/index.cjs'], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe('action/dist/index.cjs');
});

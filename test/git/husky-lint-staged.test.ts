import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_BIN, cleanupTempDirs, createRepo, generateKey, makeTempDir, ROOT, tail, type TempRepo } from './helpers.ts';

// The real husky 9 and lint-staged 16 packages (devDependencies of the test workspace), driving real git commits.
const HUSKY = join(ROOT, 'node_modules/husky/bin.js');
const LINT_STAGED = join(ROOT, 'node_modules/lint-staged/bin/lint-staged.js');

beforeAll(buildCli, 120_000);
afterAll(cleanupTempDirs);

/** A repository set up the way `npx husky init` leaves it, with rt-guard on PATH as `npm install` would put it. */
function huskyRepo(packageJson: Record<string, unknown> = {}): TempRepo {
  const repo = createRepo();
  const bin = makeTempDir();
  writeFileSync(join(bin, 'rt-guard'), `#!/bin/sh\nexec '${process.execPath}' '${CLI_BIN}' "$@"\n`);
  chmodSync(join(bin, 'rt-guard'), 0o755);
  repo.env.PATH = `${bin}:${repo.env.PATH}`;
  repo.write('package.json', `${JSON.stringify({ name: 'app', private: true, ...packageJson }, null, 2)}\n`);
  const husky = spawnSync(process.execPath, [HUSKY, 'init'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  expect(husky.status, husky.stderr).toBe(0);
  expect(repo.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
  return repo;
}

function setPreCommit(repo: TempRepo, script: string): void {
  repo.write('.husky/pre-commit', script);
  chmodSync(join(repo.dir, '.husky/pre-commit'), 0o755);
}

describe('husky (real package)', () => {
  it('`.husky/pre-commit` running `rt-guard scan --staged` blocks a commit with a key and lets a clean one through', () => {
    const repo = huskyRepo();
    setPreCommit(repo, 'rt-guard scan --staged\n');
    repo.write('README.md', 'hello\n');
    repo.git('add', '.');
    expect(repo.tryGit(['commit', '-q', '-m', 'init']).status).toBe(0);

    const key = generateKey();
    repo.write('src/client.js', `export const runtype = new Runtype({ apiKey: '${key}' });\n`);
    repo.git('add', 'src/client.js');
    const blocked = repo.tryGit(['commit', '-q', '-m', 'client']);
    const output = blocked.stdout + blocked.stderr;
    expect(blocked.status).not.toBe(0);
    expect(output).toContain('src/client.js:1');
    expect(output).toContain(`rt_live_…${tail(key)}`);
    expect(output).not.toContain(key);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });
});

describe('lint-staged (real package) under husky', () => {
  it('`{"*": "rt-guard scan"}` scans exactly the staged files and blocks the commit', () => {
    const repo = huskyRepo({ 'lint-staged': { '*': 'rt-guard scan' } });
    setPreCommit(repo, `'${process.execPath}' '${LINT_STAGED}'\n`);
    repo.write('README.md', 'hello\n');
    repo.git('add', '.');
    const first = repo.tryGit(['commit', '-q', '-m', 'init']);
    expect(first.status, first.stdout + first.stderr).toBe(0);

    const staged = generateKey('rt_test_');
    const unstaged = generateKey();
    repo.write('config/app.env', `RUNTYPE_API_KEY=${staged}\n`);
    repo.write('notes.txt', `local only ${unstaged}\n`); // present but never staged: not lint-staged's business
    repo.git('add', 'config/app.env');
    const blocked = repo.tryGit(['commit', '-q', '-m', 'config']);
    const output = blocked.stdout + blocked.stderr;
    expect(blocked.status).not.toBe(0);
    expect(output).toContain(`rt_test_…${tail(staged)}`);
    expect(output).not.toContain(`…${tail(unstaged)}`);
    expect(output).not.toContain(staged);
    expect(output).not.toContain(unstaged);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');

    repo.write('config/app.env', 'RUNTYPE_API_KEY=${RUNTYPE_API_KEY}\n');
    repo.git('add', 'config/app.env');
    const clean = repo.tryGit(['commit', '-q', '-m', 'config from env']);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('2');
  });
});

import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_BIN, cleanupTempDirs, createRepo, generateKey, makeTempDir, ROOT, runCli, tail } from './helpers.ts';

beforeAll(buildCli, 120_000);
afterAll(cleanupTempDirs);

/** The hook entries of .pre-commit-hooks.yaml (a flat list of maps; no YAML library needed for it). */
function preCommitHooks(): Array<Record<string, string>> {
  const text = readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
  const hooks: Array<Record<string, string>> = [];
  for (const line of text.split('\n')) {
    const item = /^- (\w+): (.*)$/.exec(line);
    const field = /^ {2}(\w+): (.*)$/.exec(line);
    if (item) hooks.push({ [item[1]!]: item[2]! });
    else if (field && hooks.length > 0) hooks[hooks.length - 1]![field[1]!] = field[2]!;
  }
  return hooks;
}

describe('pre-commit framework (.pre-commit-hooks.yaml)', () => {
  it('declares `rt-guard` (installed by the framework: language node) and `rt-guard-system` (rt-guard on PATH), both `rt-guard scan` with filenames', () => {
    const hooks = preCommitHooks();
    expect(hooks.map((h) => [h.id, h.language])).toEqual([
      ['rt-guard', 'node'],
      ['rt-guard-system', 'system'],
    ]);
    for (const hook of hooks) {
      expect(hook.entry).toBe('rt-guard scan');
      expect(hook.pass_filenames).not.toBe('false');
    }
  });

  // The contract, `<entry> <file>…` from the repository root, with the real CLI against a real repository.
  it('scans exactly the files the framework passes, nothing else', () => {
    const [hook] = preCommitHooks();
    const [program, ...entryArgs] = hook!.entry!.split(' ');
    expect(program).toBe('rt-guard');
    const repo = createRepo();
    const passedKey = generateKey();
    const otherKey = generateKey();
    repo.write('passed dir/config file.env', `RUNTYPE_API_KEY=${passedKey}\n`);
    repo.write('clean.txt', 'nothing\n');
    repo.write('not-passed.env', `RUNTYPE_API_KEY=${otherKey}\n`);
    repo.git('add', '.');

    const dirty = runCli([...entryArgs, 'passed dir/config file.env', 'clean.txt'], repo.dir, repo.env);
    expect(dirty.status).toBe(1);
    expect(dirty.stdout).toContain('passed dir/config file.env:1:17');
    expect(dirty.stdout).toContain(`rt_live_…${tail(passedKey)}`);
    expect(dirty.stdout).not.toContain('not-passed.env');
    expect(dirty.stdout + dirty.stderr).not.toContain(passedKey);

    const clean = runCli([...entryArgs, 'clean.txt'], repo.dir, repo.env);
    expect(clean.status).toBe(0);
    expect(clean.stdout).not.toContain(`…${tail(otherKey)}`);
  });
});

// The real framework (Debian's `pre-commit` package; .ci/run installs it), using this repository's
// .pre-commit-hooks.yaml through a git URL, as users' .pre-commit-config.yaml does. The `rt-guard-system`
// hook; test/package/pre-commit-framework.e2e.test.ts has the framework install rt-guard itself (`rt-guard`).
const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
describe.skipIf(preCommit.status !== 0)(`the pre-commit framework itself (${preCommit.stdout?.trim() || 'not installed'})`, () => {
  it('blocks a real commit that adds a key, passes a clean one, and never scans a file that is not staged', () => {
    // A hook repository holding our .pre-commit-hooks.yaml at a commit, like a release tag would.
    const hookRepo = createRepo();
    hookRepo.write('.pre-commit-hooks.yaml', readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    hookRepo.git('add', '.');
    hookRepo.git('commit', '-q', '-m', 'hooks');
    const rev = hookRepo.git('rev-parse', 'HEAD').trim();

    const repo = createRepo();
    const bin = makeTempDir();
    // `language: system`: the framework runs the `rt-guard` on PATH (what `npm install -g rt-guard` gives).
    writeFileSync(join(bin, 'rt-guard'), `#!/bin/sh\nexec '${process.execPath}' '${CLI_BIN}' "$@"\n`);
    chmodSync(join(bin, 'rt-guard'), 0o755);
    repo.env.PATH = `${bin}:${repo.env.PATH}`;
    repo.env.PRE_COMMIT_HOME = makeTempDir('rt-guard-pre-commit-home-');
    repo.write('.pre-commit-config.yaml', `repos:\n  - repo: ${hookRepo.dir}\n    rev: ${rev}\n    hooks:\n      - id: rt-guard-system\n`);
    repo.write('README.md', 'hi\n');
    repo.git('add', '.');
    const install = spawnSync('pre-commit', ['install'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    const first = repo.tryGit(['commit', '-q', '-m', 'init']);
    expect(first.status, first.stdout + first.stderr).toBe(0);

    // A key in the working tree but not staged is not the framework's business: the commit passes.
    const unstagedKey = generateKey();
    repo.write('local.env', `RUNTYPE_API_KEY=${unstagedKey}\n`);
    repo.write('docs/notes.md', 'clean change\n');
    repo.git('add', 'docs/notes.md');
    const clean = repo.tryGit(['commit', '-q', '-m', 'notes']);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout + clean.stderr).not.toContain(tail(unstagedKey));

    const key = generateKey();
    repo.write('src/app config.env', `RUNTYPE_API_KEY=${key}\n`);
    repo.git('add', 'src/app config.env');
    const blocked = repo.tryGit(['commit', '-q', '-m', 'config']);
    const output = blocked.stdout + blocked.stderr;
    expect(blocked.status).not.toBe(0);
    expect(output).toContain('rt-guard (Runtype API keys)');
    expect(output).toContain('src/app config.env:1:17');
    expect(output).toContain(`rt_live_…${tail(key)}`);
    expect(output).not.toContain(key);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('2');
  }, 60_000);
});

describe('husky + lint-staged', () => {
  it('a husky-style .husky/pre-commit running `rt-guard scan --staged` blocks a real commit and passes a clean one', () => {
    const repo = createRepo();
    const bin = makeTempDir();
    // What `npm install rt-guard` puts on PATH for npm scripts and husky hooks.
    writeFileSync(join(bin, 'rt-guard'), `#!/bin/sh\nexec '${process.execPath}' '${CLI_BIN}' "$@"\n`);
    chmodSync(join(bin, 'rt-guard'), 0o755);
    repo.env.PATH = `${bin}:${repo.env.PATH}`;
    repo.write('.husky/pre-commit', 'rt-guard scan --staged\n');
    chmodSync(join(repo.dir, '.husky/pre-commit'), 0o755);
    repo.git('config', 'core.hooksPath', '.husky'); // what husky's install step sets
    repo.write('README.md', 'hi\n');
    repo.git('add', '.');
    expect(repo.tryGit(['commit', '-q', '-m', 'init']).status).toBe(0);

    const key = generateKey('rt_test_');
    repo.write('src/client.js', `const runtype = new Runtype({ apiKey: '${key}' });\n`);
    repo.git('add', '.');
    const blocked = repo.tryGit(['commit', '-q', '-m', 'client']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('src/client.js:1');
    expect(blocked.stdout + blocked.stderr).not.toContain(key);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it('lint-staged style: `rt-guard scan` with the absolute staged paths lint-staged appends', () => {
    const repo = createRepo();
    const key = generateKey();
    repo.write('a.env', `RUNTYPE_API_KEY=${key}\n`);
    repo.write('b.txt', 'fine\n');
    const result = runCli(['scan', join(repo.dir, 'a.env'), join(repo.dir, 'b.txt')], repo.dir, repo.env);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('a.env:1:17');
    expect(runCli(['scan', join(repo.dir, 'b.txt')], repo.dir, repo.env).status).toBe(0);
  });
});

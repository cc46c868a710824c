import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installHooks } from '@rt-guard/core/node';
import { buildCli, CLI_BIN, cleanupTempDirs, createRepo, generateKey, makeTempDir, repoWithCommit, runCli, tail, type TempRepo } from './helpers.ts';

beforeAll(buildCli, 120_000);
afterAll(cleanupTempDirs);

function install(repo: TempRepo, ...args: string[]) {
  const result = runCli(['hook', 'install', ...args], repo.dir, repo.env);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result;
}

function commitCount(repo: TempRepo): number {
  const result = repo.tryGit(['rev-list', '--count', 'HEAD']);
  return result.status === 0 ? Number(result.stdout.trim()) : 0;
}

describe('pre-commit hook installed by `rt-guard hook install`', () => {
  it('blocks a real git commit that adds a key, with an actionable redacted message, and lets a clean one through', async () => {
    const repo = repoWithCommit();
    install(repo);
    const key = generateKey();
    repo.write('src/config.ts', `export const config = {\n  apiKey: "${key}",\n};\n`);
    repo.git('add', '.');
    const blocked = repo.tryGit(['commit', '-m', 'add config']);
    expect(blocked.status).not.toBe(0);
    expect(commitCount(repo)).toBe(1);
    const message = blocked.stderr;
    expect(message).toContain('commit blocked');
    expect(message).toContain('src/config.ts:2:12');
    expect(message).toContain(`rt_live_…${tail(key)}`);
    expect(message).toContain('environment variable');
    expect(message).toContain('rotate');
    expect(message).toContain('rt-guard:allow');
    expect(message).toContain('.rt-guard.json');
    expect(message).toContain('git commit --no-verify');
    expect(message).toContain('rt-guard scan --git origin/main..HEAD');
    expect(blocked.stdout + blocked.stderr).not.toContain(key);

    repo.write('src/config.ts', 'export const config = {\n  apiKey: process.env.RUNTYPE_API_KEY,\n};\n');
    repo.git('add', '.');
    const passed = repo.tryGit(['commit', '-q', '-m', 'config from env']);
    expect(passed.stderr).toBe('');
    expect(passed.status).toBe(0);
    expect(commitCount(repo)).toBe(2);
  });

  it('checks the index `git commit -a` builds and the one `git commit <paths>` builds', () => {
    const repo = repoWithCommit();
    install(repo);
    const key = generateKey('rt_test_');
    repo.write('README.md', `hello\nRUNTYPE_API_KEY=${key}\n`);
    // Not staged: a plain commit would not include it, `commit -a` does.
    const all = repo.tryGit(['commit', '-a', '-m', 'all']);
    expect(all.status).not.toBe(0);
    expect(all.stderr).toContain('README.md:2');
    // `git commit <path>` commits that path only: a key staged in another file is not part of it.
    repo.git('add', 'README.md');
    repo.write('notes.txt', 'just notes\n');
    repo.git('add', 'notes.txt');
    const onlyNotes = repo.tryGit(['commit', '-m', 'notes only', 'notes.txt']);
    expect(onlyNotes.stderr).toBe('');
    expect(onlyNotes.status).toBe(0);
    const onlyReadme = repo.tryGit(['commit', '-m', 'readme', 'README.md']);
    expect(onlyReadme.status).not.toBe(0);
    expect(onlyReadme.stderr).toContain(`rt_test_…${tail(key)}`);
  });

  it('keeps an existing hook working by chaining to it, refuses a second install, and uninstall restores it', () => {
    const repo = repoWithCommit();
    const hookPath = join(repo.dir, '.git/hooks/pre-commit');
    const ranMarker = join(repo.dir, 'existing-hook-ran');
    const original = `#!/bin/sh\necho ran >> '${ranMarker}'\nif [ -f "$(git rev-parse --show-toplevel)/BLOCK" ]; then echo "existing hook says no" >&2; exit 3; fi\n`;
    writeFileSync(hookPath, original);
    chmodSync(hookPath, 0o755);
    const installed = install(repo);
    expect(installed.stdout).toContain('pre-commit.rt-guard-chained');

    repo.write('a.txt', 'clean\n');
    repo.git('add', '.');
    expect(repo.tryGit(['commit', '-q', '-m', 'clean']).status).toBe(0);
    expect(readFileSync(ranMarker, 'utf8')).toBe('ran\n');

    repo.write('BLOCK', 'x\n');
    repo.git('add', '.');
    const vetoed = repo.tryGit(['commit', '-q', '-m', 'vetoed by the old hook']);
    expect(vetoed.status).not.toBe(0);
    expect(vetoed.stderr).toContain('existing hook says no');

    repo.write('BLOCK', `RUNTYPE_API_KEY=${generateKey()}\n`);
    repo.git('add', '.');
    const keyBlocked = repo.tryGit(['commit', '-q', '-m', 'key']);
    expect(keyBlocked.status).not.toBe(0);
    expect(keyBlocked.stderr).toContain('commit blocked');

    const again = runCli(['hook', 'install'], repo.dir, repo.env);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already installed');
    expect(again.stderr).toContain('rt-guard hook uninstall');

    const uninstalled = runCli(['hook', 'uninstall'], repo.dir, repo.env);
    expect(uninstalled.status).toBe(0);
    expect(uninstalled.stdout).toContain('restored');
    expect(readFileSync(hookPath, 'utf8')).toBe(original);
    expect(statSync(hookPath).mode & 0o111).not.toBe(0);
    expect(existsSync(`${hookPath}.rt-guard-chained`)).toBe(false);

    const nothing = runCli(['hook', 'uninstall'], repo.dir, repo.env);
    expect(nothing.status).toBe(0);
    expect(nothing.stdout).toContain('nothing to do');
  });

  it('installs pre-commit and pre-push into core.hooksPath', () => {
    const repo = repoWithCommit();
    repo.git('config', 'core.hooksPath', '.githooks');
    const installed = install(repo, '--pre-commit', '--pre-push');
    expect(installed.stdout).toContain(join(repo.dir, '.githooks/pre-commit'));
    expect(existsSync(join(repo.dir, '.githooks/pre-push'))).toBe(true);
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
    repo.write('k.env', `RUNTYPE_API_KEY=${generateKey()}\n`);
    repo.git('add', 'k.env');
    expect(repo.tryGit(['commit', '-m', 'key']).status).not.toBe(0);
  });

  it('installs from a linked worktree into the hooks git runs there, and blocks there', () => {
    const repo = repoWithCommit();
    const worktree = join(makeTempDir(), 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'side', worktree);
    const wt = createRepoView(worktree, repo);
    const installed = runCli(['hook', 'install'], worktree, repo.env);
    expect(installed.status).toBe(0);
    expect(installed.stdout).toContain(join(repo.dir, '.git/hooks/pre-commit'));
    writeFileSync(join(worktree, 'k.env'), `RUNTYPE_API_KEY=${generateKey()}\n`);
    wt.tryGit(['add', 'k.env']);
    const blocked = wt.tryGit(['commit', '-m', 'key in worktree']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain('k.env:1');
  });

  it("installs inside a submodule into the submodule's own hooks folder", () => {
    const library = repoWithCommit();
    const app = repoWithCommit();
    app.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', library.dir, 'lib');
    const sub = join(app.dir, 'lib');
    const installed = runCli(['hook', 'install'], sub, app.env);
    expect(installed.status).toBe(0);
    expect(installed.stdout).toContain(join(app.dir, '.git/modules/lib/hooks/pre-commit'));
    const view = createRepoView(sub, app);
    writeFileSync(join(sub, 'k.env'), `RUNTYPE_API_KEY=${generateKey()}\n`);
    view.tryGit(['add', 'k.env']);
    expect(view.tryGit(['commit', '-m', 'key in submodule']).status).not.toBe(0);
  });

  it('fails closed when the rt-guard it was installed from is gone and none is on PATH', async () => {
    const repo = repoWithCommit();
    await installHooks({ cwd: repo.dir, command: [process.execPath, join(makeTempDir(), 'deleted/bin.js')], env: repo.env });
    // Keep git and sh on PATH, but no `rt-guard` (vitest runs with node_modules/.bin on PATH).
    repo.env.PATH = repo.env
      .PATH!.split(':')
      .filter((dir) => !existsSync(join(dir, 'rt-guard')))
      .join(':');
    // No candidate text: the prefilter passes the commit without needing rt-guard at all.
    repo.write('plain.txt', 'nothing secret\n');
    repo.git('add', '.');
    expect(repo.tryGit(['commit', '-q', '-m', 'plain']).status).toBe(0);
    // Candidate text: rt-guard must run, cannot be found, so the commit is blocked with a fix.
    repo.write('plain.txt', 'see rt_live_ docs\n');
    repo.git('add', '.');
    const blocked = repo.tryGit(['commit', '-q', '-m', 'candidate']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain('cannot find rt-guard');
    expect(blocked.stderr).toContain('rt-guard hook install');
    expect(blocked.stderr).toContain('--no-verify');
  });

  it('starts Node only when the staged diff holds candidate text, base64 spellings included', async () => {
    const repo = repoWithCommit();
    const log = join(makeTempDir(), 'starts.log');
    const wrapper = join(makeTempDir(), 'rt-guard-wrapper.sh');
    writeFileSync(wrapper, `#!/bin/sh\necho start >> '${log}'\nexec '${process.execPath}' '${CLI_BIN}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    await installHooks({ cwd: repo.dir, command: [wrapper], env: repo.env });
    repo.write('plain.txt', 'nothing secret\n');
    repo.git('add', '.');
    expect(repo.tryGit(['commit', '-q', '-m', 'plain']).status).toBe(0);
    expect(existsSync(log)).toBe(false);
    const encoded = Buffer.from(`${generateKey()}`).toString('base64');
    repo.write('secret.yaml', `kind: Secret\ndata:\n  RUNTYPE_API_KEY: ${encoded}\n`);
    repo.git('add', '.');
    const blocked = repo.tryGit(['commit', '-q', '-m', 'k8s secret']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain('secret.yaml:3');
    expect(readFileSync(log, 'utf8')).toBe('start\n');
  });

  it('runs the full check when the prefilter itself fails (grep broken), never a silent pass', () => {
    const repo = repoWithCommit();
    install(repo);
    const bin = makeTempDir();
    writeFileSync(join(bin, 'grep'), '#!/bin/sh\nexit 2\n');
    chmodSync(join(bin, 'grep'), 0o755);
    repo.env.PATH = `${bin}:${repo.env.PATH}`;
    repo.write('k.env', `RUNTYPE_API_KEY=${generateKey()}\n`);
    repo.git('add', 'k.env');
    const blocked = repo.tryGit(['commit', '-q', '-m', 'key']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain('k.env:1');
  });

  it('blocks (fails closed) when the check itself cannot run, e.g. a broken .rt-guard.json', () => {
    const repo = repoWithCommit();
    install(repo);
    repo.write('.rt-guard.json', '{ "failOn": "sometimes" }');
    repo.write('notes.txt', 'mentions rt_live_ in prose\n');
    repo.git('add', 'notes.txt');
    const blocked = repo.tryGit(['commit', '-q', '-m', 'notes']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain('failOn');
    expect(blocked.stderr).toContain('the commit is blocked because the key check could not run');
    expect(blocked.stderr).toContain('git commit --no-verify');
    const unknown = runCli(['hook', 'run', 'post-merge'], repo.dir, repo.env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown hook "post-merge"');
  });

  it('refuses to install outside a git repository (exit 2, clear message)', () => {
    const dir = makeTempDir();
    const result = runCli(['hook', 'install'], dir, { ...createRepo().env, GIT_CEILING_DIRECTORIES: join(dir, '..') });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('not inside a git repository');
  });
});

function createRepoView(dir: string, base: TempRepo): Pick<TempRepo, 'tryGit'> {
  return {
    tryGit: (args) => spawnSync('git', args, { cwd: dir, env: base.env, encoding: 'utf8' }),
  };
}

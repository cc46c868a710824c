import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, cleanupTempDirs, createRepo, generateKey, runCli, tail, type TempRepo } from './helpers.ts';

beforeAll(buildCli, 120_000);
afterAll(cleanupTempDirs);

function setup(): { repo: TempRepo; remote: TempRepo } {
  const remote = createRepo({ bare: true });
  const repo = createRepo();
  repo.git('remote', 'add', 'origin', remote.dir);
  repo.write('README.md', 'hi\n');
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'init');
  repo.git('push', '-q', '-u', 'origin', 'main');
  const installed = runCli(['hook', 'install', '--pre-push'], repo.dir, repo.env);
  expect(installed.status).toBe(0);
  return { repo, remote };
}

function commitFile(repo: TempRepo, path: string, content: string, message: string): string {
  repo.write(path, content);
  repo.git('add', path);
  // --no-verify: only the pre-push hook is under test here.
  repo.git('commit', '-q', '--no-verify', '-m', message);
  return repo.git('rev-parse', 'HEAD').trim();
}

const remoteHas = (remote: TempRepo, ref: string) => remote.tryGit(['rev-parse', '--verify', '-q', ref]).stdout.trim();

describe('pre-push hook with a real `git push` to a local bare remote', () => {
  it('blocks an update that adds a key and lets a clean update through', () => {
    const { repo, remote } = setup();
    const before = remoteHas(remote, 'refs/heads/main');
    const key = generateKey();
    const bad = commitFile(repo, 'k.env', `RUNTYPE_API_KEY=${key}\n`, 'key');
    const blocked = repo.tryGit(['push', 'origin', 'main']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain('push blocked');
    expect(blocked.stderr).toContain(`k.env:1:17 (commit ${bad.slice(0, 12)})`);
    expect(blocked.stderr).toContain(`rt_live_…${tail(key)}`);
    expect(blocked.stderr).toContain('git push --no-verify');
    expect(blocked.stderr).not.toContain(key);
    expect(remoteHas(remote, 'refs/heads/main')).toBe(before);

    repo.git('reset', '-q', '--hard', 'HEAD~1');
    const good = commitFile(repo, 'ok.txt', 'fine\n', 'clean');
    const passed = repo.tryGit(['push', '-q', 'origin', 'main']);
    expect(passed.stderr).toBe('');
    expect(passed.status).toBe(0);
    expect(remoteHas(remote, 'refs/heads/main')).toBe(good);
  });

  it('blocks a new branch with a key, but not for keys already on the remote', () => {
    const { repo, remote } = setup();
    const oldKey = generateKey();
    commitFile(repo, 'old.env', `RUNTYPE_API_KEY=${oldKey}\n`, 'pushed before the hook existed');
    repo.git('push', '-q', '--no-verify', 'origin', 'main');
    repo.git('checkout', '-q', '-b', 'clean-feature');
    commitFile(repo, 'feature.txt', 'fine\n', 'clean feature');
    const clean = repo.tryGit(['push', '-q', 'origin', 'clean-feature']);
    expect(clean.stderr).toBe('');
    expect(clean.status).toBe(0);

    repo.git('checkout', '-q', '-b', 'dirty-feature');
    const newKey = generateKey('rt_test_');
    commitFile(repo, 'new.env', `RUNTYPE_API_KEY=${newKey}\n`, 'dirty feature');
    const blocked = repo.tryGit(['push', 'origin', 'dirty-feature']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain(`rt_test_…${tail(newKey)}`);
    expect(blocked.stderr).not.toContain(`…${tail(oldKey)}`);
    expect(remoteHas(remote, 'refs/heads/dirty-feature')).toBe('');
  });

  it('blocks a force push that rewrites history to add a key', () => {
    const { repo, remote } = setup();
    commitFile(repo, 'a.txt', 'a\n', 'a');
    repo.git('push', '-q', 'origin', 'main');
    const before = remoteHas(remote, 'refs/heads/main');
    const key = generateKey();
    repo.write('a.txt', `a\nRUNTYPE_API_KEY=${key}\n`);
    repo.git('commit', '-q', '-a', '--no-verify', '--amend', '-m', 'a, amended');
    const blocked = repo.tryGit(['push', '--force', 'origin', 'main']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain('a.txt:2');
    expect(remoteHas(remote, 'refs/heads/main')).toBe(before);
  });

  it('lets a branch deletion through even when the branch holds a key', () => {
    const { repo, remote } = setup();
    repo.git('checkout', '-q', '-b', 'leaky');
    commitFile(repo, 'k.env', `RUNTYPE_API_KEY=${generateKey()}\n`, 'key');
    repo.git('push', '-q', '--no-verify', 'origin', 'leaky');
    expect(remoteHas(remote, 'refs/heads/leaky')).not.toBe('');
    const deleted = repo.tryGit(['push', '-q', 'origin', '--delete', 'leaky']);
    expect(deleted.stderr).toBe('');
    expect(deleted.status).toBe(0);
    expect(remoteHas(remote, 'refs/heads/leaky')).toBe('');
  });

  it('passes the refs on stdin to a chained pre-push hook too', () => {
    const remote = createRepo({ bare: true });
    const repo = createRepo();
    repo.git('remote', 'add', 'origin', remote.dir);
    const seen = join(repo.dir, '.git/seen-by-old-hook');
    const hookPath = join(repo.dir, '.git/hooks/pre-push');
    writeFileSync(hookPath, `#!/bin/sh\necho "args: $1" > '${seen}'\ncat >> '${seen}'\n`);
    chmodSync(hookPath, 0o755);
    expect(runCli(['hook', 'install', '--pre-push'], repo.dir, repo.env).status).toBe(0);
    const sha = commitFile(repo, 'README.md', 'hi\n', 'init');
    const pushed = repo.tryGit(['push', '-q', 'origin', 'main']);
    expect(pushed.status).toBe(0);
    const text = readFileSync(seen, 'utf8');
    expect(text).toContain('args: origin');
    expect(text).toContain(`refs/heads/main ${sha} refs/heads/main ${'0'.repeat(40)}`);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { scanGitRange, scanPrePush } from '../../cli/src/sources/git.ts';
import { run } from '../../cli/src/run.ts';
import { createTestIo } from '../helpers/io.ts';
import { cleanupTempDirs, createRepo, generateKey, makeTempDir, tail, type TempRepo } from './helpers.ts';

afterAll(cleanupTempDirs);

function commit(repo: TempRepo, files: Record<string, string>, message: string): string {
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', message);
  return repo.git('rev-parse', 'HEAD').trim();
}

const io = (cwd: string, env: Record<string, string>) => createTestIo(cwd, { env });

describe('scan --git [range]', () => {
  it('reports the commit, author date and path of each key added in history, also when later deleted', async () => {
    const repo = createRepo();
    commit(repo, { 'README.md': 'hi\n' }, 'init');
    const key = generateKey();
    const adding = commit(repo, { 'app/.env': `X=1\nRUNTYPE_API_KEY=${key}\n` }, 'add key');
    commit(repo, { 'app/.env': 'X=1\n' }, 'remove key');
    const result = await scanGitRange(undefined, { cwd: repo.dir, env: repo.env });
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding).toMatchObject({ file: 'app/.env', line: 2, commit: adding, redacted: `rt_live_…${tail(key)}` });
    expect(finding!.authorDate).toBe(repo.git('log', '-1', '--format=%aI', adding).trim());
    expect(result.stats.commits).toBe(3);
    expect(JSON.stringify(result.findings)).not.toContain(key);
  });

  it('limits the scan to the range and covers every branch by default', async () => {
    const repo = createRepo();
    commit(repo, { 'README.md': 'hi\n' }, 'init');
    const oldKey = generateKey();
    commit(repo, { 'old.env': `RUNTYPE_API_KEY=${oldKey}\n` }, 'old key');
    repo.git('branch', 'base');
    const newKey = generateKey('rt_test_');
    commit(repo, { 'new.env': `RUNTYPE_API_KEY=${newKey}\n` }, 'new key');
    repo.git('checkout', '-q', '-b', 'other', 'base');
    const otherKey = generateKey();
    commit(repo, { 'other.env': `RUNTYPE_API_KEY=${otherKey}\n` }, 'key on another branch');
    repo.git('checkout', '-q', 'main');

    const ranged = await scanGitRange('base..main', { cwd: repo.dir, env: repo.env });
    expect(ranged.findings.map((f) => f.secret === newKey)).toEqual([true]);
    const all = await scanGitRange(undefined, { cwd: repo.dir, env: repo.env });
    expect(all.findings.map((f) => f.file).sort()).toEqual(['new.env', 'old.env', 'other.env']);
  });

  it('reports a key a merge commit adds itself (conflict resolution) once, and a merged branch key only at its own commit', async () => {
    const repo = createRepo();
    commit(repo, { 'shared.txt': 'base\n' }, 'init');
    repo.git('checkout', '-q', '-b', 'feature');
    const featureKey = generateKey();
    const featureCommit = commit(repo, { 'shared.txt': 'feature\n', 'f.env': `RUNTYPE_API_KEY=${featureKey}\n` }, 'feature');
    repo.git('checkout', '-q', 'main');
    commit(repo, { 'shared.txt': 'main\n' }, 'main');
    repo.tryGit(['merge', '--no-ff', 'feature']);
    const mergeKey = generateKey();
    repo.write('shared.txt', `merged\nRUNTYPE_API_KEY=${mergeKey}\n`);
    repo.git('add', 'shared.txt');
    repo.git('commit', '-q', '--no-edit');
    const merge = repo.git('rev-parse', 'HEAD').trim();
    const result = await scanGitRange(undefined, { cwd: repo.dir, env: repo.env });
    const summary = result.findings.map((f) => [f.file, f.line, f.commit]).sort();
    expect(summary).toEqual(
      [
        ['f.env', 1, featureCommit],
        ['shared.txt', 2, merge],
      ].sort(),
    );
  });

  it('rejects a bad range with a clear error (exit 2 through the CLI)', async () => {
    const repo = createRepo();
    commit(repo, { 'README.md': 'hi\n' }, 'init');
    await expect(scanGitRange('--output=/tmp/x', { cwd: repo.dir, env: repo.env })).rejects.toMatchObject({
      message: expect.stringContaining('invalid git range'),
    });
    const cli = io(repo.dir, repo.env);
    expect(await run(['scan', '--git', 'no-such-branch..HEAD'], cli)).toBe(2);
    expect(cli.err()).toContain('no-such-branch');
  });

  it('exits 1 with the commit in the text report and 0 on a clean range, through `rt-guard scan --git`', async () => {
    const repo = createRepo();
    commit(repo, { 'README.md': 'hi\n' }, 'init');
    const key = generateKey();
    const adding = commit(repo, { 'k.env': `RUNTYPE_API_KEY=${key}\n` }, 'key');
    const dirty = io(repo.dir, repo.env);
    expect(await run(['scan', '--git'], dirty)).toBe(1);
    expect(dirty.out()).toContain(adding.slice(0, 12));
    expect(dirty.out() + dirty.err()).not.toContain(key);
    const clean = io(repo.dir, repo.env);
    expect(await run(['scan', '--git', 'HEAD~1..HEAD~1'], clean)).toBe(0);
    const notRepo = io(makeTempDir(), { ...repo.env, GIT_CEILING_DIRECTORIES: '/tmp' });
    expect(await run(['scan', '--staged'], notRepo)).toBe(2);
    expect(notRepo.err()).toContain('not a git repository');
  });
});

describe('scan --pre-push (stdin protocol)', () => {
  const ZERO = '0'.repeat(40);

  function pushed(): { repo: TempRepo; remote: TempRepo } {
    const remote = createRepo({ bare: true });
    const repo = createRepo();
    repo.git('remote', 'add', 'origin', remote.dir);
    commit(repo, { 'README.md': 'hi\n' }, 'init');
    repo.git('push', '-q', 'origin', 'main');
    return { repo, remote };
  }

  const scan = (repo: TempRepo, input: string) => scanPrePush(Readable.from([input]), { cwd: repo.dir, env: repo.env });

  it('scans remote..local for an updated branch', async () => {
    const { repo } = pushed();
    const remoteSha = repo.git('rev-parse', 'origin/main').trim();
    const key = generateKey();
    commit(repo, { 'k.env': `RUNTYPE_API_KEY=${key}\n` }, 'key');
    const local = commit(repo, { 'later.txt': 'x\n' }, 'later');
    const result = await scan(repo, `refs/heads/main ${local} refs/heads/main ${remoteSha}\n`);
    expect(result.findings.map((f) => f.secret === key)).toEqual([true]);
    expect(result.stats.commits).toBe(2);
  });

  it('scans only commits no remote-tracking ref has for a new branch', async () => {
    const { repo } = pushed();
    const pushedKey = generateKey();
    commit(repo, { 'old.env': `RUNTYPE_API_KEY=${pushedKey}\n` }, 'already on the remote');
    repo.git('push', '-q', 'origin', 'main');
    repo.git('checkout', '-q', '-b', 'feature');
    const newKey = generateKey('rt_test_');
    const local = commit(repo, { 'new.env': `RUNTYPE_API_KEY=${newKey}\n` }, 'new');
    const result = await scan(repo, `refs/heads/feature ${local} refs/heads/feature ${ZERO}\n`);
    expect(result.findings.map((f) => f.secret === newKey)).toEqual([true]);
    expect(result.stats.commits).toBe(1);
  });

  it('scans the rewritten commits of a force push, also when the old remote tip is unknown locally', async () => {
    const { repo } = pushed();
    commit(repo, { 'a.txt': 'a\n' }, 'a');
    repo.git('push', '-q', 'origin', 'main');
    const oldTip = repo.git('rev-parse', 'HEAD').trim();
    const key = generateKey();
    repo.write('a.txt', `a\nRUNTYPE_API_KEY=${key}\n`);
    repo.git('commit', '-q', '-a', '--amend', '-m', 'a (amended)');
    const local = repo.git('rev-parse', 'HEAD').trim();
    const known = await scan(repo, `refs/heads/main ${local} refs/heads/main ${oldTip}\n`);
    expect(known.findings.map((f) => [f.file, f.line, f.commit])).toEqual([['a.txt', 2, local]]);
    const unknownTip = 'f'.repeat(40);
    const unknown = await scan(repo, `refs/heads/main ${local} refs/heads/main ${unknownTip}\n`);
    expect(unknown.findings.map((f) => f.commit)).toEqual([local]);
  });

  it('scans nothing for a deleted branch, and each commit once across several refs', async () => {
    const { repo } = pushed();
    const key = generateKey();
    const local = commit(repo, { 'k.env': `RUNTYPE_API_KEY=${key}\n` }, 'key');
    const deleted = await scan(repo, `(delete) ${ZERO} refs/heads/old ${local}\n`);
    expect(deleted.findings).toEqual([]);
    const remoteSha = repo.git('rev-parse', 'origin/main').trim();
    const twice = await scan(repo, `refs/heads/main ${local} refs/heads/main ${remoteSha}\nrefs/heads/main ${local} refs/heads/copy ${ZERO}\n`);
    expect(twice.findings).toHaveLength(1);
    expect(await scan(repo, '')).toMatchObject({ findings: [] });
  });

  it('rejects input that is not the pre-push protocol', async () => {
    const { repo } = pushed();
    await expect(scan(repo, 'refs/heads/main not-a-sha\n')).rejects.toMatchObject({ message: expect.stringContaining('unexpected pre-push input') });
  });
});

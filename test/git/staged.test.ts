import { afterAll, describe, expect, it } from 'vitest';
import { scanStaged } from '../../cli/src/sources/git.ts';
import { WHOLE_BLOB_LIMIT } from '../../cli/src/git/scan-changes.ts';
import { cleanupTempDirs, createRepo, generateKey, makeTempDir, repoWithCommit, tail, type TempRepo } from './helpers.ts';

afterAll(cleanupTempDirs);

async function staged(repo: TempRepo, env: Record<string, string> = repo.env) {
  const result = await scanStaged({ cwd: repo.dir, env });
  for (const finding of result.findings) {
    // Every surface: the serialized finding never carries the key.
    expect(JSON.stringify(finding)).not.toContain(finding.secret);
    expect(finding.snippet).not.toContain(finding.secret);
  }
  return result;
}

describe('scan --staged reads the index, not the working tree', () => {
  it('ignores a key that is only in the working tree', async () => {
    const repo = repoWithCommit();
    repo.write('README.md', `hello\nRUNTYPE_API_KEY=${generateKey()}\n`);
    const result = await staged(repo);
    expect(result.findings).toEqual([]);
  });

  it('blocks a key that is staged but since removed from the working tree', async () => {
    const repo = repoWithCommit();
    const key = generateKey();
    repo.write('config.env', `A=1\nRUNTYPE_API_KEY=${key}\n`);
    repo.git('add', 'config.env');
    repo.write('config.env', 'A=1\n');
    const result = await staged(repo);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ file: 'config.env', line: 2, ruleId: 'runtype-api-key-live' });
    expect(result.findings[0]!.redacted).toBe(`rt_live_…${tail(key)}`);
    expect(result.findings[0]!.secret).toBe(key);
  });

  it('numbers lines as in the staged version when the file is partially staged', async () => {
    const repo = repoWithCommit();
    repo.write('app.js', 'const a = 1;\nconst b = 2;\n');
    repo.git('add', 'app.js');
    repo.git('commit', '-q', '-m', 'app');
    const key = generateKey('rt_test_');
    repo.write('app.js', `const a = 1;\nconst runtypeKey = "${key}";\nconst b = 2;\n`);
    repo.git('add', 'app.js');
    // Unstaged edits above the key move it down in the working tree only.
    repo.write('app.js', `// one\n// two\n// three\nconst a = 1;\nconst runtypeKey = "${key}";\nconst b = 2;\n`);
    const result = await staged(repo);
    expect(result.findings.map((f) => [f.file, f.line, f.column])).toEqual([['app.js', 2, 21]]);
  });

  it('reports only lines the commit adds, not keys already committed in the same file', async () => {
    const repo = repoWithCommit();
    const oldKey = generateKey();
    repo.write('settings.py', `# runtype\nOLD = "${oldKey}"\n`);
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'old key (history scan finds it)');
    const newKey = generateKey();
    repo.write('settings.py', `# runtype\nOLD = "${oldKey}"\nX = 1\nNEW = "${newKey}"\n`);
    repo.git('add', '.');
    const result = await staged(repo);
    expect(result.findings.map((f) => [f.line, f.secret === newKey])).toEqual([[4, true]]);
  });

  it('handles renamed files: an unchanged rename adds nothing, an edit during the rename is reported at the new path', async () => {
    const repo = repoWithCommit();
    const oldKey = generateKey();
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    repo.write('old-name.txt', `${body}\nK=${oldKey}\n`);
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'file');
    repo.git('mv', 'old-name.txt', 'new-name.txt');
    expect((await staged(repo)).findings).toEqual([]);
    const newKey = generateKey();
    repo.write('new-name.txt', `${body}\nK=${oldKey}\nK2=${newKey}\n`);
    repo.git('add', '.');
    expect(repo.git('diff', '--cached', '-M', '--name-status')).toMatch(/^R\d+/);
    const result = await staged(repo);
    expect(result.findings.map((f) => [f.file, f.line])).toEqual([['new-name.txt', 22]]);
    expect(result.findings[0]!.secret).toBe(newKey);
  });

  it('works on the first commit of a repository (no HEAD yet) and on an empty index', async () => {
    const repo = createRepo();
    expect((await staged(repo)).findings).toEqual([]);
    const key = generateKey();
    repo.write('src/index.ts', `export const RUNTYPE_API_KEY = '${key}';\n`);
    repo.git('add', '.');
    const result = await staged(repo);
    expect(result.findings.map((f) => [f.file, f.line])).toEqual([['src/index.ts', 1]]);
  });

  it('sees what a merge commit brings into the branch, including a conflict resolution', async () => {
    const repo = repoWithCommit();
    repo.write('shared.txt', 'base\n');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'base');
    repo.git('checkout', '-q', '-b', 'feature');
    const featureKey = generateKey();
    repo.write('feature.env', `RUNTYPE_API_KEY=${featureKey}\n`);
    repo.write('shared.txt', 'feature side\n');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'feature');
    repo.git('checkout', '-q', 'main');
    repo.write('shared.txt', 'main side\n');
    repo.git('commit', '-q', '-am', 'main');
    expect(repo.tryGit(['merge', '--no-ff', '--no-commit', 'feature']).status).not.toBe(0); // conflict
    const resolutionKey = generateKey('rt_test_');
    repo.write('shared.txt', `resolved\nRUNTYPE_TOKEN=${resolutionKey}\n`);
    repo.git('add', 'shared.txt');
    const result = await staged(repo);
    expect(result.findings.map((f) => [f.file, f.line, f.secret === featureKey || f.secret === resolutionKey])).toEqual([
      ['feature.env', 1, true],
      ['shared.txt', 2, true],
    ]);
  });

  it('reads the index named by GIT_INDEX_FILE, as hooks of `git commit -a` and `git commit <paths>` see it', async () => {
    const repo = repoWithCommit();
    const key = generateKey();
    repo.write('only-in-temp-index.txt', `RUNTYPE_API_KEY=${key}\n`);
    const tempIndex = `${makeTempDir()}/index`;
    const env = { ...repo.env, GIT_INDEX_FILE: tempIndex };
    const git = (...args: string[]) => repo.tryGit(args);
    expect(git('status').status).toBe(0);
    // Build the other index from HEAD plus the new file, as `git commit <paths>` does.
    const { execFileSync } = await import('node:child_process');
    execFileSync('git', ['read-tree', 'HEAD'], { cwd: repo.dir, env });
    execFileSync('git', ['add', 'only-in-temp-index.txt'], { cwd: repo.dir, env });
    expect((await staged(repo)).findings).toEqual([]);
    const result = await staged(repo, env);
    expect(result.findings.map((f) => f.file)).toEqual(['only-in-temp-index.txt']);
  });

  it('skips binary files, ignores deleted files, and does not report deletions', async () => {
    const repo = repoWithCommit();
    const key = generateKey();
    repo.write('gone.env', `RUNTYPE_API_KEY=${key}\n`);
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'will be deleted');
    repo.git('rm', '-q', 'gone.env');
    repo.write('image.bin', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`RUNTYPE_API_KEY=${generateKey()}`)]));
    repo.git('add', '.');
    const result = await staged(repo);
    expect(result.findings).toEqual([]);
    expect(result.stats.skipped).toBe(1);
  });

  it('handles CRLF files: right line, no carriage return in the snippet', async () => {
    const repo = repoWithCommit();
    const key = generateKey();
    repo.write('win.ini', `[runtype]\r\nname=x\r\napi_key=${key}\r\n`);
    repo.git('add', '.');
    const [finding] = (await staged(repo)).findings;
    expect(finding).toMatchObject({ file: 'win.ini', line: 3, column: 9 });
    expect(finding!.snippet).toBe(`api_key=rt_live_…${tail(key)}`);
  });

  it('scans staged files larger than the whole-blob limit in pieces, with absolute line numbers', async () => {
    const repo = repoWithCommit();
    const key = generateKey();
    const filler = 'x'.repeat(99) + '\n';
    const lines = Math.ceil((WHOLE_BLOB_LIMIT * 1.5) / filler.length);
    repo.write('big.log', `${filler.repeat(lines)}token=${key} # runtype\n${filler.repeat(10)}`);
    repo.git('add', '.');
    const result = await staged(repo);
    expect(result.findings.map((f) => [f.file, f.line, f.column])).toEqual([['big.log', lines + 1, 7]]);
  });

  it('keeps paths with spaces, quotes and non-ASCII characters exact', async () => {
    const repo = repoWithCommit();
    const names = ['dir with space/my file.env', 'café/naïve "quoted".env', 'tab\there.env'];
    for (const name of names) repo.write(name, `RUNTYPE_API_KEY=${generateKey()}\n`);
    repo.git('add', '.');
    const result = await staged(repo);
    expect(result.findings.map((f) => f.file).sort()).toEqual([...names].sort());
  });

  it('honours an inline allow comment on the unchanged line above an added key', async () => {
    const repo = repoWithCommit();
    repo.write('fixtures.ts', '// rt-guard:allow test fixture for the emulator\nexport const k = "";\n');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'fixture');
    repo.write('fixtures.ts', `// rt-guard:allow test fixture for the emulator\nexport const k = "${generateKey()}";\n`);
    repo.git('add', '.');
    const result = await staged(repo);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.suppressed).toBe('inline-comment');
  });

  it('fails with a clear error outside a git repository', async () => {
    const dir = makeTempDir();
    const home = makeTempDir();
    await expect(
      scanStaged({ cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: home, GIT_CEILING_DIRECTORIES: dir.replace(/\/[^/]+$/, '') } }),
    ).rejects.toMatchObject({
      code: 'E_NOT_A_REPO',
      message: expect.stringContaining('not a git repository'),
    });
  });
});

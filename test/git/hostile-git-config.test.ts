import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/io.ts';
import { cleanupTempDirs, createRepo, makeTempDir, repoWithCommit } from './helpers.ts';

afterAll(cleanupTempDirs);

// Issue 10: git config found in a folder (a cloned project may carry the files of a bare repository
// in any sub-folder) must never make rt-guard run a command. git 2.39 runs core.fsmonitor even for
// `git diff --cached`.

function rtGuard(argv: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return runCliInProcess(argv, cwd, { env });
}

/** A command that leaves a marker file when git runs it. */
function hostileCommand(): { command: string; marker: string } {
  const marker = join(makeTempDir('rt-guard-marker-'), 'ran');
  return { command: `touch '${marker}'; echo`, marker };
}

describe('a repository config that sets core.fsmonitor to a command', () => {
  it('scan --staged and scan --git do not run it', async () => {
    const repo = repoWithCommit();
    const { command, marker } = hostileCommand();
    repo.write('a.txt', 'hello\n');
    repo.git('add', 'a.txt');
    repo.git('config', 'core.fsmonitor', command);
    expect((await rtGuard(['scan', '--staged'], repo.dir, repo.env)).code).toBe(0);
    expect((await rtGuard(['scan', '--git'], repo.dir, repo.env)).code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    // The marker works: git itself runs the command.
    repo.git('status');
    expect(existsSync(marker)).toBe(true);
  });

  it('a bare repository committed into a sub-folder does not run its fsmonitor when that folder is scanned', async () => {
    const repo = repoWithCommit();
    const { command, marker } = hostileCommand();
    const bare = join(repo.dir, 'vendor/evil');
    createRepo({ bare: true, dir: bare, env: repo.env });
    writeFileSync(join(bare, 'config'), `[core]\n\trepositoryformatversion = 0\n\tbare = true\n\tfsmonitor = ${command}\n`);
    writeFileSync(join(bare, 'notes.txt'), 'hello\n');
    expect((await rtGuard(['scan', 'vendor/evil'], repo.dir, repo.env)).code).toBe(0);
    expect((await rtGuard(['scan', '.'], bare, repo.env)).code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitignoreJudge, readGitignoreFile } from './gitignore-judge.ts';

function folder(files: Record<string, string>, options: { git?: boolean } = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-gitignore-')));
  if (options.git) execFileSync('git', ['init', '-q'], { cwd: dir });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * The attack of issue 10: a sub-folder holding the files of a git directory whose config runs a
 * command through core.fsmonitor whenever git reads that folder's index.
 */
function armedSubfolder(workspace: string, marker: string): string {
  const sub = join(workspace, 'vendor/evil');
  mkdirSync(join(sub, 'objects'), { recursive: true });
  mkdirSync(join(sub, 'refs'), { recursive: true });
  writeFileSync(join(sub, 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(sub, 'config'), `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\tfsmonitor = "touch '${marker}'"\n`);
  writeFileSync(join(sub, 'app.ts'), 'export const x = 1;\n');
  return join(sub, 'app.ts');
}

describe('gitignore judge: no git process (issue 10)', () => {
  it('the fixture is armed: `git check-ignore` in that folder (what the extension ran before) runs the command', () => {
    const workspace = folder({});
    const marker = join(workspace, 'MARKER-check-ignore');
    const file = armedSubfolder(workspace, marker);
    try {
      execFileSync('git', ['check-ignore', '-q', '--', file], { cwd: dirname(file), stdio: 'ignore' });
    } catch {
      // exit 1: not ignored
    }
    expect(existsSync(marker)).toBe(true);
  });

  it('judges a file in that folder without running the command', async () => {
    const workspace = folder({ '.gitignore': 'dist/\n' });
    const marker = join(workspace, 'MARKER');
    const file = armedSubfolder(workspace, marker);
    expect(await createGitignoreJudge().isIgnored(file, workspace)).toBe(false);
    expect(await createGitignoreJudge().isIgnored(join(workspace, 'vendor/evil/dist/x.js'), workspace)).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('gitignore judge: decides like git', () => {
  it('ignores .env listed in .gitignore in a folder that is not a git repository yet (the "Move to .env" bug)', async () => {
    const workspace = folder({ '.gitignore': 'node_modules/\n.env\n', '.env': 'X=1\n' });
    const judge = createGitignoreJudge();
    expect(await judge.isIgnored(join(workspace, '.env'), workspace)).toBe(true);
    expect(await judge.isIgnored(join(workspace, 'src/app.ts'), workspace)).toBe(false);
  });

  it('agrees with `git check-ignore` on nested .gitignore files, folder patterns and negations', async () => {
    const workspace = folder(
      {
        '.gitignore': '*.log\nbuild/\n.env*\n!.env.example\nsecret/\n',
        'pkg/.gitignore': '!keep.log\nlocal.json\n',
        'secret/.gitignore': '!inside.txt\n',
      },
      { git: true },
    );
    const paths = [
      'a.log',
      'pkg/keep.log',
      'pkg/other.log',
      'build/out.js',
      'src/build/x.js',
      '.env',
      '.env.local',
      '.env.example',
      'pkg/local.json',
      'local.json',
      'secret/inside.txt',
      'src/app.ts',
    ];
    const judge = createGitignoreJudge();
    for (const path of paths) {
      let byGit: boolean;
      try {
        execFileSync('git', ['-c', 'core.fsmonitor=false', 'check-ignore', '-q', '--', path], { cwd: workspace, stdio: 'ignore' });
        byGit = true;
      } catch {
        byGit = false;
      }
      expect({ path, ignored: await judge.isIgnored(join(workspace, path), workspace) }).toEqual({ path, ignored: byGit });
    }
  });

  // Review: a wrong "ignored" hides the diagnostics of a key in a file git commits.
  it('agrees with `git check-ignore` on case (git matches case-sensitively) and negated classes', async () => {
    const workspace = folder({ '.gitignore': '*.log\n.env\nx[!0-9].env\n[^a].key\n*.pem\n!k[!0-9].pem\n' }, { git: true });
    const kept = ['DEBUG.LOG', '.ENV', 'x1.env', 'a.key', 'kx.pem'];
    const judge = createGitignoreJudge();
    for (const path of [...kept, 'debug.log', '.env', 'z.pem']) {
      let byGit: boolean;
      try {
        execFileSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.ignorecase=false', 'check-ignore', '-q', '--', path], {
          cwd: workspace,
          stdio: 'ignore',
        });
        byGit = true;
      } catch {
        byGit = false;
      }
      expect(byGit, path).toBe(!kept.includes(path));
      expect({ path, ignored: await judge.isIgnored(join(workspace, path), workspace) }).toEqual({ path, ignored: byGit });
    }
  });

  // Review: git re-includes a folder a deeper .gitignore un-ignores (`!build/`), and then lists its files.
  it('agrees with `git check-ignore` in a folder a deeper .gitignore re-includes', async () => {
    const workspace = folder(
      { '.gitignore': 'build/\n*.env\n', 're/.gitignore': '!build/\n', 're/build/x.ts': 'k', 're/build/y.env': 'k', 'build/z.ts': 'k' },
      { git: true },
    );
    const judge = createGitignoreJudge();
    for (const [path, byGit] of [
      ['re/build/x.ts', false],
      ['re/build/y.env', true],
      ['build/z.ts', true],
    ] as const) {
      let checked: boolean;
      try {
        execFileSync('git', ['-c', 'core.fsmonitor=false', 'check-ignore', '-q', '--', path], { cwd: workspace, stdio: 'ignore' });
        checked = true;
      } catch {
        checked = false;
      }
      expect(checked, path).toBe(byGit);
      expect({ path, ignored: await judge.isIgnored(join(workspace, path), workspace) }).toEqual({ path, ignored: byGit });
    }
  });

  it('uses the repository root above a workspace folder opened on a sub-folder', async () => {
    const repo = folder({ '.gitignore': '*.secret\n' }, { git: true });
    mkdirSync(join(repo, 'app'));
    expect(await createGitignoreJudge().isIgnored(join(repo, 'app/key.secret'), join(repo, 'app'))).toBe(true);
  });

  it('starts again at a nested repository: the outer .gitignore does not apply inside it', async () => {
    const workspace = folder({ '.gitignore': '*.txt\n', 'inner/.git/HEAD': 'ref: refs/heads/main\n', 'inner/.gitignore': '*.md\n' });
    const judge = createGitignoreJudge();
    expect(await judge.isIgnored(join(workspace, 'inner/a.txt'), workspace)).toBe(false);
    expect(await judge.isIgnored(join(workspace, 'inner/a.md'), workspace)).toBe(true);
    expect(await judge.isIgnored(join(workspace, 'a.txt'), workspace)).toBe(true);
  });

  it('reads a .gitignore again as soon as it changes', async () => {
    const workspace = folder({ '.gitignore': '' });
    const judge = createGitignoreJudge();
    expect(await judge.isIgnored(join(workspace, '.env'), workspace)).toBe(false);
    writeFileSync(join(workspace, '.gitignore'), '.env\n');
    expect(await judge.isIgnored(join(workspace, '.env'), workspace)).toBe(true);
    writeFileSync(join(workspace, '.gitignore'), '.env\n!.env\n');
    expect(await judge.isIgnored(join(workspace, '.env'), workspace)).toBe(false);
  });
});

describe('reading a hostile .gitignore', () => {
  it('does not block on a FIFO, nor read /dev/zero through a link, nor read a huge file', async () => {
    const dir = folder({});
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync('/dev/zero', join(dir, 'zero'));
    writeFileSync(join(dir, 'huge'), Buffer.alloc(2 * 1024 * 1024, 'a'));
    expect(await readGitignoreFile(join(dir, 'fifo'))).toBeUndefined();
    expect(await readGitignoreFile(join(dir, 'zero'))).toBeUndefined();
    expect(await readGitignoreFile(join(dir, 'huge'))).toBeUndefined();
    expect(await readGitignoreFile(join(dir, 'missing'))).toBeUndefined();
  });
});

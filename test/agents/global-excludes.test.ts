import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isGitIgnored } from '../../cli/src/agent/dotenv-target.ts';
import { configEntries, globalExcludesFile } from '../../cli/src/agent/global-excludes.ts';
import { cleanupProjects, generateKey, holdsNoKey, installedCommands, makeProject, runHookCommand, type HookRun, type Project } from './helpers.ts';

/*
 * The user's global excludes file (core.excludesFile of the GLOBAL git config, else
 * $XDG_CONFIG_HOME/git/ignore or ~/.config/git/ignore), read without git and never from the
 * repository's config. HOME and XDG_CONFIG_HOME point into a temp folder; real git is the referee.
 */
afterEach(cleanupProjects);

const keys: string[] = [];
const key = () => {
  const k = generateKey('rt_live_');
  keys.push(k);
  return k;
};

function writeAt(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** What real git says (`git check-ignore`), with the same environment and no system config. */
function gitIgnores(p: Project, path: string, env: Record<string, string>): boolean {
  const run = spawnSync('git', ['check-ignore', '-q', '--no-index', path], {
    cwd: p.dir,
    env: { ...p.env, GIT_CONFIG_NOSYSTEM: '1', ...env },
    timeout: 20_000,
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`git check-ignore failed: ${String(run.stderr)}`);
  return run.status === 0;
}

/** Installs the Claude Code hooks in `p`; `write(file)` runs PreToolUse for a Write of a key into `file`, exactly as Claude Code does. */
function claudeCodeWrites(p: Project, extraEnv: Record<string, string> = {}) {
  const installed = p.cli(['agent', 'install', '--claude-code']);
  expect(installed.status, installed.stderr).toBe(0);
  const command = installedCommands(join(p.dir, '.claude/settings.json')).PreToolUse![0]!;
  const write = async (file: string): Promise<HookRun> => {
    const run = await runHookCommand(
      command,
      {
        session_id: 's1',
        transcript_path: '/tmp/t.jsonl',
        cwd: p.dir,
        hook_event_name: 'PreToolUse',
        tool_name: 'Write',
        tool_use_id: 't1',
        tool_input: { file_path: join(p.dir, file), content: `RUNTYPE_API_KEY=${key()}\n` },
      },
      { cwd: p.dir, env: { ...p.env, CLAUDE_PROJECT_DIR: p.dir, ...extraEnv } },
    );
    expect(holdsNoKey(run.stdout + run.stderr, keys)).toBe(true);
    expect(run.stderr).not.toContain('internal error');
    return run;
  };
  const denied = async (file: string) =>
    (((await write(file)).json?.hookSpecificOutput as { permissionDecision?: string } | undefined)?.permissionDecision ?? 'allow') === 'deny';
  return { write, denied };
}

describe('globalExcludesFile and isGitIgnored agree with git', () => {
  const cases: Array<{ name: string; ignored: string[]; setup: (p: Project) => Record<string, string> }> = [
    { name: 'the default ~/.config/git/ignore', ignored: ['.env', 'app/.env'], setup: (p) => (writeAt(join(p.home, '.config/git/ignore'), '.env\n'), {}) },
    {
      name: '$XDG_CONFIG_HOME/git/ignore (and not ~/.config/git/ignore then)',
      ignored: ['.env', 'app/.env', 'app/prod.env'],
      setup: (p) => {
        writeAt(join(p.home, 'xdg/git/ignore'), '*.env\n');
        writeAt(join(p.home, '.config/git/ignore'), '.env\n.env.*\n');
        return { XDG_CONFIG_HOME: join(p.home, 'xdg') };
      },
    },
    {
      name: 'core.excludesFile in ~/.gitconfig, with ~ and quotes',
      ignored: ['.env', 'app/.env'],
      setup: (p) => {
        writeAt(join(p.home, '.gitconfig'), '[user]\n\tname = x\n[core]\n\t# comment\n\texcludesFile = "~/my ignores/global"  ; trailing comment\n');
        writeAt(join(p.home, 'my ignores/global'), '.env\n');
        writeAt(join(p.home, '.config/git/ignore'), '.env.*\n'); // not read: core.excludesFile wins
        return {};
      },
    },
    {
      name: '~/.gitconfig overriding the XDG config, through an [include]',
      ignored: ['.env.local', '.env.example'],
      setup: (p) => {
        writeAt(join(p.home, '.config/git/config'), `[core]\n\texcludesfile = ${join(p.home, 'first')}\n`);
        writeAt(join(p.home, '.gitconfig'), '[include]\n\tpath = .gitconfig.d/extra\n');
        writeAt(join(p.home, '.gitconfig.d/extra'), `[CORE] ExcludesFile = ${join(p.home, 'second')}\n`);
        writeAt(join(p.home, 'first'), '.env\n');
        writeAt(join(p.home, 'second'), '.env.*\n');
        return {};
      },
    },
    {
      name: 'GIT_CONFIG_GLOBAL (the only global config then)',
      ignored: ['.env', '.env.local', '.env.example', 'app/.env', 'app/prod.env'],
      setup: (p) => {
        writeAt(join(p.home, 'alt.gitconfig'), `[core]\n  excludesFile = ${join(p.home, 'alt-ignore')}\n`);
        writeAt(join(p.home, 'alt-ignore'), '*.env\n.env*\n');
        writeAt(join(p.home, '.gitconfig'), `[core]\n  excludesFile = ${join(p.home, 'unused')}\n`);
        writeAt(join(p.home, 'unused'), '.env\n');
        return { GIT_CONFIG_GLOBAL: join(p.home, 'alt.gitconfig') };
      },
    },
    {
      name: 'an empty core.excludesFile (no global excludes at all)',
      ignored: [],
      setup: (p) => {
        writeAt(join(p.home, '.gitconfig'), '[core]\n\texcludesFile =\n');
        writeAt(join(p.home, '.config/git/ignore'), '.env\n');
        return {};
      },
    },
    {
      name: 'a negation in the repository .gitignore over the global file',
      ignored: ['.env', '.env.local', 'app/.env'],
      setup: (p) => {
        writeAt(join(p.home, '.config/git/ignore'), '.env*\n*.env\n');
        p.write('.gitignore', '!.env.example\n');
        p.write('app/.gitignore', '!prod.env\n');
        return {};
      },
    },
  ];
  const paths = ['.env', '.env.local', '.env.example', 'app/.env', 'app/prod.env', 'src/config.ts'];

  it.each(cases)('$name', ({ setup, ignored }) => {
    const p = makeProject();
    const extra = setup(p);
    const env = { ...p.env, ...extra };
    expect(paths.filter((path) => gitIgnores(p, path, extra))).toEqual(ignored);
    expect(paths.filter((path) => isGitIgnored(join(p.dir, path), p.dir, env))).toEqual(ignored);
  });

  it('never calls ignored what git commits: case-sensitive like git on Linux, and negated classes ([!0-9]) not misread', async () => {
    const p = makeProject();
    writeAt(join(p.home, '.config/git/ignore'), '.env.production\nk[^a].env\n');
    p.write('.gitignore', '.env.local\nx[!0-9].env\n!y[!0-9].env\n');
    const names = ['.env.local', '.env.LOCAL', '.env.Production', 'x1.env', 'x!.env', 'ka.env', 'k^.env', 'y1.env'];
    const byGit = names.filter((path) => gitIgnores(p, path, {}));
    expect(byGit).toEqual(['.env.local', 'x!.env', 'k^.env']);
    const ours = names.filter((path) => isGitIgnored(join(p.dir, path), p.dir, p.env));
    // Never more than git (a key written there would be committed); a rule the ignore package misreads is dropped.
    expect(ours.filter((path) => !byGit.includes(path))).toEqual([]);
    expect(ours).toContain('.env.local');
    // The hook, as Claude Code runs it: a key into .env.LOCAL (committed by git) is blocked.
    const { write } = claudeCodeWrites(p);
    expect((await write('.env.local')).stdout).toBe('');
    for (const file of ['.env.LOCAL', 'x1.env', 'ka.env']) expect((await write(file)).stdout).toContain('"deny"');
  });

  it("a folder a deeper .gitignore re-includes is not ignored (ignore's test() reports its parent as ignored)", async () => {
    const p = makeProject();
    p.write('.gitignore', '/lib/x/\nout/\n');
    p.write('lib/.gitignore', '!x/\n');
    const names = ['lib/x/.env', 'lib/x/deep/.env', 'out/.env', 'lib/.env'];
    const byGit = names.filter((path) => gitIgnores(p, path, {}));
    expect(byGit).toEqual(['out/.env']);
    expect(names.filter((path) => isGitIgnored(join(p.dir, path), p.dir, p.env))).toEqual(byGit);
    const { write } = claudeCodeWrites(p);
    expect((await write('lib/x/.env')).stdout).toContain('"deny"');
    expect((await write('out/.env')).stdout).toBe('');
  });

  it('parses git config syntax: sections on the key line, subsections apart, continuations, escapes, bare keys', () => {
    const text = '[core "sub"]\n excludesFile = /no\n[core.legacy]\nexcludesFile=/no2\n[core] excludesfile = "/a b"\\\n/c\\t ; x\n[core]\n  bare\n';
    expect([...configEntries(text)]).toEqual([
      { section: '\0', key: 'excludesfile', value: '/no' },
      { section: '\0', key: 'excludesfile', value: '/no2' },
      { section: 'core', key: 'excludesfile', value: '/a b/c\t' },
      { section: 'core', key: 'bare', value: null },
    ]);
    expect(globalExcludesFile({})).toBeUndefined(); // no HOME, no XDG_CONFIG_HOME: nothing to read
    expect(globalExcludesFile({ HOME: '/h' })).toBe('/h/.config/git/ignore');
    expect(globalExcludesFile({ HOME: '/h', XDG_CONFIG_HOME: '/x' })).toBe('/x/git/ignore');
  });
});

describe('the Claude Code hook and the global excludes file (run as Claude Code runs it)', () => {
  function setup(extraEnv: Record<string, string> = {}) {
    const p = makeProject();
    return { p, ...claudeCodeWrites(p, extraEnv) };
  }

  it('allows a key into a .env ignored only by ~/.config/git/ignore, and blocks it once git tracks that .env', async () => {
    const { p, denied } = setup();
    expect(await denied('.env')).toBe(true); // not ignored anywhere yet: it would be committed
    writeAt(join(p.home, '.config/git/ignore'), '.env\n');
    expect(gitIgnores(p, '.env', {})).toBe(true);
    expect(await denied('.env')).toBe(false);
    expect(await denied('src/config.ts')).toBe(true);
    p.write('.env', 'DEBUG=1\n');
    execFileSync('git', ['add', '-f', '.env'], { cwd: p.dir, env: p.env });
    expect(await denied('.env')).toBe(true);
  });

  it('follows core.excludesFile of ~/.gitconfig and $XDG_CONFIG_HOME', async () => {
    const xdg = setup();
    writeAt(join(xdg.p.home, 'xdg/git/ignore'), '.env.local\n');
    const withXdg = setup({ XDG_CONFIG_HOME: join(xdg.p.home, 'xdg') });
    writeAt(join(withXdg.p.home, 'xdg/git/ignore'), '.env.local\n');
    expect(await xdg.denied('.env.local')).toBe(true); // XDG_CONFIG_HOME not set for this one: ~/.config/git/ignore, absent
    expect(await withXdg.denied('.env.local')).toBe(false);

    const { p, denied } = setup();
    writeAt(join(p.home, '.gitconfig'), '[core]\n\texcludesFile = ~/.gitignore_global\n');
    expect(await denied('.env')).toBe(true);
    writeAt(join(p.home, '.gitignore_global'), '.env\n');
    expect(await denied('.env')).toBe(false);
  });

  it("never reads the repository's config: a core.excludesFile in .git/config that git itself would follow is ignored", async () => {
    const { p, denied } = setup();
    // A hostile repository points core.excludesFile at a file of its own that ignores .env.
    p.write('.hostile-excludes', '.env\n');
    execFileSync('git', ['config', 'core.excludesFile', join(p.dir, '.hostile-excludes')], { cwd: p.dir, env: p.env });
    expect(gitIgnores(p, '.env', {})).toBe(true); // git follows it…
    expect(await denied('.env')).toBe(true); // …rt-guard does not: .env is not ignored by anything the user or .gitignore says
    // The same through an include in .git/config, and XDG/HOME-looking keys in it: still not read.
    execFileSync('git', ['config', '--unset', 'core.excludesFile'], { cwd: p.dir, env: p.env });
    writeAt(join(p.dir, '.git/config'), `[include]\n\tpath = ${join(p.dir, '.hostile.gitconfig')}\n`);
    p.write('.hostile.gitconfig', `[core]\n\texcludesFile = ${join(p.dir, '.hostile-excludes')}\n`);
    expect(gitIgnores(p, '.env', {})).toBe(true);
    expect(await denied('.env')).toBe(true);
  });

  it('honours .git/info/exclude (the repository ignoring its own files)', async () => {
    const { p, denied } = setup();
    expect(await denied('.env.local')).toBe(true);
    writeAt(join(p.dir, '.git/info/exclude'), '.env.local\n');
    expect(await denied('.env.local')).toBe(false);
    expect(await denied('.env')).toBe(true);
  });
});

describe('the Cursor hook, global excludes and a version 4 index (run as Cursor runs it)', () => {
  it('afterFileEdit is quiet for a .env ignored by the global file, and reports a globally ignored .env that git tracks', async () => {
    const p = makeProject();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: p.dir, env: p.env });
    git('config', 'feature.manyFiles', 'true'); // index version 4
    writeAt(join(p.home, '.config/git/ignore'), '.env\n.env.local\n');
    p.write('src/app.ts', 'x\n');
    p.write('.env.local', 'DEBUG=1\n');
    git('add', 'src/app.ts');
    git('add', '-f', '.env.local');
    expect(readFileSync(join(p.dir, '.git/index')).readUInt32BE(4)).toBe(4);
    const installed = p.cli(['agent', 'install', '--cursor']);
    expect(installed.status, installed.stderr).toBe(0);
    const command = installedCommands(join(p.dir, '.cursor/hooks.json')).afterFileEdit![0]!;
    const edit = async (file: string) => {
      const run = await runHookCommand(
        command,
        {
          conversation_id: 'c1',
          generation_id: 'g1',
          workspace_roots: [p.dir],
          hook_event_name: 'afterFileEdit',
          file_path: join(p.dir, file),
          edits: [{ old_string: '', new_string: `RUNTYPE_API_KEY=${key()}` }],
        },
        { cwd: p.dir, env: p.env },
      );
      expect(holdsNoKey(run.stdout + run.stderr, keys)).toBe(true);
      expect(run.status).toBe(0);
      return run;
    };
    expect(await edit('.env')).toMatchObject({ json: {}, stderr: '' });
    const tracked = await edit('.env.local');
    expect(tracked.stderr).toContain('entered the agent');
    expect(tracked.stderr).toContain('.env.local');
  });
});

describe('a hostile repository cannot hang the hook or make it allow through its ignore files', () => {
  /** A project whose global excludes file ignores .env and .env.local, and a synchronous hook run with a timeout. */
  function hostileSetup() {
    const p = makeProject();
    const installed = p.cli(['agent', 'install', '--claude-code']);
    expect(installed.status, installed.stderr).toBe(0);
    const command = installedCommands(join(p.dir, '.claude/settings.json')).PreToolUse![0]!;
    // Synchronous with a timeout: on code that reads these files blindly, the hook never returns.
    const write = (file: string) => {
      const event = {
        hook_event_name: 'PreToolUse',
        tool_name: 'Write',
        tool_use_id: 't1',
        cwd: p.dir,
        tool_input: { file_path: join(p.dir, file), content: `K=${key()}\n` },
      };
      const run = spawnSync('sh', ['-c', command], {
        cwd: p.dir,
        env: { ...p.env, CLAUDE_PROJECT_DIR: p.dir },
        input: JSON.stringify(event),
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(run.error, 'the hook hung').toBeUndefined();
      expect(holdsNoKey(run.stdout + run.stderr, keys)).toBe(true);
      return run.stdout.includes('"deny"') ? 'deny' : run.stdout === '' ? 'allow' : run.stdout;
    };
    writeAt(join(p.home, '.config/git/ignore'), '.env\n.env.local\n');
    p.write('src/app.ts', 'x\n');
    execFileSync('git', ['add', 'src/app.ts'], { cwd: p.dir, env: p.env });
    expect(write('.env.local')).toBe('allow');
    return { p, write };
  }

  it('a linked .gitignore is not followed, as git does not follow it', () => {
    const { p, write } = hostileSetup();
    // It would un-ignore .env.local.
    p.write('elsewhere/rules', '!.env.local\n');
    symlinkSync(join(p.dir, 'elsewhere/rules'), join(p.dir, '.gitignore'));
    expect(gitIgnores(p, '.env.local', {})).toBe(true);
    expect(write('.env.local')).toBe('allow');
  });

  it('a FIFO or a link to /dev/zero as .gitignore, .git/info/exclude or .git/index: the hook answers at once, blocking when it cannot tell', () => {
    const { p, write } = hostileSetup();
    // git itself would wait on these: read as nothing, the global file still applies.
    symlinkSync('/dev/zero', join(p.dir, '.gitignore'));
    mkdirSync(join(p.dir, 'app'));
    execFileSync('mkfifo', [join(p.dir, 'app/.gitignore')]);
    rmSync(join(p.dir, '.git/info/exclude'), { force: true });
    execFileSync('mkfifo', [join(p.dir, '.git/info/exclude')]);
    expect(write('app/.env')).toBe('allow');
    expect(write('.env')).toBe('allow');
    // The index replaced by a FIFO: rt-guard cannot tell whether .env is tracked, and blocks.
    rmSync(join(p.dir, '.git/index'));
    execFileSync('mkfifo', [join(p.dir, '.git/index')]);
    expect(write('.env')).toBe('deny');
  });
});

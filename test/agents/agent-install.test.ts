import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../cli/src/run.ts';
import { createTestIo } from '../helpers/io.ts';
import { AGENT_HOOK_MARKER } from '@rt-guard/core/node';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SELF = ['/usr/bin/node', '/opt/rt guard/dist/bin.cjs'];

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'rt-guard-agent-install-'));
  dirs.push(root);
  const dir = join(root, 'project');
  const home = join(root, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  // A fresh Io per call: out() and err() hold what the last command wrote.
  const newIo = () => createTestIo(dir, { env: { HOME: home }, now: () => new Date('2026-11-30T00:00:00Z'), self: SELF });
  let io = newIo();
  const cli = async (...args: string[]) => {
    io = newIo();
    return run(['agent', ...args], io);
  };
  const read = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8')) as Record<string, unknown>;
  return { root, dir, home, cli, read, out: () => io.out(), err: () => io.err() };
}

const EXISTING_CLAUDE = {
  $schema: 'https://json.schemastore.org/claude-code-settings.json',
  permissions: { allow: ['Bash(npm test:*)'], deny: ['Read(./secrets/**)'] },
  env: { FOO: 'bar' },
  hooks: {
    PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'my-linter --check', timeout: 10 }] }],
    Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }],
  },
  model: 'opus',
};

describe('rt-guard agent install / uninstall', () => {
  it('adds Claude Code hooks and keeps every setting and hook already there; uninstall gives the file back', async () => {
    const p = setup();
    mkdirSync(join(p.dir, '.claude'));
    writeFileSync(join(p.dir, '.claude/settings.json'), JSON.stringify(EXISTING_CLAUDE, null, 2));
    expect(await p.cli('install', '--claude-code')).toBe(0);
    const settings = p.read('.claude/settings.json') as typeof EXISTING_CLAUDE & {
      hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ command: string }> }>>;
    };
    expect(settings.permissions).toEqual(EXISTING_CLAUDE.permissions);
    expect(settings.env).toEqual({ FOO: 'bar' });
    expect(settings.model).toBe('opus');
    expect(settings.hooks.Stop).toEqual(EXISTING_CLAUDE.hooks.Stop);
    expect(settings.hooks.PreToolUse![0]).toEqual(EXISTING_CLAUDE.hooks.PreToolUse[0]);
    const ours = settings.hooks.PreToolUse![1]!;
    expect(ours.matcher).toBe('Bash|Write|Edit|MultiEdit|NotebookEdit|Read|mcp__.*');
    expect(ours.hooks[0]!.command).toContain(AGENT_HOOK_MARKER);
    // Absolute node and script, quoted for sh (the path has a space).
    expect(ours.hooks[0]!.command).toContain(`'/usr/bin/node' '/opt/rt guard/dist/bin.cjs'`);
    expect(settings.hooks.UserPromptSubmit).toHaveLength(1);
    expect(settings.hooks.PostToolUse![0]!.matcher).toBe('*');

    expect(await p.cli('uninstall', '--claude-code')).toBe(0);
    expect(p.read('.claude/settings.json')).toEqual(EXISTING_CLAUDE);
    expect(await p.cli('uninstall', '--claude-code')).toBe(0);
    expect(p.out()).toContain('nothing to do');
  });

  it('refuses to install twice (exit 2), changing nothing', async () => {
    const p = setup();
    expect(await p.cli('install', '--cursor')).toBe(0);
    const before = readFileSync(join(p.dir, '.cursor/hooks.json'), 'utf8');
    expect(await p.cli('install', '--cursor')).toBe(2);
    expect(p.err()).toContain('already in');
    expect(p.err()).toContain('rt-guard agent uninstall --cursor');
    expect(readFileSync(join(p.dir, '.cursor/hooks.json'), 'utf8')).toBe(before);
  });

  it('writes Cursor hooks.json with version 1 and keeps other hooks', async () => {
    const p = setup();
    mkdirSync(join(p.dir, '.cursor'));
    writeFileSync(
      join(p.dir, '.cursor/hooks.json'),
      JSON.stringify({ version: 1, hooks: { afterFileEdit: [{ command: './format.sh' }], stop: [{ command: 'audit' }] } }),
    );
    expect(await p.cli('install', '--cursor')).toBe(0);
    const hooks = (p.read('.cursor/hooks.json') as { version: number; hooks: Record<string, Array<{ command: string }>> }).hooks;
    expect(hooks.afterFileEdit!.map((h) => h.command.slice(0, 11))).toEqual(['./format.sh', `sh -c ': rt`]);
    expect(hooks.stop).toEqual([{ command: 'audit' }]);
    expect(Object.keys(hooks)).toEqual(['afterFileEdit', 'stop', 'beforeSubmitPrompt', 'beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile']);
    expect(await p.cli('uninstall', '--cursor')).toBe(0);
    expect(p.read('.cursor/hooks.json')).toEqual({ version: 1, hooks: { afterFileEdit: [{ command: './format.sh' }], stop: [{ command: 'audit' }] } });
  });

  it('refuses a settings file that is not valid JSON (exit 2) and leaves it alone', async () => {
    const p = setup();
    mkdirSync(join(p.dir, '.claude'));
    const text = '{\n  // my settings\n  "model": "opus",\n}\n';
    writeFileSync(join(p.dir, '.claude/settings.json'), text);
    expect(await p.cli('install', '--claude-code')).toBe(2);
    expect(p.err()).toMatch(/settings\.json is not valid JSON .*fix the file/);
    expect(readFileSync(join(p.dir, '.claude/settings.json'), 'utf8')).toBe(text);
    writeFileSync(join(p.dir, '.claude/settings.json'), '{"hooks": []}');
    expect(await p.cli('install', '--claude-code')).toBe(2);
    expect(p.err()).toContain('"hooks" must be an object');
  });

  it('--user writes the files in HOME; --local writes .claude/settings.local.json', async () => {
    const p = setup();
    expect(await p.cli('install', '--claude-code', '--cursor', '--user')).toBe(0);
    expect(readFileSync(join(p.home, '.claude/settings.json'), 'utf8')).toContain(AGENT_HOOK_MARKER);
    expect(readFileSync(join(p.home, '.cursor/hooks.json'), 'utf8')).toContain(AGENT_HOOK_MARKER);
    expect(await p.cli('install', '--claude-code', '--local')).toBe(0);
    expect(readFileSync(join(p.dir, '.claude/settings.local.json'), 'utf8')).toContain(AGENT_HOOK_MARKER);
    expect(await p.cli('install', '--cursor', '--local')).toBe(2);
  });

  it('refuses to write through a .claude symlink that leads out of the project', async () => {
    const p = setup();
    const elsewhere = join(p.root, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(p.dir, '.claude'));
    expect(await p.cli('install', '--claude-code')).toBe(2);
    expect(p.err()).toContain('symlink that leads outside');
    expect(() => readFileSync(join(elsewhere, 'settings.json'))).toThrow();
  });

  it('needs an agent flag', async () => {
    const p = setup();
    expect(await p.cli('install')).toBe(2);
    expect(p.err()).toContain('--claude-code and/or --cursor');
  });
});

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_BIN, type HookRun, cleanupProjects, generateKey, holdsNoKey, installedCommands, makeProject, runHookCommand, type Project } from './helpers.ts';

/*
 * Cursor's hooks, run as Cursor runs them: the command from .cursor/hooks.json under `sh -c`, the
 * event JSON on stdin (with workspace_roots), the project as cwd. Answers are JSON on stdout.
 */
const keys: string[] = [];
const key = (prefix = 'rt_live_') => {
  const k = generateKey(prefix);
  keys.push(k);
  return k;
};

function setup(): Project & { hook: (event: Record<string, unknown>) => Promise<HookRun> } {
  const project = makeProject();
  const installed = project.cli(['agent', 'install', '--cursor']);
  expect(installed.status, installed.stderr).toBe(0);
  const commands = installedCommands(join(project.dir, '.cursor/hooks.json'));
  expect(Object.keys(commands)).toEqual(['beforeSubmitPrompt', 'beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile', 'afterFileEdit']);
  const hook = async (event: Record<string, unknown>) => {
    const command = commands[String(event.hook_event_name)]![0]!;
    const result = await runHookCommand(
      command,
      { conversation_id: 'c1', generation_id: 'g1', cursor_version: '1.7.0', workspace_roots: [project.dir], ...event },
      { cwd: project.dir, env: project.env },
    );
    expect(holdsNoKey(result.stdout + result.stderr, keys)).toBe(true);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    return result;
  };
  return { ...project, hook };
}

afterEach(cleanupProjects);

describe('Cursor hooks', () => {
  it('beforeSubmitPrompt: stops a prompt with a key ({"continue": false}) and lets others through', async () => {
    const p = setup();
    const k = key('rt_test_');
    const blocked = await p.hook({ hook_event_name: 'beforeSubmitPrompt', prompt: `here is my key ${k}`, attachments: [] });
    expect(blocked.json).toMatchObject({ continue: false });
    expect(String(blocked.json?.user_message)).toContain(`rt_test_…${k.slice(-4)}`);
    expect(String(blocked.json?.user_message)).toContain('RUNTYPE_API_KEY');
    expect((await p.hook({ hook_event_name: 'beforeSubmitPrompt', prompt: 'add retries to the client', attachments: [] })).json).toEqual({ continue: true });
  });

  it('beforeShellExecution: denies a command with a key, with a message for the user and one for the agent', async () => {
    const p = setup();
    const run = await p.hook({ hook_event_name: 'beforeShellExecution', command: `export RUNTYPE_API_KEY=${key()} && npm test`, cwd: p.dir });
    expect(run.json).toMatchObject({ permission: 'deny' });
    expect(String(run.json?.agent_message)).toContain('$RUNTYPE_API_KEY');
    expect(String(run.json?.user_message)).toContain('blocked this shell command');
    expect((await p.hook({ hook_event_name: 'beforeShellExecution', command: 'npm test', cwd: p.dir })).json).toEqual({ permission: 'allow' });
  });

  it('beforeMCPExecution: denies a key in the tool input, sent as a JSON string or as an object', async () => {
    const p = setup();
    const asString = await p.hook({
      hook_event_name: 'beforeMCPExecution',
      tool_name: 'query',
      tool_input: JSON.stringify({ sql: `insert into t values ('${key()}')` }),
      command: 'npx db-mcp',
    });
    expect(asString.json).toMatchObject({ permission: 'deny' });
    const asObject = await p.hook({
      hook_event_name: 'beforeMCPExecution',
      tool_name: 'query',
      tool_input: { headers: { authorization: `Bearer ${key()}` } },
      url: 'http://localhost:3000',
    });
    expect(asObject.json).toMatchObject({ permission: 'deny' });
    expect((await p.hook({ hook_event_name: 'beforeMCPExecution', tool_name: 'query', tool_input: '{"sql":"select 1"}' })).json).toEqual({
      permission: 'allow',
    });
  });

  it('beforeReadFile: allows .env by default, denies it when agent.readDotenv is "deny"', async () => {
    const p = setup();
    const k = key();
    const read = { hook_event_name: 'beforeReadFile', file_path: join(p.dir, '.env'), content: `RUNTYPE_API_KEY=${k}\n`, attachments: [] };
    expect((await p.hook(read)).json).toEqual({ permission: 'allow' });
    p.write('.rt-guard.json', JSON.stringify({ agent: { readDotenv: 'deny' } }));
    expect((await p.hook(read)).json).toMatchObject({ permission: 'deny' });
    expect((await p.hook({ hook_event_name: 'beforeShellExecution', command: 'cat .env.local', cwd: p.dir })).json).toMatchObject({ permission: 'deny' });
    // A source file holding a key is read (the agent may be fixing it), with a warning in Cursor's hook log.
    const source = await p.hook({ hook_event_name: 'beforeReadFile', file_path: join(p.dir, 'src/a.ts'), content: `const k = "${k}";`, attachments: [] });
    expect(source.json).toEqual({ permission: 'allow' });
    expect(source.stderr).toContain('holds a Runtype API key');
  });

  it('afterFileEdit: reports a key written into a file git does not ignore, and is quiet for a git-ignored .env', async () => {
    const p = setup();
    p.write('.gitignore', '.env\n');
    const k = key();
    const leaked = await p.hook({
      hook_event_name: 'afterFileEdit',
      file_path: join(p.dir, 'src/config.ts'),
      edits: [{ old_string: 'x', new_string: `const key = "${k}";` }],
    });
    expect(leaked.json).toEqual({});
    expect(leaked.stderr).toContain('entered the agent');
    expect(leaked.stderr).toContain('src/config.ts');
    const quiet = await p.hook({
      hook_event_name: 'afterFileEdit',
      file_path: join(p.dir, '.env'),
      edits: [{ old_string: '', new_string: `RUNTYPE_API_KEY=${k}` }],
    });
    expect(quiet).toMatchObject({ json: {}, stderr: '' });
  });

  it('allows an unparsable event with a warning', async () => {
    const p = setup();
    const command = installedCommands(join(p.dir, '.cursor/hooks.json')).beforeShellExecution![0]!;
    const run = await runHookCommand(command, '{"hook_event_name":', { cwd: p.dir, env: p.env });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('not valid JSON');
  });

  it('fails closed when rt-guard is gone: a deny answer for every event', async () => {
    const p = setup();
    const copy = join(p.home, 'copy/dist');
    mkdirSync(copy, { recursive: true });
    const commands = installedCommands(join(p.dir, '.cursor/hooks.json'));
    for (const event of ['beforeSubmitPrompt', 'beforeShellExecution', 'beforeReadFile']) {
      const command = commands[event]![0]!.replaceAll(dirname(CLI_BIN), copy);
      expect(command).toContain(join(copy, 'agent-hook.cjs'));
      const run = await runHookCommand(
        command,
        { hook_event_name: event, prompt: 'hi', command: 'ls', file_path: join(p.dir, 'a') },
        { cwd: p.dir, env: p.env },
      );
      expect(run.status).toBe(0);
      expect(run.json).toMatchObject({ continue: false, permission: 'deny' });
      expect(String(run.json?.user_message)).toContain('rt-guard agent install --cursor');
    }
  });
});

import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '@rt-guard/core';
import { startEmulator, type Emulator } from '../api/helpers.ts';
import { CLI_BIN, type HookRun, cleanupProjects, generateKey, holdsNoKey, installedCommands, makeProject, runHookCommand, type Project } from './helpers.ts';

/*
 * Claude Code's hooks, run as Claude Code runs them: the command from .claude/settings.json under
 * `sh -c`, the event JSON on stdin, the project as cwd and CLAUDE_PROJECT_DIR set. Keys are
 * generated per test; every output is checked for full keys.
 */
const keys: string[] = [];
const key = (prefix = 'rt_live_') => {
  const k = generateKey(prefix);
  keys.push(k);
  return k;
};

function setup(): Project & { commands: Record<string, string[]>; hook: (event: Record<string, unknown>, env?: Record<string, string>) => Promise<HookRun> } {
  const project = makeProject();
  const installed = project.cli(['agent', 'install', '--claude-code']);
  expect(installed.status, installed.stderr).toBe(0);
  const commands = installedCommands(join(project.dir, '.claude/settings.json'));
  // The dedicated entry beside bin.cjs: a hook run does not load the whole CLI.
  expect(commands.PreToolUse![0]).toContain(join(dirname(CLI_BIN), 'agent-hook.cjs'));
  const hook = async (event: Record<string, unknown>, env: Record<string, string> = {}) => {
    const name = String(event.hook_event_name);
    // An event the settings do not route to rt-guard is sent through the PreToolUse command.
    const command = commands[name]?.[0] ?? commands.PreToolUse![0]!;
    const result = await runHookCommand(
      command,
      { session_id: 's1', transcript_path: '/tmp/t.jsonl', cwd: project.dir, ...event },
      {
        cwd: project.dir,
        env: { ...project.env, CLAUDE_PROJECT_DIR: project.dir, ...env },
      },
    );
    expect(holdsNoKey(result.stdout + result.stderr, keys)).toBe(true);
    expect(result.stderr).not.toContain('internal error');
    return result;
  };
  return { ...project, commands, hook };
}

const pre = (tool_name: string, tool_input: Record<string, unknown>) => ({ hook_event_name: 'PreToolUse', tool_name, tool_input, tool_use_id: 't1' });
const denied = (run: HookRun) => (run.json?.hookSpecificOutput as { permissionDecision?: string } | undefined)?.permissionDecision === 'deny';

afterEach(cleanupProjects);

describe('Claude Code: UserPromptSubmit', () => {
  it('reads an event that arrives in pieces on a non-blocking stdin (the hook reads fd 0 directly, then as a stream)', async () => {
    const p = setup();
    const k = key();
    const event = JSON.stringify({ hook_event_name: 'UserPromptSubmit', prompt: `try ${k}`, cwd: p.dir });
    // perl (in every git install) sets O_NONBLOCK on stdin, then runs the installed command as Claude Code does.
    const nonBlocking = 'use Fcntl; fcntl(STDIN, F_SETFL, fcntl(STDIN, F_GETFL, 0) | O_NONBLOCK) or die; exec @ARGV';
    const child = spawn('perl', ['-e', nonBlocking, 'sh', '-c', p.commands.UserPromptSubmit![0]!], {
      cwd: p.dir,
      env: { ...p.env, CLAUDE_PROJECT_DIR: p.dir },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.resume();
    child.stdin.write(event.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.stdin.end(event.slice(20));
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ decision: 'block' });
    expect(stdout).toContain(`rt_live_…${k.slice(-4)}`);
    expect(holdsNoKey(stdout, keys)).toBe(true);
  });

  it('blocks a prompt holding a live key, naming it redacted and saying what to do', async () => {
    const p = setup();
    const k = key();
    const run = await p.hook({
      hook_event_name: 'UserPromptSubmit',
      prompt: `why does this fail?\ncurl -H "Authorization: Bearer ${k}" https://api.runtype.com/v1/flows`,
    });
    expect(run.status).toBe(0);
    expect(run.json?.decision).toBe('block');
    const reason = String(run.json?.reason);
    expect(reason).toContain(`rt_live_…${k.slice(-4)}`);
    expect(reason).toContain('line 2 of the prompt');
    expect(reason).toMatch(/\.env/);
    expect(reason).toContain('RUNTYPE_API_KEY');
  });

  it('blocks a test key too', async () => {
    const p = setup();
    const run = await p.hook({ hook_event_name: 'UserPromptSubmit', prompt: `RUNTYPE_API_KEY=${key('rt_test_')}` });
    expect(run.json?.decision).toBe('block');
    expect(String(run.json?.reason)).toContain('test key');
  });

  it('lets a prompt without a key pass silently', async () => {
    const p = setup();
    const run = await p.hook({
      hook_event_name: 'UserPromptSubmit',
      prompt: 'Refactor the flow runner; the key is in RUNTYPE_API_KEY (rt_live_your_api_key_here is a placeholder).',
    });
    expect(run).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });

  it('honours an inline rt-guard:allow comment, the allowlist and failOn, as scan does', async () => {
    const p = setup();
    expect((await p.hook({ hook_event_name: 'UserPromptSubmit', prompt: `demo key ${key()} // rt-guard:allow` })).stdout).toBe('');
    const listed = key();
    p.write('.rt-guard.json', JSON.stringify({ allow: [{ fingerprint: fingerprintOf(listed), reason: 'revoked demo key' }], failOn: 'critical' }));
    expect((await p.hook({ hook_event_name: 'UserPromptSubmit', prompt: `try ${listed}` })).stdout).toBe('');
    // failOn critical: a test key (high) passes, a live key (critical) does not.
    expect((await p.hook({ hook_event_name: 'UserPromptSubmit', prompt: `try ${key('rt_test_')}` })).stdout).toBe('');
    expect((await p.hook({ hook_event_name: 'UserPromptSubmit', prompt: `try ${key()}` })).json?.decision).toBe('block');
  });

  it('keeps checking with the default policy when .rt-guard.json is broken', async () => {
    const p = setup();
    p.write('.rt-guard.json', '{"failOn": "never"');
    const run = await p.hook({ hook_event_name: 'UserPromptSubmit', prompt: key() });
    expect(run.json?.decision).toBe('block');
    expect(run.stderr).toContain('default settings');
  });
});

describe('Claude Code: PreToolUse', () => {
  it('denies a Bash command carrying a key, telling the agent to use the environment', async () => {
    const p = setup();
    const run = await p.hook(pre('Bash', { command: `curl -H "Authorization: Bearer ${key()}" https://api.runtype.com/v1/auth/me`, description: 'check key' }));
    expect(denied(run)).toBe(true);
    const reason = String((run.json?.hookSpecificOutput as Record<string, unknown>).permissionDecisionReason);
    expect(reason).toContain('$RUNTYPE_API_KEY');
    expect(String(run.json?.systemMessage)).toContain('blocked this shell command');
    expect((await p.hook(pre('Bash', { command: 'curl -H "Authorization: Bearer $RUNTYPE_API_KEY" https://api.runtype.com/v1/auth/me' }))).stdout).toBe('');
  });

  it('denies writing a key into a source file, and allows it into a git-ignored .env', async () => {
    const p = setup();
    const k = key();
    expect(denied(await p.hook(pre('Write', { file_path: join(p.dir, 'src/config.ts'), content: `export const key = "${k}";\n` })))).toBe(true);
    // Not ignored yet: .env would be committed.
    expect(denied(await p.hook(pre('Write', { file_path: join(p.dir, '.env'), content: `RUNTYPE_API_KEY=${k}\n` })))).toBe(true);
    p.write('.gitignore', 'node_modules/\n.env*\n!.env.example\n');
    expect((await p.hook(pre('Write', { file_path: join(p.dir, '.env'), content: `RUNTYPE_API_KEY=${k}\n` }))).stdout).toBe('');
    expect((await p.hook(pre('Write', { file_path: '.env.local', content: `RUNTYPE_API_KEY=${k}\n` }))).stdout).toBe('');
    // Re-included by a negation: committed, so blocked.
    expect(denied(await p.hook(pre('Write', { file_path: join(p.dir, '.env.example'), content: `RUNTYPE_API_KEY=${k}\n` })))).toBe(true);
  });

  it('denies a write into a .env that .gitignore names but git already tracks (it would be committed)', async () => {
    const p = setup();
    p.write('.env', 'DEBUG=1\n');
    execFileSync('git', ['add', '.env'], { cwd: p.dir, env: p.env });
    p.write('.gitignore', '.env\n');
    expect(denied(await p.hook(pre('Write', { file_path: join(p.dir, '.env'), content: `RUNTYPE_API_KEY=${key()}\n` })))).toBe(true);
    execFileSync('git', ['rm', '-q', '--cached', '.env'], { cwd: p.dir, env: p.env });
    expect((await p.hook(pre('Write', { file_path: join(p.dir, '.env'), content: `RUNTYPE_API_KEY=${key()}\n` }))).stdout).toBe('');
  });

  it('follows nested .gitignore files: a folder rule, and a deeper negation', async () => {
    const p = setup();
    p.write('.gitignore', 'secrets/\n');
    p.write('app/.gitignore', '.env\n');
    p.write('app/web/.gitignore', '!.env\n');
    const k = key();
    expect((await p.hook(pre('Write', { file_path: join(p.dir, 'secrets/.env'), content: `K=${k}` }))).stdout).toBe('');
    expect((await p.hook(pre('Write', { file_path: join(p.dir, 'app/.env'), content: `K=${k}` }))).stdout).toBe('');
    expect(denied(await p.hook(pre('Write', { file_path: join(p.dir, 'app/web/.env'), content: `K=${k}` })))).toBe(true);
  });

  it('denies a write through a git-ignored .env that is a symlink to a tracked source file', async () => {
    const p = setup();
    p.write('.gitignore', '.env\n');
    p.write('src/config.ts', 'export const x = 1;\n');
    symlinkSync(join(p.dir, 'src/config.ts'), join(p.dir, '.env'));
    expect(denied(await p.hook(pre('Write', { file_path: join(p.dir, '.env'), content: `RUNTYPE_API_KEY=${key()}\n` })))).toBe(true);
  });

  it('denies a write into a git-ignored .env outside the project', async () => {
    const p = setup();
    const outside = join(p.home, 'elsewhere');
    mkdirSync(outside);
    writeFileSync(join(outside, '.gitignore'), '.env\n');
    mkdirSync(join(outside, '.git'));
    expect(denied(await p.hook(pre('Write', { file_path: join(outside, '.env'), content: `K=${key()}` })))).toBe(true);
  });

  it('checks what an edit writes, not what it removes', async () => {
    const p = setup();
    const k = key();
    const file = join(p.dir, 'src/client.ts');
    expect(
      (await p.hook(pre('Edit', { file_path: file, old_string: `const key = "${k}";`, new_string: 'const key = process.env.RUNTYPE_API_KEY;' }))).stdout,
    ).toBe('');
    expect(denied(await p.hook(pre('Edit', { file_path: file, old_string: 'process.env.RUNTYPE_API_KEY', new_string: `"${k}"` })))).toBe(true);
    expect(
      denied(
        await p.hook(
          pre('MultiEdit', {
            file_path: file,
            edits: [
              { old_string: 'a', new_string: 'b' },
              { old_string: 'c', new_string: `key: "${k}"` },
            ],
          }),
        ),
      ),
    ).toBe(true);
    expect(denied(await p.hook(pre('NotebookEdit', { notebook_path: join(p.dir, 'nb.ipynb'), cell_id: 'c1', new_source: `client = Runtype("${k}")` })))).toBe(
      true,
    );
  });

  it('denies an MCP call whose input carries a key anywhere', async () => {
    const p = setup();
    const run = await p.hook(pre('mcp__github__create_issue', { repo: 'a/b', body: { sections: ['intro', `token: ${key()}`] } }));
    expect(denied(run)).toBe(true);
    expect(String(run.json?.systemMessage)).toContain('mcp__github__create_issue');
    expect((await p.hook(pre('mcp__github__create_issue', { repo: 'a/b', body: 'no secrets here' }))).stdout).toBe('');
  });

  it('allows reading .env by default, and denies it when agent.readDotenv is "deny"', async () => {
    const p = setup();
    expect((await p.hook(pre('Read', { file_path: join(p.dir, '.env') }))).stdout).toBe('');
    p.write('.rt-guard.json', JSON.stringify({ agent: { readDotenv: 'deny' } }));
    const run = await p.hook(pre('Read', { file_path: join(p.dir, '.env.local') }));
    expect(denied(run)).toBe(true);
    expect(String(run.json?.systemMessage)).toContain('agent.readDotenv');
    expect((await p.hook(pre('Read', { file_path: join(p.dir, 'src/index.ts') }))).stdout).toBe('');
    // "deny" covers printing a .env from the shell too; loading it without printing is fine.
    expect(denied(await p.hook(pre('Bash', { command: 'cat .env' })))).toBe(true);
    expect(denied(await p.hook(pre('Bash', { command: 'npm test && grep RUNTYPE config/prod.env | head -1' })))).toBe(true);
    expect((await p.hook(pre('Bash', { command: 'set -a; source .env; npm test' }))).stdout).toBe('');
  });
});

describe('Claude Code: PostToolUse', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('tells agent and user a key entered the conversation, with the one command to rotate it', async () => {
    const p = setup();
    const k = key();
    p.write('.env', `OTHER=1\nRUNTYPE_API_KEY=${k}\n`);
    const run = await p.hook({
      hook_event_name: 'PostToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'env' },
      tool_response: { stdout: `PATH=/bin\nRUNTYPE_API_KEY=${k}\n`, stderr: '', interrupted: false },
    });
    expect(run.json?.decision).toBe('block');
    const user = String(run.json?.systemMessage);
    expect(user).toContain('entered the agent');
    expect(user).toContain(`rt_live_…${k.slice(-4)}`);
    expect(user).toContain('rt-guard rotate --env-file .env --var RUNTYPE_API_KEY');
    expect(user).toContain('set RUNTYPE_ADMIN_TOKEN to check');
    expect(String((run.json?.hookSpecificOutput as Record<string, unknown>).additionalContext)).toContain('Do not repeat');
  });

  it('with a management token, says whether the key is live (real HTTP, the emulator)', async () => {
    const p = setup();
    const { plainKey } = emulator.mintKey({ name: 'Agent leak test', permissions: ['FLOWS:READ'] });
    keys.push(plainKey);
    const run = await p.hook(
      { hook_event_name: 'PostToolUse', tool_name: 'mcp__db__query', tool_input: {}, tool_response: [{ type: 'text', text: `row: api_key=${plainKey}` }] },
      { RUNTYPE_API_URL: emulator.url, RUNTYPE_ADMIN_TOKEN: emulator.sessionToken },
    );
    const user = String(run.json?.systemMessage);
    expect(user).toContain('LIVE "Agent leak test"');
    expect(user).toContain('rt-guard rotate --print');
  });

  it('stays silent after reading an allowed .env, and after an edit (its output echoes checked input)', async () => {
    const p = setup();
    const k = key();
    expect(
      (
        await p.hook({
          hook_event_name: 'PostToolUse',
          tool_name: 'Read',
          tool_input: { file_path: join(p.dir, '.env') },
          tool_response: { type: 'text', file: { content: `K=${k}` } },
        })
      ).stdout,
    ).toBe('');
    expect(
      (
        await p.hook({
          hook_event_name: 'PostToolUse',
          tool_name: 'Write',
          tool_input: { file_path: join(p.dir, '.env') },
          tool_response: { content: `K=${k}` },
        })
      ).stdout,
    ).toBe('');
    // Reading a source file that holds a key: reported.
    expect(
      (
        await p.hook({
          hook_event_name: 'PostToolUse',
          tool_name: 'Read',
          tool_input: { file_path: join(p.dir, 'src/a.ts') },
          tool_response: { file: { content: `"${k}"` } },
        })
      ).json?.decision,
    ).toBe('block');
  });
});

describe('Claude Code: robustness', () => {
  it('allows an unparsable or unknown event with a warning on stderr, never a crash', async () => {
    const p = setup();
    const command = p.commands.PreToolUse![0]!;
    const env = { ...p.env, CLAUDE_PROJECT_DIR: p.dir };
    for (const input of ['not json', '[1,2]', '{"tool_name":"Bash"}', '']) {
      const run = await runHookCommand(command, input, { cwd: p.dir, env });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^rt-guard: warning: .*not checked/);
    }
    expect(await p.hook({ hook_event_name: 'Notification', message: 'hi' })).toMatchObject({ status: 0, stdout: '' });
  });

  it('falls back to rt-guard on PATH (the full CLI: rt-guard agent hook) when the recorded one is gone', async () => {
    const p = setup();
    const bin = join(p.home, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'rt-guard'), `#!/bin/sh\nexec '${process.execPath}' '${CLI_BIN}' "$@"\n`, { mode: 0o755 });
    const command = p.commands.UserPromptSubmit![0]!.replaceAll(dirname(CLI_BIN), join(p.home, 'gone'));
    const k = key();
    const run = await runHookCommand(
      command,
      { hook_event_name: 'UserPromptSubmit', prompt: `use ${k}`, cwd: p.dir },
      { cwd: p.dir, env: { ...p.env, PATH: `${bin}:${p.env.PATH}`, CLAUDE_PROJECT_DIR: p.dir } },
    );
    expect(run.status).toBe(0);
    expect(run.json?.decision).toBe('block');
    expect(holdsNoKey(run.stdout + run.stderr, keys)).toBe(true);
  });

  it('fails closed when the rt-guard it was installed from is gone: exit 2 with the reason', async () => {
    const p = setup();
    // Install from a copy of the CLI, then delete the copy.
    const copy = join(p.home, 'rt-guard-copy/dist');
    mkdirSync(copy, { recursive: true });
    copyFileSync(CLI_BIN, join(copy, 'bin.cjs'));
    copyFileSync(join(dirname(CLI_BIN), 'agent-hook.cjs'), join(copy, 'agent-hook.cjs'));
    const command = p.commands.UserPromptSubmit![0]!.replaceAll(dirname(CLI_BIN), copy);
    expect(command).toContain(join(copy, 'agent-hook.cjs'));
    rmSync(copy, { recursive: true });
    const run = await runHookCommand(
      command,
      { hook_event_name: 'UserPromptSubmit', prompt: 'hello' },
      { cwd: p.dir, env: { ...p.env, CLAUDE_PROJECT_DIR: p.dir } },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot find rt-guard');
    expect(run.stderr).toContain('rt-guard agent install --claude-code');
  });
});

/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { clientToken, liveKey, testKey } from '../../../helpers/keys.ts';
import {
  api,
  authStatus,
  createApiKey,
  emulator,
  git,
  hostileRequests,
  keyTarget,
  madeKeys,
  open,
  ours,
  quickFix,
  read,
  root,
  setEmulatorFaults,
  typeManagementToken,
  verifiedHover,
  verifyKeyAt,
  waitFor,
  write,
} from './helpers.ts';

const made = (key: string) => (madeKeys.push(key), key);
const redacted = (key: string) => `${key.slice(0, 8)}…${key.slice(-4)}`;
/** assert.equal for texts that hold a key: a failure message shows them redacted, never the key. */
function assertSameText(actual: string, expected: string): void {
  const hide = (text: string) => text.replace(/(?:rt|tv)_(?:live|test)_[A-Za-z0-9]{16,}/g, redacted);
  assert.ok(actual === expected, `text differs:\n  actual:   ${JSON.stringify(hide(actual))}\n  expected: ${JSON.stringify(hide(expected))}`);
}
const answerAll = (reason = 'e2e fixture') => ({
  confirm: async () => true,
  input: async () => reason,
  warn: async () => undefined,
  offer: async () => undefined,
  pick: async <T>(items: readonly T[]) => items[0],
});
const statusFor = (count: number) => (count === 0 ? undefined : `$(key) ${count} Runtype key${count === 1 ? '' : 's'}`);

/** An in-memory Memento: a fresh "global state" for the once-per-repository hook offer. */
function memoryState(): Pick<vscode.Memento, 'get' | 'update'> {
  const values = new Map<string, unknown>();
  return {
    get: ((key: string, fallback?: unknown) => (values.has(key) ? values.get(key) : fallback)) as vscode.Memento['get'],
    update: async (key: string, value: unknown) => void values.set(key, value),
  };
}

/** The "Runtype keys" view as rows: each file's relative path with its keys' labels and descriptions. */
async function keyTreeRows(): Promise<{ file: string; keys: { label: string; description: string }[] }[]> {
  const tree = (await api()).testing.keyTree;
  const files = (await tree.getChildren()) ?? [];
  return Promise.all(
    files.map(async (file) => ({
      file: String((await tree.getTreeItem(file)).description),
      keys: await Promise.all(
        ((await tree.getChildren(file)) ?? []).map(async (node) => {
          const item = await tree.getTreeItem(node);
          return { label: String(typeof item.label === 'object' ? item.label.label : item.label), description: String(item.description) };
        }),
      ),
    })),
  );
}

describe('rt-guard in a real VS Code extension host', function () {
  this.timeout(60_000);

  before(async () => {
    const rtGuard = await api();
    rtGuard.testing.usePrompts(answerAll());
    const results = process.env['RT_GUARD_E2E_RESULTS'];
    if (results) writeFileSync(results, JSON.stringify({ activationMs: rtGuard.activationMs }));
  });

  it('shows an error for a live key and a warning for a test key, naming only the redacted key', async () => {
    const live = made(liveKey());
    const test = made(testKey());
    const uri = write('src/keys.ts', `export const a = "${live}";\nexport const b = "${test}";\nexport const c = "${made(clientToken())}";\n`);
    await open(uri);
    const diagnostics = await waitFor('two diagnostics', () => ours(uri).length === 2 && ours(uri));
    const bySeverity = diagnostics.map((d) => [d.severity, d.message] as const).sort();
    assert.equal(bySeverity[0]![0], vscode.DiagnosticSeverity.Error);
    assert.match(bySeverity[0]![1], /Runtype live API key/);
    assert.ok(bySeverity[0]![1].includes(redacted(live)));
    assert.equal(bySeverity[1]![0], vscode.DiagnosticSeverity.Warning);
    for (const d of diagnostics) assert.ok(!d.message.includes(live.slice(8)) && !d.message.includes(test.slice(8)));
  });

  it('flags a key typed into an unsaved document (debounced, no save)', async () => {
    const uri = write('src/typed.ts', 'export const x = 1;\n');
    const editor = await open(uri);
    assert.equal(ours(uri).length, 0);
    const key = made(liveKey());
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), `const runtype = "${key}";\n`));
    // Checked at once: later, a slow save elsewhere in the workbench must not decide this test.
    assert.ok(editor.document.isDirty, 'the typed key is not saved');
    await waitFor('a diagnostic while typing', () => ours(uri).length === 1);
  });

  it('the status bar counts the keys: one more when a key is added, back once it is fixed', async () => {
    const rtGuard = await api();
    const before = Number(/(\d+) Runtype key/.exec(rtGuard.testing.statusText() ?? '')?.[1] ?? 0);
    assert.ok(before > 0, `the keys of the tests above are counted: ${rtGuard.testing.statusText()}`);
    const key = made(liveKey());
    const uri = write('src/status.ts', `export const runtypeKey = "${key}";\n`);
    const editor = await open(uri);
    await waitFor(`status "${statusFor(before + 1)}"`, () => rtGuard.testing.statusText() === statusFor(before + 1));
    assert.ok(!rtGuard.testing.statusText()!.includes(key.slice(8)));
    await editor.edit((b) => b.replace(editor.document.lineAt(0).range, 'export const runtypeKey = process.env.RUNTYPE_API_KEY;'));
    await waitFor(`status back to "${statusFor(before)}"`, () => rtGuard.testing.statusText() === statusFor(before));
    await editor.document.save();
  });

  it('"Move to environment variable" edits the file, writes .env, git-ignores it, and clears the diagnostic', async () => {
    const key = made(liveKey());
    write('.env', '# local settings\nOTHER=1\n');
    const uri = write('src/client.ts', `import { Runtype } from "@runtypelabs/sdk";\nconst client = new Runtype({ apiKey: "${key}" });\n`);
    await open(uri);
    await quickFix(uri, 'Move');
    await waitFor('the diagnostic to clear', () => ours(uri).length === 0);
    // Saves go through the remote file system (code-server): the disk may lag the model on a busy machine.
    await waitFor('the file saved without the key', () => !read('src/client.ts').includes(key), 20_000);
    assert.equal(read('src/client.ts'), 'import { Runtype } from "@runtypelabs/sdk";\nconst client = new Runtype({ apiKey: process.env.RUNTYPE_API_KEY });\n');
    assertSameText(read('.env'), `# local settings\nOTHER=1\nRUNTYPE_API_KEY=${key}\n`);
    assert.match(read('.gitignore'), /^\.env$/m);
    // Like the CLI, git-ignored files are not scanned: the key now sits where it belongs.
    const envUri = vscode.Uri.file(join(root(), '.env'));
    await vscode.workspace.openTextDocument(envUri);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(ours(envUri).length, 0);
  });

  it('"Move to environment variable" in Python uses os.environ, adds import os, and never overwrites another key in .env', async () => {
    const key = made(liveKey());
    const uri = write('tool.py', `RUNTYPE = "${key}"\n`);
    await open(uri);
    await quickFix(uri, 'Move');
    await waitFor('the python file to change', () => read('tool.py').includes('os.environ'));
    assert.equal(read('tool.py'), 'import os\nRUNTYPE = os.environ["RUNTYPE_API_KEY_2"]\n');
    const env = read('.env');
    assert.ok(env.startsWith('# local settings\nOTHER=1\nRUNTYPE_API_KEY=rt_live_'), 'the first key stays');
    assert.ok(env.endsWith(`\nRUNTYPE_API_KEY_2=${key}\n`));
  });

  it('"Allow this occurrence" adds an rt-guard:allow comment in the file\'s syntax', async () => {
    const key = made(liveKey());
    const uri = write('scripts/demo.sh', `#!/bin/sh\n  export RUNTYPE_API_KEY=${key}\n`);
    const editor = await open(uri);
    await quickFix(uri, 'Allow this occurrence');
    await waitFor('the diagnostic to clear', () => ours(uri).length === 0);
    assert.equal(editor.document.lineAt(1).text, '  # rt-guard:allow');
  });

  it('"Allowlist" writes the fingerprint with a reason to .rt-guard.json', async () => {
    const key = made(liveKey());
    const uri = write('docs/sample.json', `{ "runtypeKey": "${key}" }\n`);
    await open(uri);
    const actions = await waitFor('actions', async () => {
      const [d] = ours(uri);
      return d && vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
    });
    assert.ok(!actions.some((a) => a.title.startsWith('Allow this occurrence')), 'JSON has no comments');
    await quickFix(uri, 'Allowlist');
    await waitFor('the diagnostic to clear', () => ours(uri).length === 0, 20_000);
    const config = JSON.parse(read('.rt-guard.json')) as { allow: { fingerprint: string; reason: string }[] };
    assert.equal(config.allow.length, 1);
    assert.equal(config.allow[0]!.reason, 'e2e fixture');
    assert.match(config.allow[0]!.fingerprint, /^[0-9a-f]{64}$/);
  });

  it('warns about staged content (not the working tree) through the Git extension', async () => {
    const key = made(liveKey());
    write('staged.env.example', `RUNTYPE_API_KEY=${key}\n`);
    git('add', 'staged.env.example');
    write('staged.env.example', 'RUNTYPE_API_KEY=\n');
    const hits = await waitFor('a staged hit', async () => {
      const found = await (await api()).checkStaged();
      return found.length > 0 && found;
    });
    assert.ok(hits.some((h) => h.uri.fsPath.endsWith('staged.env.example') && h.redacted.includes(redacted(key))));
    git('reset', '-q', 'staged.env.example');
  });

  it('"Unstage" on the staged-key warning takes the file out of the index', async () => {
    const key = made(liveKey());
    let warning = '';
    (await api()).testing.usePrompts({
      ...answerAll(),
      warn: async (message, ...actions) => ((warning = message), actions.includes('Unstage') ? 'Unstage' : undefined),
    });
    try {
      write('unstage-me.ts', `export const RUNTYPE_API_KEY = "${key}";\n`);
      git('add', 'unstage-me.ts');
      await (await api()).checkStaged();
      await waitFor('the file to leave the index', () => !git('diff', '--cached', '--name-only').includes('unstage-me.ts'));
      assert.ok(warning.includes(redacted(key)) && !warning.includes(key), warning);
      assert.ok(read('unstage-me.ts').includes(key), 'the working tree is untouched');
    } finally {
      (await api()).testing.usePrompts(answerAll());
    }
  });

  it('offers the pre-commit hook once per repository', async () => {
    const rtGuard = await api();
    const offers: string[] = [];
    rtGuard.testing.usePrompts({
      ...answerAll(),
      offer: async (message, ...actions) => (offers.push(message), actions.includes('Not now') ? 'Not now' : undefined),
    });
    try {
      const state = memoryState();
      await rtGuard.testing.offerHook(state);
      assert.equal(offers.length, 1, 'a repository without the hook is offered it');
      assert.match(offers[0]!, /pre-commit hook/);
      await rtGuard.testing.offerHook(state);
      assert.equal(offers.length, 1, 'a second trigger for the same repository does not ask again');
      assert.ok(!existsSync(join(root(), '.git/hooks/pre-commit')), '"Not now" installs nothing');
      await rtGuard.testing.offerHook(memoryState());
      assert.equal(offers.length, 2, 'the once-only memory is the state, not a flag in the code');
    } finally {
      rtGuard.testing.usePrompts(answerAll());
    }
  });

  it("guards AI agents: Claude Code and Cursor hooks that run the extension's own CLI; the installed hook blocks a prompt with a key", async () => {
    const ok = await vscode.commands.executeCommand<boolean>('rtGuard.guardAgents', root(), ['claude-code', 'cursor']);
    assert.equal(ok, true, (await api()).logLines().slice(-3).join('\n'));
    try {
      const settings = JSON.parse(read('.claude/settings.json')) as { hooks: Record<string, Array<{ hooks: Array<{ command: string }> }>> };
      const command = settings.hooks['UserPromptSubmit']![0]!.hooks[0]!.command;
      assert.match(command, /rt-guard:agent-hook v1/);
      assert.match(command, /globalStorage\/rt-guard\.rt-guard-vscode\/cli\/(?:agent-hook\.cjs|bin\.cjs)/);
      assert.ok(!command.includes('node_modules'), command);
      assert.match(read('.cursor/hooks.json'), /agent hook --cursor/);
      // Run it as Claude Code does: sh -c, the event on stdin, the project as cwd.
      const key = made(liveKey());
      const event = JSON.stringify({ hook_event_name: 'UserPromptSubmit', prompt: `why does this fail? ${key}`, cwd: root() });
      const out = execFileSync('sh', ['-c', command], { cwd: root(), input: event, env: { ...process.env, CLAUDE_PROJECT_DIR: root() }, encoding: 'utf8' });
      const answer = JSON.parse(out) as { decision?: string; reason?: string };
      assert.equal(answer.decision, 'block');
      assert.ok(answer.reason?.includes(redacted(key)), answer.reason);
      assert.ok(!out.includes(key), 'the answer never holds the key');
      const again = await vscode.commands.executeCommand<boolean>('rtGuard.guardAgents', root(), ['cursor']);
      assert.equal(again, false, 'installing twice is refused');
    } finally {
      rmSync(join(root(), '.claude'), { recursive: true, force: true });
      rmSync(join(root(), '.cursor'), { recursive: true, force: true });
    }
  });

  it('installs the pre-commit hook with the CLI installer, and the hook blocks a commit with a key', async function () {
    const ok = await vscode.commands.executeCommand<boolean>('rtGuard.installHook', root());
    assert.equal(ok, true, (await api()).logLines().slice(-3).join('\n'));
    const hook = readFileSync(join(root(), '.git/hooks/pre-commit'), 'utf8');
    assert.match(hook, /rt-guard:hook v1/);
    // The extension's own CLI (copied to its global storage), not the repository's node_modules/.bin/rt-guard.
    assert.ok(!hook.includes('node_modules'), hook);
    assert.match(hook, /globalStorage\/rt-guard\.rt-guard-vscode\/cli\/bin\.cjs/);
    const key = made(liveKey());
    write('leak.ts', `const RUNTYPE_API_KEY = "${key}";\n`);
    git('add', 'leak.ts');
    let output = '';
    assert.throws(() => {
      try {
        git('commit', '-q', '-m', 'leak');
      } catch (error) {
        output = String((error as { stderr?: string }).stderr ?? '') + String((error as { stdout?: string }).stdout ?? '');
        throw error;
      }
    });
    assert.ok(output.includes(redacted(key)), `hook output names the redacted key: ${output}`);
    assert.ok(!output.includes(key), 'hook output never holds the key');
    assert.ok(!existsSync(join(root(), 'PLANTED_CLI_RAN')), 'the CLI the repository ships never ran');
    git('reset', '-q', 'leak.ts');
  });

  describe('with the Runtype API emulator', function () {
    before(async function () {
      const emu = emulator();
      if (!emu) throw new Error('RT_GUARD_E2E_EMULATOR_URL / RT_GUARD_E2E_SESSION_TOKEN were not passed to the extension host');
      // User settings: the workspace's .vscode/settings.json points apiBaseUrl at the hostile server (issue 10).
      await vscode.workspace.getConfiguration('rtGuard').update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
      await typeManagementToken(emu.sessionToken);
      (await api()).testing.usePrompts(answerAll());
      assert.equal(await (await api()).testing.hasToken(), true);
    });

    it('refuses rtGuard.setManagementToken called with an argument (another extension, a link): the stored token stays', async () => {
      const before = await (await api()).testing.hasToken();
      await vscode.commands.executeCommand('rtGuard.clearManagementToken');
      await vscode.commands.executeCommand('rtGuard.setManagementToken', 'attacker-chosen-token');
      assert.equal(await (await api()).testing.hasToken(), false, 'a token passed as an argument is not stored');
      assert.ok((await api()).logLines().some((l) => l.includes('called with an argument') && l.includes('refused')));
      assert.ok(!(await api()).logLines().join('\n').includes('attacker-chosen-token'));
      await typeManagementToken(emulator()!.sessionToken);
      (await api()).testing.usePrompts(answerAll());
      assert.equal(await (await api()).testing.hasToken(), before);
    });

    it('never sends a request to the apiBaseUrl of the workspace settings (user settings only)', async () => {
      const workspaceSettings = JSON.parse(read('.vscode/settings.json')) as Record<string, unknown>;
      assert.equal(workspaceSettings['rtGuard.apiBaseUrl'], process.env['RT_GUARD_E2E_HOSTILE_URL'], 'the fixture repository sets its own API URL');
      const key = await createApiKey('e2e hostile url');
      const uri = write('src/hostile-url.ts', `const runtypeKey = "${key}";\n`);
      await open(uri);
      const [d] = await waitFor('a diagnostic', () => ours(uri).length > 0 && ours(uri));
      await verifyKeyAt(uri, d!);
      await waitFor('a LIVE diagnostic (the emulator of the user settings answered)', () => ours(uri).some((x) => x.message.includes('LIVE')));
      assert.deepEqual(await hostileRequests(), []);
    });

    it('"Revoke" asks, revokes, and the diagnostic then says revoked', async () => {
      const key = await createApiKey('e2e revoke');
      assert.equal(await authStatus(key), 200);
      const uri = write('src/revoke-me.ts', `const runtypeKey = "${key}";\n`);
      await open(uri);
      let asked = '';
      (await api()).testing.usePrompts({ ...answerAll(), confirm: async (message) => ((asked = message), true), input: async () => undefined });
      await quickFix(uri, 'Revoke');
      (await api()).testing.usePrompts(answerAll());
      assert.match(asked, /Revoke/);
      assert.equal(await authStatus(key), 401);
      await waitFor('a "revoked" diagnostic', () => ours(uri).some((d) => d.message.includes('revoked')));
    });

    it('the "Runtype keys" view lists keys by file with their verification status', async () => {
      const unverified = made(liveKey());
      await open(write('src/tree-unverified.ts', `const runtypeKey = "${unverified}";\n`));
      const rows = await waitFor('the new file in the view', async () => {
        const all = await keyTreeRows();
        return all.some((r) => r.file === 'src/tree-unverified.ts') && all;
      });
      assert.deepEqual(
        rows.map((r) => r.file),
        [...rows.map((r) => r.file)].sort(),
        'files in order',
      );
      const revoked = rows.find((r) => r.file === 'src/revoke-me.ts');
      assert.equal(revoked?.keys.length, 1, JSON.stringify(rows));
      assert.match(revoked!.keys[0]!.description, /line 1 · revoked$/);
      const fresh = rows.find((r) => r.file === 'src/tree-unverified.ts')!;
      assert.deepEqual(fresh.keys, [{ label: redacted(unverified), description: 'Runtype live API key · line 1 · not verified' }]);
      assert.ok(!JSON.stringify(rows).includes(unverified.slice(8)), 'the view shows only redacted keys');
    });

    it('"Rotate" creates a replacement, writes it only to the git-ignored .env, turns every occurrence into an env read, and revokes the old key', async () => {
      const oldKey = await createApiKey('e2e rotate');
      write('.env', `RUNTYPE_API_KEY=${oldKey}\n`);
      write('deploy/config.yaml', `runtype:\n  apiKey: "${oldKey}"\n`);
      const uri = write('src/rotate-me.ts', `export const RUNTYPE_KEY = "${oldKey}";\n`);
      await open(uri);
      await quickFix(uri, 'Rotate');
      // The new key never goes where the old one leaked (issue 10): the files read the environment.
      assert.equal(read('src/rotate-me.ts'), 'export const RUNTYPE_KEY = process.env.RUNTYPE_API_KEY;\n');
      assert.equal(read('deploy/config.yaml'), 'runtype:\n  apiKey: "${RUNTYPE_API_KEY}"\n');
      const newKey = /^RUNTYPE_API_KEY=(rt_live_[A-Za-z0-9]+)$/m.exec(read('.env'))?.[1];
      assert.ok(newKey && newKey !== oldKey, 'a new live key is in .env');
      madeKeys.push(newKey);
      assertSameText(read('.env'), `RUNTYPE_API_KEY=${newKey}\n`);
      assert.match(read('.gitignore'), /^\.env$/m, '.env is git-ignored');
      assert.ok(!git('ls-files', '--others', '--exclude-standard').split('\n').includes('.env'), 'git agrees that .env is ignored');
      const log = (await api()).logLines().slice(-8).join('\n');
      assert.equal(await authStatus(newKey), 200, `new key ${redacted(newKey)} must work:\n${log}`);
      assert.equal(await authStatus(oldKey), 401, `old key ${redacted(oldKey)} must be revoked:\n${log}`);
    });

    it('"Regenerate … now" (emergency rotation) asks, regenerates, wires the new value into the git-ignored .env, and the old value is dead', async () => {
      const oldKey = await createApiKey('e2e emergency');
      const uri = write('src/emergency-me.ts', `export const RUNTYPE_KEY = "${oldKey}";\n`);
      await open(uri);
      const questions: string[] = [];
      (await api()).testing.usePrompts({ ...answerAll(), confirm: async (message) => (questions.push(message), true) });
      try {
        await quickFix(uri, 'Regenerate');
      } finally {
        (await api()).testing.usePrompts(answerAll());
      }
      assert.match(questions.join('\n'), /Regenerate/);
      const name = /^export const RUNTYPE_KEY = process\.env\.(RUNTYPE_API_KEY(?:_\d+)?);\n$/.exec(read('src/emergency-me.ts'))?.[1];
      assert.ok(name, 'the source reads the environment');
      const newKey = new RegExp(`^${name}=(rt_live_[A-Za-z0-9]+)$`, 'm').exec(read('.env'))?.[1];
      assert.ok(newKey && newKey !== oldKey, 'the regenerated value is wired in .env');
      madeKeys.push(newKey);
      assert.equal(await authStatus(newKey), 200, 'the new value works');
      assert.equal(await authStatus(oldKey), 401, 'the old value is dead');
    });

    it('a rotation whose old key was kept is finished later by "Finish a key rotation", which revokes the old key', async () => {
      const oldKey = await createApiKey('e2e rotate later');
      const uri = write('src/rotate-later.ts', `export const RUNTYPE_KEY = "${oldKey}";\n`);
      await open(uri);
      const questions: string[] = [];
      (await api()).testing.usePrompts({ ...answerAll(), confirm: async (message) => (questions.push(message), false) });
      try {
        await quickFix(uri, 'Rotate');
      } finally {
        (await api()).testing.usePrompts(answerAll());
      }
      // .env already holds the first rotation's key under RUNTYPE_API_KEY: this one gets a free name.
      const name = /^export const RUNTYPE_KEY = process\.env\.(RUNTYPE_API_KEY_\d+);\n$/.exec(read('src/rotate-later.ts'))?.[1];
      assert.ok(name, 'the source reads the environment');
      const newKey = new RegExp(`^${name}=(rt_live_[A-Za-z0-9]+)$`, 'm').exec(read('.env'))?.[1];
      assert.ok(newKey && newKey !== oldKey, 'a new key is wired in .env');
      madeKeys.push(newKey);
      assert.match(questions.join('\n'), /Revoke the old key/);
      assert.equal(await authStatus(oldKey), 200, 'the old key is kept when the user says not now');

      let asked = '';
      (await api()).testing.usePrompts({ ...answerAll(), confirm: async (message) => ((asked = message), true) });
      try {
        await vscode.commands.executeCommand('rtGuard.finishRotation');
      } finally {
        (await api()).testing.usePrompts(answerAll());
      }
      assert.ok(asked.includes(`Revoke the old key ${redacted(oldKey)}`), asked);
      assert.ok(!asked.includes(oldKey), 'the question shows the key redacted');
      assert.equal(await authStatus(oldKey), 401, 'the old key is revoked');
      assert.equal(await authStatus(newKey), 200, 'the new key still works');
    });

    it('with rtGuard.verifyOnOpen, verifies keys when a file opens and the diagnostic says LIVE', async () => {
      const settings = vscode.workspace.getConfiguration('rtGuard');
      await settings.update('verifyOnOpen', true, vscode.ConfigurationTarget.Workspace);
      try {
        const key = await createApiKey('verify on open');
        const uri = write('src/on-open.ts', `const runtypeKey = "${key}";\n`);
        await open(uri);
        await waitFor('a LIVE diagnostic', () => ours(uri).some((d) => d.message.includes('LIVE')));
      } finally {
        await settings.update('verifyOnOpen', false, vscode.ConfigurationTarget.Workspace);
      }
    });

    it('hover shows the verified status and the record name, never the key', async () => {
      const key = await createApiKey('Hover check key');
      const uri = write('src/hover.ts', `const runtypeKey = "${key}";\n`);
      await open(uri);
      const [d] = await waitFor('a diagnostic', () => ours(uri).length > 0 && ours(uri));
      await verifyKeyAt(uri, d!);
      const text = await verifiedHover(uri, d!);
      assert.ok(text.includes('Hover check key'));
      assert.ok(text.includes(redacted(key)));
      assert.ok(!text.includes(key));
    });

    it('hover renders a hostile record name inert: no markdown block, no command link, no terminal escape (issue 10)', async () => {
      const hostileName = 'ok\n\n# Owned\n[Set token](command:rtGuard.setManagementToken?%5B%22x%22%5D) \u001b[31m\u202eevil';
      const key = await createApiKey(hostileName);
      const uri = write('src/hover-hostile.ts', `const runtypeKey = "${key}";\n`);
      await open(uri);
      const [d] = await waitFor('a diagnostic', () => ours(uri).length > 0 && ours(uri));
      await verifyKeyAt(uri, d!);
      const markdown = await verifiedHover(uri, d!);
      const nameLine = markdown.split('\n').find((l) => l.startsWith('- Name: '));
      assert.ok(nameLine, markdown);
      assert.ok(nameLine.includes('\\x0a') && nameLine.includes('\\x1b') && nameLine.includes('\\u202e'), nameLine);
      assert.ok(!/[\u0000-\u0009\u000b-\u001f\u202e]/.test(markdown), 'no raw control characters');
      assert.ok(!markdown.split('\n').some((l) => l.startsWith('# ')), 'no heading from the name');
      assert.ok(!markdown.includes('](command:rtGuard.setManagementToken'), 'no command link from the name');
    });

    it("a proxy's 401 (no WWW-Authenticate challenge) says unknown, never invalid, and revoke refuses (issue 11)", async () => {
      const key = await createApiKey('e2e proxy 401');
      const uri = write('src/proxy-401.ts', `const runtypeKey = "${key}";\n`);
      await open(uri);
      const [d] = await waitFor('a diagnostic', () => ours(uri).length > 0 && ours(uri));
      const target = keyTarget(uri, d!);
      await setEmulatorFaults({ proxy401: true });
      try {
        await vscode.commands.executeCommand('rtGuard.verifyKey', target);
        const line = await waitFor('the verification in the log', async () => (await api()).logLines().find((l) => l.includes(`verified ${redacted(key)}:`)));
        assert.ok(line.includes(`verified ${redacted(key)}: unknown`), line);
        assert.ok(
          !ours(uri).some((x) => /rejects it|revoked|LIVE/.test(x.message)),
          ours(uri)
            .map((x) => x.message)
            .join(' | '),
        );
        const revoked = (await api()).logLines().length;
        await vscode.commands.executeCommand('rtGuard.revokeKey', target).then(undefined, () => undefined);
        assert.ok(
          !(await api())
            .logLines()
            .slice(revoked)
            .some((l) => l.includes(`revoked ${redacted(key)}`)),
          'nothing revoked through a proxy',
        );
      } finally {
        await setEmulatorFaults({});
      }
      assert.equal(await authStatus(key), 200, 'the key is still live: a proxy 401 never leads to acting on it');
    });
  });
});

// Top-level suites run in order: this one sees the log of everything above.
describe('after all features ran', function () {
  this.timeout(60_000);

  it('scans the workspace with the command and counts keys', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('rtGuard.scanWorkspace');
    assert.equal(result.cancelled, false);
    assert.ok(result.files > 5 && result.findings > 0, JSON.stringify(result));
  });

  it('"Scan workspace" does not follow a symbolic link out of the workspace (issue 10)', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'rt-guard-outside-'));
    writeFileSync(join(outside, 'other-project.env'), `RUNTYPE_API_KEY=${made(liveKey())}\n`);
    symlinkSync(outside, join(root(), 'linked-home'));
    try {
      const rtGuard = await api();
      await vscode.commands.executeCommand('rtGuard.scanWorkspace');
      const scanned = [...rtGuard.diagnostics.findings.keys()];
      assert.ok(!scanned.some((uri) => uri.includes('linked-home') || uri.includes('other-project')), scanned.join('\n'));
      assert.ok(rtGuard.logLines().some((l) => l.includes('reached through symbolic links skipped')));
    } finally {
      rmSync(join(root(), 'linked-home'));
    }
  });

  it('"Scan workspace" stops early when cancelled and reports it', async () => {
    const bulk = join(root(), 'bulk');
    for (let i = 0; i < 300; i++) write(`bulk/file-${i}.txt`, `line ${i}\n`);
    try {
      const rtGuard = await api();
      const source = new vscode.CancellationTokenSource();
      // Cancel as soon as the scan has scanned its first file.
      const onScan = rtGuard.diagnostics.onDidChange(() => source.cancel());
      const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('rtGuard.scanWorkspace', source.token);
      onScan.dispose();
      source.dispose();
      assert.equal(result.cancelled, true, JSON.stringify(result));
      assert.ok(result.files >= 1 && result.files < 10, `stopped after the first files, not all 300+: ${JSON.stringify(result)}`);
      assert.ok(rtGuard.logLines().some((l) => l.includes(`workspace scan cancelled after ${result.files} files`)));
    } finally {
      rmSync(bulk, { recursive: true, force: true });
    }
  });

  it('sent nothing to the API URL the repository chose', async () => {
    assert.deepEqual(await hostileRequests(), []);
  });

  it('never writes a key to the output channel', async () => {
    const lines = (await api()).logLines().join('\n');
    assert.ok(lines.includes('moved rt_live_…'), 'the log has redacted entries');
    for (const key of madeKeys) assert.ok(!lines.includes(key.slice(8)), `key ${redacted(key)} leaked into the log`);
    assert.ok(existsSync(join(root(), '.env')));
  });
});

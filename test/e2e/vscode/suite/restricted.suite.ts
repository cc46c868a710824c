/// <reference types="mocha" />
// Runs with the folder open in Restricted Mode (Workspace Trust on, folder not trusted). The folder's
// .vscode/settings.json, written by the vitest entry, points rtGuard.apiBaseUrl at a hostile server and
// turns rtGuard.verifyOnOpen on: neither may take effect (issue 10).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { liveKey } from '../../../helpers/keys.ts';
import { api, hostileRequests, madeKeys, open, ours, quickFix, read, root, typeManagementToken, verifyKeyAt, waitFor, write } from './helpers.ts';

const made = (key: string) => (madeKeys.push(key), key);

describe('rt-guard in an untrusted workspace (Restricted Mode)', function () {
  this.timeout(60_000);

  before(async () => {
    await api();
    // The user has a management token: what a hostile apiBaseUrl would steal.
    await typeManagementToken('session-token-typed-by-the-user');
    assert.equal(await (await api()).testing.hasToken(), true);
  });

  it('runs in Restricted Mode, with the repository asking for verifyOnOpen and its own API', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const workspaceSettings = JSON.parse(read('.vscode/settings.json')) as Record<string, unknown>;
    assert.equal(workspaceSettings['rtGuard.apiBaseUrl'], process.env['RT_GUARD_E2E_HOSTILE_URL']);
    assert.equal(workspaceSettings['rtGuard.verifyOnOpen'], true);
    const config = vscode.workspace.getConfiguration('rtGuard');
    assert.equal(config.get('apiBaseUrl'), 'https://api.runtype.com', 'application-scoped: the workspace value is not used');
    assert.equal(config.get('verifyOnOpen'), false, 'restrictedConfigurations: the workspace value is not used');
  });

  it('still flags keys, and opening a file verifies nothing and sends nothing', async () => {
    const key = made(liveKey());
    const uri = write('src/untrusted.ts', `export const runtypeKey = "${key}";\n`);
    await open(uri);
    await waitFor('a diagnostic', () => ours(uri).length === 1);
    // verifyOnOpen would verify now: give it the time it would need.
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(await hostileRequests(), []);
    assert.ok(!(await api()).logLines().some((l) => /verif/i.test(l) && !l.includes('E_WORKSPACE_NOT_TRUSTED')), (await api()).logLines().join('\n'));
  });

  it('"Verify key" explains that verification needs a trusted workspace, and sends nothing', async () => {
    const uri = write('src/verify-untrusted.ts', `const runtypeKey = "${made(liveKey())}";\n`);
    await open(uri);
    const [d] = await waitFor('a diagnostic', () => ours(uri).length > 0 && ours(uri));
    await verifyKeyAt(uri, d!);
    await waitFor('the refusal in the log', async () => (await api()).logLines().some((l) => l.includes('E_WORKSPACE_NOT_TRUSTED')));
    assert.deepEqual(await hostileRequests(), []);
  });

  it('opening a file in a sub-folder whose git config sets core.fsmonitor runs nothing', async () => {
    // The files of a git directory, as a cloned project can carry them in any sub-folder.
    const marker = join(tmpdir(), `rt-guard-fsmonitor-${process.pid}-${Date.now()}`);
    write('vendor/evil/HEAD', 'ref: refs/heads/main\n');
    write('vendor/evil/objects/.keep', '');
    write('vendor/evil/refs/.keep', '');
    write('vendor/evil/config', `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\tfsmonitor = "touch '${marker}'"\n`);
    const uri = write('vendor/evil/app.ts', `export const runtypeKey = "${made(liveKey())}";\n`);
    await open(uri);
    await waitFor('the file scanned', () => ours(uri).length === 1);
    await (await api()).diagnostics.scanDocument(await vscode.workspace.openTextDocument(uri));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(existsSync(marker), false, "the repository's fsmonitor command ran");
  });

  it('in a folder that is not a git repository, "Move to environment variable" git-ignores .env and the key there is not flagged', async () => {
    assert.equal(existsSync(join(root(), '.git')), false, 'the fixture is not a repository');
    const key = made(liveKey());
    const uri = write('src/move-me.ts', `export const client = { apiKey: "${key}" };\n`);
    await open(uri);
    await quickFix(uri, 'Move');
    await waitFor('the key moved', () => existsSync(join(root(), '.env')) && read('.env').includes(key), 20_000);
    assert.match(read('.gitignore'), /^\.env$/m);
    const envUri = vscode.Uri.file(join(root(), '.env'));
    const envDocument = await vscode.workspace.openTextDocument(envUri);
    await (await api()).diagnostics.scanDocument(envDocument);
    assert.deepEqual(ours(envUri), [], 'a key in a git-ignored .env is where it belongs');
    // The same text outside an ignored file is flagged: the scan did run.
    const copy = write('src/env-copy.txt', envDocument.getText());
    await open(copy);
    await waitFor('the copy flagged', () => ours(copy).length === 1);
  });

  it('writes no key through a .env the repository planted as a link to another file', async () => {
    const readme = read('README.md');
    rmSync(join(root(), '.env'));
    symlinkSync('README.md', join(root(), '.env'));
    const key = made(liveKey());
    const uri = write('src/linked-env.ts', `export const client = { apiKey: "${key}" };\n`);
    await open(uri);
    await quickFix(uri, 'Move');
    const refused = async () => (await api()).logLines().some((l) => l.includes('symbolic link'));
    await waitFor('the move to be refused or done', async () => (await refused()) || read('README.md') !== readme);
    assert.equal(read('README.md'), readme, 'the key was written through the link into README.md');
    assert.ok(await refused());
    assert.ok(read('src/linked-env.ts').includes(key), 'nothing was half-moved');
  });

  it('neither offers nor installs the pre-commit hook, and starts no git for staged changes', async () => {
    execFileSync('git', ['init', '-q'], { cwd: root() });
    const rtGuard = await api();
    const offers: string[] = [];
    rtGuard.testing.usePrompts({
      confirm: async () => true,
      input: async () => undefined,
      warn: async () => undefined,
      offer: async (message) => (offers.push(message), 'Install hook'),
      pick: async () => undefined,
    });
    try {
      await rtGuard.testing.offerHook({ get: ((_key: string, fallback?: unknown) => fallback) as vscode.Memento['get'], update: async () => {} });
      assert.deepEqual(offers, []);
      const installed = await vscode.commands.executeCommand<boolean>('rtGuard.installHook', root());
      assert.equal(installed, false);
      assert.ok(!existsSync(join(root(), '.git/hooks/pre-commit')));
      assert.deepEqual(await rtGuard.checkStaged(), []);
    } finally {
      rtGuard.testing.usePrompts(undefined);
    }
  });

  it('does not guard AI agents until the workspace is trusted (the hooks would run code on every prompt)', async () => {
    const installed = await vscode.commands.executeCommand<boolean>('rtGuard.guardAgents', root(), ['claude-code', 'cursor']);
    assert.equal(installed, false);
    assert.ok(!existsSync(join(root(), '.claude/settings.json')));
    assert.ok(!existsSync(join(root(), '.cursor/hooks.json')));
  });

  it('sent nothing to the API URL the repository chose', async () => {
    assert.deepEqual(await hostileRequests(), []);
  });
});

/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { liveKey, testKey } from '../../../helpers/keys.ts';
import type { ServerOnlyResult } from '../../../../extension-vscode/src/host/make-server-only.ts';
import { madeKeys, open, ours, read, waitFor, write } from './helpers.ts';

const made = (key: string) => (madeKeys.push(key), key);

describe('Make this server-only (exposure, issue 15)', function () {
  this.timeout(60_000);

  it('renames a NEXT_PUBLIC_ key variable in every .env file and lists the code that reads it', async () => {
    const live = made(liveKey());
    const test = made(testKey());
    const env = write('.env.local', `# runtype\nNEXT_PUBLIC_RUNTYPE_API_KEY=${live}\nNEXT_PUBLIC_THEME=dark\n`);
    write('apps/web/.env.production', `export NEXT_PUBLIC_RUNTYPE_API_KEY=${test}\n`);
    write('src/client.ts', 'export const key = process.env.NEXT_PUBLIC_RUNTYPE_API_KEY;\nexport const other = process.env.NEXT_PUBLIC_RUNTYPE_API_KEY_OLD;\n');
    await open(env);
    const [diagnostic] = await waitFor('a diagnostic on the public variable', () => ours(env).length > 0 && ours(env));
    assert.match(diagnostic!.message, /Shipped to browsers: NEXT_PUBLIC_RUNTYPE_API_KEY/);
    assert.match(diagnostic!.message, /client token \(ct_…\)/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', env, diagnostic!.range);
    const action = actions.find((a) => a.title.startsWith('Make this server-only'));
    assert.ok(action?.command, `no "Make this server-only" among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.match(action.title, /NEXT_PUBLIC_RUNTYPE_API_KEY to RUNTYPE_API_KEY/);
    const result = await vscode.commands.executeCommand<ServerOnlyResult>(action.command.command, ...(action.command.arguments ?? []));
    assert.equal(read('.env.local'), `# runtype\nRUNTYPE_API_KEY=${live}\nNEXT_PUBLIC_THEME=dark\n`);
    assert.equal(read('apps/web/.env.production'), `export RUNTYPE_API_KEY=${test}\n`);
    assert.equal(result.renamed.length, 2);
    assert.deepEqual(
      result.reads.map((l) => [vscode.workspace.asRelativePath(l.uri), l.range.start.line, l.range.start.character]),
      [['src/client.ts', 0, 31]],
    );
    // Renamed, the key is no longer client-exposed: the editor says so.
    await waitFor('the diagnostic to drop the browser warning', () => ours(env).length === 1 && !/Shipped to browsers/.test(ours(env)[0]!.message));
  });

  it('is not offered for a key in a server file, nor for a client file without a public variable', async () => {
    for (const [file, text] of [
      ['server/settings.ts', `export const RUNTYPE_API_KEY = "${made(liveKey())}";\n`],
      ['public/config.js', `window.runtypeKey = "${made(liveKey())}";\n`],
    ] as const) {
      const uri = write(file, text);
      await open(uri);
      const [diagnostic] = await waitFor(`a diagnostic in ${file}`, () => ours(uri).length > 0 && ours(uri));
      assert.equal(/Shipped to browsers/.test(diagnostic!.message), file === 'public/config.js', diagnostic!.message);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range);
      assert.ok(actions.length > 0 && !actions.some((a) => a.title.startsWith('Make this server-only')), actions.map((a) => a.title).join(' | '));
    }
  });
});

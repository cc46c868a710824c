import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { RtGuardApi } from '../../../../extension-vscode/src/extension.ts';

/** Every key a test made; the output channel check proves none of them was logged. */
export const madeKeys: string[] = [];

export function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e run must open a workspace folder');
  return folder.uri.fsPath;
}

export function write(relative: string, text: string): vscode.Uri {
  const path = join(root(), relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return vscode.Uri.file(path);
}

export function read(relative: string): string {
  return readFileSync(join(root(), relative), 'utf8');
}

export function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: root(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function api(): Promise<RtGuardApi> {
  const extension = vscode.extensions.getExtension<RtGuardApi>('rt-guard.rt-guard-vscode');
  if (!extension) throw new Error('rt-guard extension not found');
  const exports = extension.isActive ? extension.exports : await extension.activate();
  // The extension returns its API in a test run only (ExtensionMode.Test).
  if (!exports) throw new Error('rt-guard returned no API: is the host running in test mode?');
  return exports;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rt-guard');
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/** Runs the quick fix whose title starts with `title` on the first rt-guard diagnostic of `uri`. */
export async function quickFix(uri: vscode.Uri, title: string): Promise<void> {
  const [diagnostic] = await waitFor('a diagnostic to fix', () => ours(uri).length > 0 && ours(uri));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range);
  const action = actions.find((a) => a.title.startsWith(title));
  if (!action?.command) throw new Error(`no quick fix "${title}" among: ${actions.map((a) => a.title).join(' | ')}`);
  await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** The local API emulator the vitest entry started (env passed through runTests → code-server). */
export function emulator(): { url: string; sessionToken: string } | undefined {
  const url = process.env['RT_GUARD_E2E_EMULATOR_URL'];
  const sessionToken = process.env['RT_GUARD_E2E_SESSION_TOKEN'];
  return url && sessionToken ? { url, sessionToken } : undefined;
}

export async function createApiKey(name: string): Promise<string> {
  const emu = emulator()!;
  const response = await fetch(`${emu.url}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emu.sessionToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, permissions: ['FLOWS:READ', 'RECORDS:READ'] }),
  });
  if (response.status !== 200 && response.status !== 201) throw new Error(`emulator refused to create a key: ${response.status}`);
  const body = (await response.json()) as { plainKey: string };
  madeKeys.push(body.plainKey);
  return body.plainKey;
}

/** Sets the emulator's faults (test/emulator/faults.mjs) through its control endpoint; `{}` clears them. */
export async function setEmulatorFaults(faults: Record<string, unknown>): Promise<void> {
  const emu = emulator()!;
  const response = await fetch(`${emu.url}/__emulator/faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emu.sessionToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (response.status !== 200) throw new Error(`emulator refused the faults: ${response.status}`);
}

/** GET /v1/auth/me with the key: 200 live, 401 revoked. */
export async function authStatus(key: string): Promise<number> {
  const response = await fetch(`${emulator()!.url}/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } });
  return response.status;
}

/**
 * What the "hostile" server (a repository's `.vscode/settings.json` points rtGuard.apiBaseUrl at it)
 * received: every request, with whether it carried an Authorization header. Must stay empty.
 */
export async function hostileRequests(): Promise<{ method: string; url: string; hasAuthorization: boolean }[]> {
  const url = process.env['RT_GUARD_E2E_HOSTILE_URL'];
  if (!url) throw new Error('RT_GUARD_E2E_HOSTILE_URL was not passed to the extension host');
  const response = await fetch(`${url}/__rt_guard_requests`);
  return (await response.json()) as { method: string; url: string; hasAuthorization: boolean }[];
}

/** Stores the management token the way a user does: typed into the input box (a command argument is refused). */
export async function typeManagementToken(token: string): Promise<void> {
  const rtGuard = await api();
  rtGuard.testing.usePrompts({
    confirm: async () => true,
    input: async () => token,
    warn: async () => undefined,
    offer: async () => undefined,
    pick: async (items) => items[0],
  });
  try {
    await vscode.commands.executeCommand('rtGuard.setManagementToken');
  } finally {
    rtGuard.testing.usePrompts(undefined);
  }
}

/** The command argument a hover link or quick fix passes for the key under diagnostic `d` in `uri`. */
export function keyTarget(uri: vscode.Uri, d: vscode.Diagnostic): { uri: string; fingerprint: string; line: number; column: number } {
  return { uri: uri.toString(), fingerprint: '', line: d.range.start.line + 1, column: d.range.start.character + 1 };
}

/** Runs "Verify key" on the key under diagnostic `d`, as its hover link does. */
export async function verifyKeyAt(uri: vscode.Uri, d: vscode.Diagnostic): Promise<void> {
  await vscode.commands.executeCommand('rtGuard.verifyKey', keyTarget(uri, d));
}

/** The hover text over the key under diagnostic `d`, once it shows the key verified live. */
export function verifiedHover(uri: vscode.Uri, d: vscode.Diagnostic): Promise<string> {
  return waitFor('a verified hover', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, d.range.start.translate(0, 2));
    const all = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    return all.includes('**live**') && all;
  });
}

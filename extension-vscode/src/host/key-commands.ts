import { CONFIG_FILE_NAME, revokeLeakedKey, type FindingWithSecret } from '@rt-guard/core';
import * as vscode from 'vscode';
import { addAllowEntry } from '../logic/allowlist-edit.ts';
import { COMMANDS, type KeyTarget } from './code-actions.ts';
import { allowCommentLine } from '../logic/comment-syntax.ts';
import type { DiagnosticsController } from './diagnostics.ts';
import type { EditorKeyService } from '../logic/key-service.ts';
import { moveToEnv } from './move-to-env.ts';
import { withNextStepText } from '../logic/next-step-text.ts';
import { describeError, type Log } from './output.ts';
import type { Prompts } from './prompts.ts';
import { finishPendingRotation, rotateKey } from './rotate-key.ts';
import type { TokenStore } from './secret-store.ts';
import type { Settings } from '../logic/settings-schema.ts';
import { kindName } from '../logic/to-diagnostic.ts';

export interface KeyCommandDeps {
  diagnostics: DiagnosticsController;
  keys: EditorKeyService;
  tokens: TokenStore;
  log: Log;
  settings: () => Settings;
  prompts: Prompts;
  /** Workspace storage for rotation journals. */
  memento: vscode.Memento;
}

/** The document and finding a command targets; from a code action, a hover link or the cursor. */
export async function resolveTarget(
  diagnostics: DiagnosticsController,
  target: KeyTarget | undefined,
): Promise<{ document: vscode.TextDocument; finding: FindingWithSecret } | undefined> {
  if (!target) {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const finding = diagnostics.findingAt(editor.document.uri, editor.selection.active);
    return finding ? { document: editor.document, finding } : undefined;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
  await diagnostics.scanDocument(document);
  const list = diagnostics.findings.get(document.uri.toString()) ?? [];
  const finding =
    list.find((f) => (target.fingerprint === '' || f.fingerprint === target.fingerprint) && f.line === target.line && f.column === target.column) ??
    list.find((f) => f.fingerprint === target.fingerprint);
  return finding ? { document, finding } : undefined;
}

/** Registers the per-key commands (move, allow, allowlist, verify, revoke, token). */
export function registerKeyCommands(deps: KeyCommandDeps): vscode.Disposable[] {
  const { diagnostics, keys, tokens, log, prompts } = deps;
  const withTarget = (run: (document: vscode.TextDocument, finding: FindingWithSecret) => Promise<unknown>) => async (target?: KeyTarget) => {
    const resolved = await resolveTarget(diagnostics, target);
    if (!resolved) {
      void vscode.window.showInformationMessage('rt-guard: put the cursor on a Runtype key first.');
      return;
    }
    try {
      await run(resolved.document, resolved.finding);
    } catch (error) {
      log.error(`command failed for ${resolved.finding.redacted}`, error);
      void vscode.window.showErrorMessage(`rt-guard: ${describeError(error)}`);
    }
  };

  return [
    vscode.commands.registerCommand(
      COMMANDS.moveToEnv,
      withTarget(async (document, finding) => {
        const name = await moveToEnv(document, finding, deps.settings().envVarName);
        if (name) log.info(`moved ${finding.redacted} from ${finding.file}:${finding.line} to .env as ${name}`);
      }),
    ),

    vscode.commands.registerCommand(
      COMMANDS.allowOccurrence,
      withTarget(async (document, finding) => {
        const line = document.lineAt(finding.line - 1);
        const comment = allowCommentLine(document.languageId, line.text);
        if (!comment) throw new Error(`${document.languageId} files have no comments: allowlist the key in ${CONFIG_FILE_NAME} instead.`);
        const edit = new vscode.WorkspaceEdit();
        edit.insert(document.uri, line.range.start, `${comment}${document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'}`);
        await vscode.workspace.applyEdit(edit);
        log.info(`allowed ${finding.redacted} at ${finding.file}:${finding.line} with an inline comment`);
      }),
    ),

    vscode.commands.registerCommand(
      COMMANDS.allowlistFingerprint,
      withTarget(async (document, finding) => {
        const folder = vscode.workspace.getWorkspaceFolder(document.uri);
        if (!folder) throw new Error(`open the file inside a workspace folder to edit its ${CONFIG_FILE_NAME}.`);
        const reason = await prompts.input({
          title: `Allowlist ${finding.redacted}`,
          prompt: 'Why may this key stay in the code? (stored in .rt-guard.json)',
          validateInput: (value) => (value.trim() === '' ? 'A reason is required.' : undefined),
        });
        if (reason === undefined) return;
        const uri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        let text: string | undefined = open?.getText();
        if (text === undefined) {
          try {
            text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          } catch {
            text = undefined;
          }
        }
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(addAllowEntry(text, finding.fingerprint, reason)));
        log.info(`allowlisted ${finding.redacted} (fingerprint ${finding.fingerprint.slice(0, 12)}…) in ${CONFIG_FILE_NAME}`);
        await diagnostics.rescanAll();
      }),
    ),

    vscode.commands.registerCommand(
      COMMANDS.verifyKey,
      withTarget(async (_document, finding) => {
        const verification = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Verifying ${finding.redacted}` }, () =>
          keys.verify(finding, { force: true }),
        );
        log.info(`verified ${finding.redacted}: ${verification.status}${verification.reason ? ` (${verification.reason})` : ''}`);
        if (diagnostics.states.get(finding.fingerprint) !== 'revoked') diagnostics.setState(finding.fingerprint, verification.status);
      }),
    ),

    vscode.commands.registerCommand(
      COMMANDS.revokeKey,
      withTarget(async (_document, finding) => {
        const token = await requireToken(tokens, 'revoke');
        if (!token) return;
        const isSure = await prompts.confirm(
          `Revoke ${kindName(finding)} ${finding.redacted}?`,
          'Every application using this key stops working at once. This cannot be undone.',
          'Revoke',
        );
        if (!isSure) return;
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Revoking ${finding.redacted}` }, async () => {
          // core's revokeLeakedKey: find the one record, DELETE, prove it, mark it invalid in the cache.
          const result = await revokeLeakedKey(finding.secret, { client: keys.client(), now: () => new Date(), managementToken: token, cache: keys.cache });
          if (result.status === 'refused' || result.status === 'failed') {
            throw new Error(withNextStepText(`cannot revoke ${finding.redacted}: ${result.error?.message ?? 'revoke failed.'}`, result.nextStep));
          }
          if (result.status === 'unconfirmed')
            throw new Error(`the API accepted the revocation of ${finding.redacted}, but the key still works. Check the dashboard.`);
        });
        log.info(`revoked ${finding.redacted}`);
        diagnostics.setState(finding.fingerprint, 'revoked');
        void vscode.window.showInformationMessage(`rt-guard: ${finding.redacted} is revoked. Remove it from the code.`);
      }),
    ),

    vscode.commands.registerCommand(
      COMMANDS.rotateKey,
      withTarget(async (document, finding) => {
        const folder = vscode.workspace.getWorkspaceFolder(document.uri);
        if (!folder) throw new Error('open the file inside a workspace folder to rotate its key.');
        const token = await requireToken(tokens, 'rotate');
        if (!token) return;
        const journal = await rotateKey({ finding, folder, token, keys, memento: deps.memento, envVarName: deps.settings().envVarName, prompts, log });
        if (journal?.state === 'done') diagnostics.setState(finding.fingerprint, 'revoked');
        await diagnostics.rescanAll();
        if (journal)
          void vscode.window.showInformationMessage(
            `rt-guard: ${finding.redacted} rotated to ${journal.newRedacted ?? 'a new key'}${journal.state === 'done' ? '; the old key is revoked.' : '; the old key still works until you revoke it ("rt-guard: Finish a key rotation").'}`,
          );
      }),
    ),

    vscode.commands.registerCommand(
      COMMANDS.rotateKeyEmergency,
      withTarget(async (document, finding) => {
        const folder = vscode.workspace.getWorkspaceFolder(document.uri);
        if (!folder) throw new Error('open the file inside a workspace folder to rotate its key.');
        const isSure = await prompts.confirm(
          `Regenerate ${finding.redacted} now?`,
          'For a key known to be leaked: the current value stops working at once, everywhere, before the new one is wired here.',
          'Regenerate',
        );
        if (!isSure) return;
        const token = await requireToken(tokens, 'rotate');
        if (!token) return;
        const journal = await rotateKey({
          finding,
          folder,
          token,
          keys,
          memento: deps.memento,
          envVarName: deps.settings().envVarName,
          prompts,
          log,
          mode: 'emergency',
        });
        if (journal?.state === 'done') diagnostics.setState(finding.fingerprint, 'revoked');
        await diagnostics.rescanAll();
        if (journal)
          void vscode.window.showInformationMessage(
            `rt-guard: ${finding.redacted} regenerated; the new value ${journal.newRedacted ?? ''} is in .env and the old one no longer works.`,
          );
      }),
    ),

    vscode.commands.registerCommand(COMMANDS.finishRotation, async () => {
      try {
        const done = await finishPendingRotation({ memento: deps.memento, keys, token: () => requireToken(tokens, 'revoke'), prompts, log });
        if (done)
          void vscode.window.showInformationMessage(
            `rt-guard: ${done.oldRedacted} is revoked; the rotation to ${done.newRedacted ?? 'the new key'} is complete.`,
          );
      } catch (error) {
        log.error('finishing a rotation failed', error);
        void vscode.window.showErrorMessage(`rt-guard: ${describeError(error)}`);
      }
    }),

    vscode.commands.registerCommand(COMMANDS.setToken, async (...args: unknown[]) => {
      // Another extension or a `command:` link could pass its own token (issue 10): only the user types it.
      if (args.some((arg) => arg !== undefined)) {
        log.warn(`${COMMANDS.setToken} was called with an argument (by another extension or a link); refused`);
        void vscode.window.showWarningMessage(
          'rt-guard: something tried to set the management token for you; refused. Only a token you type in "rt-guard: Set management token" is stored.',
        );
        return;
      }
      const token = await prompts.input({
        title: 'Runtype management token',
        prompt: 'A dashboard session token or an API key allowed to manage keys. Stored in VS Code SecretStorage only.',
        password: true,
        ignoreFocusOut: true,
      });
      if (!token) return;
      await tokens.set(token.trim());
      log.info('management token stored in SecretStorage');
    }),

    vscode.commands.registerCommand(COMMANDS.clearToken, async () => {
      await tokens.clear();
      log.info('management token cleared');
    }),
  ];
}

/** The management token, or undefined after telling the user how to set one. */
export async function requireToken(tokens: TokenStore, what: string): Promise<string | undefined> {
  const token = await tokens.get();
  if (token) return token;
  const choice = await vscode.window.showWarningMessage(
    `rt-guard: to ${what} a key, set a management token (a dashboard session token, or an API key with key-management permissions).`,
    'Set management token',
  );
  if (choice === 'Set management token') await vscode.commands.executeCommand(COMMANDS.setToken);
  return tokens.get();
}

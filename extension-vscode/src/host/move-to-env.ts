import type { FindingWithSecret } from '@rt-guard/core';
import * as vscode from 'vscode';
import { ensureGitignored, freeDotenvName, setDotenvValue } from '../logic/dotenv-edit.ts';
import { missingImport, replaceKeyOnLine } from '../logic/env-replacement.ts';
import { gitignoreTextIgnores } from '../logic/gitignore-judge.ts';
import { assertSafeKeyFiles } from '../logic/key-file-guard.ts';

/**
 * The "Move to environment variable" quick fix: replaces the key by the language's env-var read
 * (the configured name, or `NAME_2`… when `.env` already holds another key under it),
 * writes it to `.env` at the workspace folder root (created if missing) and makes sure git ignores
 * `.env`. Everything is one WorkspaceEdit, so one Undo reverts all of it.
 */
export async function moveToEnv(document: vscode.TextDocument, finding: FindingWithSecret, envVarName: string): Promise<string | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder) {
    void vscode.window.showWarningMessage('rt-guard: open the file inside a workspace folder to move the key to its .env file.');
    return undefined;
  }
  const envUri = vscode.Uri.joinPath(folder.uri, '.env');
  const gitignoreUri = vscode.Uri.joinPath(folder.uri, '.gitignore');
  if (folder.uri.scheme === 'file')
    await assertSafeKeyFiles([
      [envUri.fsPath, '.env'],
      [gitignoreUri.fsPath, '.gitignore'],
    ]);
  const name = freeDotenvName(await currentText(envUri), envVarName, finding.secret);
  const edit = new vscode.WorkspaceEdit();
  const line = document.lineAt(finding.line - 1);
  const replacement = replaceKeyOnLine(document.languageId, line.text, finding.column - 1, finding.endColumn - 1, name);
  edit.replace(document.uri, new vscode.Range(line.lineNumber, replacement.start, line.lineNumber, replacement.end), replacement.text);
  const needed = missingImport(document.languageId, document.getText());
  if (needed) edit.insert(document.uri, new vscode.Position(needed.line, 0), needed.text);

  await setWholeFile(edit, envUri, (text) => setDotenvValue(text, name, finding.secret));
  const isIgnored = isEnvIgnored(await readText(gitignoreUri));
  await setWholeFile(edit, gitignoreUri, (text) => ensureGitignored(text, isIgnored));

  const wasDirty = document.isDirty;
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: false });
  if (!applied) return undefined;
  // The key must leave the disk too: save .env/.gitignore always, the source if it was clean before.
  // .gitignore first: .env must already be ignored when it is scanned on open.
  for (const uri of [gitignoreUri, envUri]) {
    // openTextDocument returns the model the edit changed (or loads a file that is already saved).
    const changed = await vscode.workspace.openTextDocument(uri).then(
      (d) => d,
      () => undefined,
    );
    if (changed?.isDirty) await changed.save();
  }
  if (!wasDirty) await document.save();
  return name;
}

/** Adds to `edit` a full rewrite (or creation) of `uri`; `change` returns undefined for "no change". */
async function setWholeFile(edit: vscode.WorkspaceEdit, uri: vscode.Uri, change: (text: string | undefined) => string | undefined): Promise<void> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = await currentText(uri);
  const next = change(text);
  if (next === undefined || next === text) return;
  if (text === undefined) {
    // Written with the file, so the new file is on disk without a separate save (undo deletes it).
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(next) });
    return;
  }
  const document = open ?? (await vscode.workspace.openTextDocument(uri));
  edit.replace(uri, new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end), next);
}

async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : readText(uri);
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * Judged from the committed `.gitignore` only: a global excludes file or `.git/info/exclude` would
 * protect this clone but not a teammate's.
 */
function isEnvIgnored(gitignore: string | undefined): boolean {
  return gitignore !== undefined && gitignoreTextIgnores(gitignore, '.env');
}

import * as vscode from 'vscode';
import type { DiagnosticsController } from './diagnostics.ts';
import { isReachedThroughLink } from '../logic/linked-path.ts';
import type { Log } from './output.ts';

const DEFAULT_EXCLUDE = '{**/node_modules/**,**/.git/**,**/dist/**,**/*.vsix,**/.cache/**}';
/** Files larger than this are skipped by the workspace scan (the CLI scans them in chunks). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * "Scan workspace": every file in the workspace, with a cancellable progress notification.
 * Open documents are scanned from their (possibly unsaved) text. `external` also stops it (a caller's
 * token, e.g. a test, which cannot click the notification's Cancel button).
 */
export async function scanWorkspace(
  diagnostics: DiagnosticsController,
  log: Log,
  external?: vscode.CancellationToken,
): Promise<{ files: number; findings: number; cancelled: boolean }> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'rt-guard: scanning the workspace for Runtype keys', cancellable: true },
    async (progress, fromUi) => {
      const source = new vscode.CancellationTokenSource();
      const links = [fromUi, ...(external ? [external] : [])].map((token) => token.onCancellationRequested(() => source.cancel()));
      if (fromUi.isCancellationRequested || external?.isCancellationRequested) source.cancel();
      try {
        return await scanFiles(diagnostics, log, progress, source.token);
      } finally {
        links.forEach((link) => link.dispose());
        source.dispose();
      }
    },
  );
}

/** True for a CancellationToken passed as a command argument (not a tree node or a URI). */
export function isCancellationToken(value: unknown): value is vscode.CancellationToken {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { isCancellationRequested?: unknown }).isCancellationRequested === 'boolean' &&
    typeof (value as { onCancellationRequested?: unknown }).onCancellationRequested === 'function'
  );
}

async function scanFiles(
  diagnostics: DiagnosticsController,
  log: Log,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  cancel: vscode.CancellationToken,
): Promise<{ files: number; findings: number; cancelled: boolean }> {
  const uris = await vscode.workspace.findFiles('**/*', DEFAULT_EXCLUDE, undefined, cancel);
  let files = 0;
  let findings = 0;
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  let linked = 0;
  for (const uri of uris) {
    if (cancel.isCancellationRequested) break;
    // search.followSymlinks lets findFiles walk into `link -> /home/you`: never scan outside the workspace.
    const folder = uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    if (folder && (await isReachedThroughLink(uri.fsPath, folder.uri.fsPath))) {
      linked++;
      continue;
    }
    files++;
    if (files % 50 === 0) progress.report({ message: `${files}/${uris.length} files`, increment: (50 / uris.length) * 100 });
    const document = open.get(uri.toString());
    let text: string;
    if (document) text = document.getText();
    else {
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.size > MAX_FILE_BYTES) continue;
        const bytes = await vscode.workspace.fs.readFile(uri);
        if (bytes.subarray(0, 8000).includes(0)) continue; // binary
        text = new TextDecoder().decode(bytes);
      } catch (error) {
        log.warn(`could not read ${uri.fsPath}: ${String(error)}`);
        continue;
      }
    }
    findings += (await diagnostics.scanText(uri, text)).length;
  }
  const cancelled = cancel.isCancellationRequested;
  if (linked > 0) log.info(`workspace scan: ${linked} file(s) reached through symbolic links skipped`);
  log.info(`workspace scan ${cancelled ? 'cancelled after' : 'done:'} ${files} files, ${findings} keys`);
  return { files, findings, cancelled };
}

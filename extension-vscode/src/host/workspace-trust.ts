import * as vscode from 'vscode';

/**
 * Runs `start` now when the workspace is trusted, else once the user grants trust. What installs or
 * runs code, or starts git, goes through here (issue 10: Restricted Mode).
 */
export function whenTrusted(start: () => void): vscode.Disposable {
  if (vscode.workspace.isTrusted) {
    start();
    return { dispose() {} };
  }
  return vscode.workspace.onDidGrantWorkspaceTrust(() => start());
}

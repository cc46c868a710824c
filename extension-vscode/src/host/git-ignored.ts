import * as vscode from 'vscode';
import { createGitignoreJudge } from '../logic/gitignore-judge.ts';

/**
 * Whether git ignores a file, judged in-process from the `.gitignore` files (never by running git:
 * issue 10). The CLI's walk skips ignored files, so the editor does too: a key in a git-ignored
 * `.env` is where "Move to environment variable" puts it on purpose. Cached per folder; the cache
 * is cleared whenever a .gitignore changes.
 */
export function createGitIgnoredCheck(): {
  isIgnored(uri: vscode.Uri, folder: vscode.WorkspaceFolder): Promise<boolean>;
  readonly onDidChange: vscode.Event<void>;
} & vscode.Disposable {
  const judge = createGitignoreJudge();
  const watcher = vscode.workspace.createFileSystemWatcher('**/{.gitignore,.git}');
  const changed = new vscode.EventEmitter<void>();
  const clear = () => {
    judge.clear();
    changed.fire();
  };
  const subscriptions = [watcher, changed, watcher.onDidChange(clear), watcher.onDidCreate(clear), watcher.onDidDelete(clear)];
  return {
    isIgnored(uri, folder) {
      if (uri.scheme !== 'file' || folder.uri.scheme !== 'file') return Promise.resolve(false);
      return judge.isIgnored(uri.fsPath, folder.uri.fsPath);
    },
    onDidChange: changed.event,
    dispose: () => subscriptions.forEach((s) => s.dispose()),
  };
}

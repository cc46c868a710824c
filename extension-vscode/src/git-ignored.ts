import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import * as vscode from 'vscode';

/**
 * Whether git ignores a file, as `git check-ignore` judges it (nested .gitignore files, global
 * excludes). The CLI's walk skips ignored files, so the editor does too: a key in a git-ignored
 * `.env` is where "Move to environment variable" puts it on purpose. Cached per path; the cache is
 * cleared whenever a .gitignore changes.
 */
export function createGitIgnoredCheck(): { isIgnored(uri: vscode.Uri): Promise<boolean>; readonly onDidChange: vscode.Event<void> } & vscode.Disposable {
  const cache = new Map<string, Promise<boolean>>();
  const watcher = vscode.workspace.createFileSystemWatcher('**/.gitignore');
  const changed = new vscode.EventEmitter<void>();
  const clear = () => {
    cache.clear();
    changed.fire();
  };
  const subscriptions = [watcher, changed, watcher.onDidChange(clear), watcher.onDidCreate(clear), watcher.onDidDelete(clear)];
  return {
    isIgnored(uri) {
      if (uri.scheme !== 'file') return Promise.resolve(false);
      const path = uri.fsPath;
      let answer = cache.get(path);
      if (!answer) {
        answer = new Promise<boolean>((resolve) => {
          // Exit 0: ignored; 1: not ignored; 128 (not a repository, no git): not ignored.
          execFile('git', ['check-ignore', '-q', '--', path], { cwd: dirname(path), timeout: 5000 }, (error) => resolve(!error));
        });
        cache.set(path, answer);
      }
      return answer;
    },
    onDidChange: changed.event,
    dispose: () => subscriptions.forEach((s) => s.dispose()),
  };
}

import { CONFIG_FILE_NAME, DEFAULT_CONFIG, parseConfig, type Config } from '@rt-guard/core';
import * as vscode from 'vscode';
import { createFindingFilter } from '../logic/finding-filter.ts';
import type { Log } from './output.ts';
import type { FindingFilter } from '../logic/to-diagnostic.ts';

/** Loads `.rt-guard.json` per workspace folder, caches it, and reloads it when it changes. */
export interface ProjectPolicy extends vscode.Disposable {
  filterFor(folder: vscode.WorkspaceFolder | undefined): Promise<FindingFilter | undefined>;
  readonly onDidChange: vscode.Event<void>;
}

export function createProjectPolicy(log: Log, extraExcludes: () => readonly string[]): ProjectPolicy {
  const cache = new Map<string, Promise<Config>>();
  const changed = new vscode.EventEmitter<void>();
  const reported = new Set<string>();
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
  const reset = () => {
    cache.clear();
    changed.fire();
  };
  const subscriptions = [watcher, watcher.onDidChange(reset), watcher.onDidCreate(reset), watcher.onDidDelete(reset), changed];

  async function load(folder: vscode.WorkspaceFolder): Promise<Config> {
    const uri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return DEFAULT_CONFIG;
    }
    try {
      return parseConfig(text, CONFIG_FILE_NAME);
    } catch (error) {
      // Scan with defaults (stricter than any config) rather than not at all.
      log.error(`${uri.fsPath} is invalid; scanning with the default config`, error);
      if (!reported.has(uri.toString())) {
        reported.add(uri.toString());
        void vscode.window.showWarningMessage(`rt-guard: ${CONFIG_FILE_NAME} is invalid; using defaults until it is fixed.`, 'Open').then((choice) => {
          if (choice === 'Open') void vscode.window.showTextDocument(uri);
        });
      }
      return DEFAULT_CONFIG;
    }
  }

  return {
    async filterFor(folder) {
      if (!folder) return createFindingFilter(DEFAULT_CONFIG, extraExcludes());
      const key = folder.uri.toString();
      let config = cache.get(key);
      if (!config) {
        config = load(folder);
        cache.set(key, config);
      }
      return createFindingFilter(await config, extraExcludes());
    },
    onDidChange: changed.event,
    dispose: () => subscriptions.forEach((s) => s.dispose()),
  };
}

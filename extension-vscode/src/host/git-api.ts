import type * as vscode from 'vscode';

/**
 * The part of the built-in Git extension's API (`vscode.git`, API version 1) that rt-guard uses.
 * Declared here because the extension ships no type package; see
 * https://github.com/microsoft/vscode/blob/main/extensions/git/src/api/git.d.ts
 */
export interface GitChange {
  readonly uri: vscode.Uri;
}

export interface GitRepositoryState {
  readonly indexChanges: readonly GitChange[];
  readonly onDidChange: vscode.Event<void>;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: GitRepositoryState;
  /** `git show <ref>:<path>`; ref `''` reads the index (the staged content). */
  show(ref: string, path: string): Promise<string>;
  /** Unstages the given paths (resets them in the index). */
  revert(paths: string[]): Promise<void>;
}

export interface GitApi {
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
}

export interface GitExtension {
  getAPI(version: 1): GitApi;
}

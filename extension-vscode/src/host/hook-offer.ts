import * as vscode from 'vscode';
import { hasRtGuardHook, installPreCommitHook } from '../logic/hook-install.ts';
import { describeError, type Log } from './output.ts';
import type { Prompts } from './prompts.ts';
import { WorkspaceNotTrustedError } from '../logic/workspace-trust-error.ts';

const OFFERED_KEY = 'rtGuard.hookOffered';

/**
 * "Install pre-commit hook": asks for the repository when there are several. `folderPath` (a
 * command argument, so possibly another extension's) must be one of the workspace folders.
 * `ownCli` gives the extension's own CLI, the one the hook runs.
 */
export async function installHookCommand(log: Log, ownCli: () => string | undefined, folderPath?: unknown): Promise<boolean> {
  if (!vscode.workspace.isTrusted) {
    const error = new WorkspaceNotTrustedError('Installing the pre-commit hook');
    log.warn(describeError(error));
    void vscode.window.showWarningMessage(`rt-guard: ${error.message}`);
    return false;
  }
  const folders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
  if (folderPath !== undefined && !folders.some((f) => f.uri.fsPath === folderPath)) {
    log.warn('hook install refused: the folder asked for is not a folder of this workspace');
    void vscode.window.showErrorMessage('rt-guard: the pre-commit hook can only be installed in a folder of this workspace.');
    return false;
  }
  const root =
    typeof folderPath === 'string' ? folderPath : folders.length === 1 ? folders[0]!.uri.fsPath : (await vscode.window.showWorkspaceFolderPick())?.uri.fsPath;
  if (!root) return false;
  try {
    const result = await installPreCommitHook(root, process.env, ownCli());
    for (const hook of result.installed) log.info(`installed ${hook.hook} hook at ${hook.path}${hook.chainedTo ? ` (chains to ${hook.chainedTo})` : ''}`);
    void vscode.window.showInformationMessage(`rt-guard: pre-commit hook installed in ${result.hooksDir}. Commits holding a Runtype key are now blocked.`);
    return true;
  } catch (error) {
    log.error(`hook install in ${root} failed`, error);
    void vscode.window.showErrorMessage(`rt-guard: ${describeError(error)}`);
    return false;
  }
}

/**
 * Offers the hook once per repository (remembered in global state), only for folders that are
 * git repositories without it.
 */
export async function offerHookOnce(
  state: Pick<vscode.Memento, 'get' | 'update'>,
  log: Log,
  prompts: Prompts,
  ownCli: () => string | undefined,
): Promise<void> {
  // Checking for the hook runs git, installing it writes code git will run: trusted workspaces only.
  if (!vscode.workspace.isTrusted) return;
  const offered = new Set(state.get<string[]>(OFFERED_KEY, []));
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const root = folder.uri.fsPath;
    if (offered.has(root)) continue;
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, '.git'));
    } catch {
      continue;
    }
    if (await hasRtGuardHook(root)) continue;
    offered.add(root);
    await state.update(OFFERED_KEY, [...offered]);
    const choice = await prompts.offer(
      `rt-guard: block commits that contain Runtype keys in ${folder.name}? This installs a git pre-commit hook.`,
      'Install hook',
      'Not now',
    );
    if (choice === 'Install hook') await installHookCommand(log, ownCli, root);
  }
}

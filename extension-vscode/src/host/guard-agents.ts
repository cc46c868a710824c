import * as vscode from 'vscode';
import { findCliCommand } from '../logic/hook-install.ts';
import { GUARDABLE_AGENTS, installAgentGuards, type GuardableAgent } from '../logic/guard-agents-install.ts';
import { describeError, type Log } from './output.ts';

/** The command id: "rt-guard: Guard AI agents in this workspace". */
export const GUARD_AGENTS_COMMAND = 'rtGuard.guardAgents';

/**
 * Registers rtGuard.guardAgents: installs rt-guard's agent hooks (Claude Code, Cursor) in a
 * workspace folder by running the CLI installer. The hooks run code on every prompt and tool call,
 * so in an untrusted workspace the command waits: it runs once the user grants trust.
 */
export function registerGuardAgents(log: Log, ownCli: () => string | undefined): vscode.Disposable {
  let waiting: vscode.Disposable | undefined;
  const command = vscode.commands.registerCommand(GUARD_AGENTS_COMMAND, async (folderPath?: unknown, agents?: unknown): Promise<boolean> => {
    if (!vscode.workspace.isTrusted) {
      waiting?.dispose();
      // Runs once trust is granted (the user asked for it); nothing is installed before.
      waiting = vscode.workspace.onDidGrantWorkspaceTrust(() => {
        waiting?.dispose();
        waiting = undefined;
        void guardAgents(log, ownCli, folderPath, agents);
      });
      log.warn('guard AI agents: waiting for workspace trust (the hooks run code on every agent action)');
      void vscode.window
        .showWarningMessage(
          'rt-guard: guarding AI agents installs hooks that run on every prompt and tool call. Trust this workspace first; the hooks are installed as soon as you do.',
          'Manage Workspace Trust',
        )
        .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      return false;
    }
    return guardAgents(log, ownCli, folderPath, agents);
  });
  return { dispose: () => (command.dispose(), waiting?.dispose()) };
}

async function guardAgents(log: Log, ownCli: () => string | undefined, folderPath: unknown, agentsArg: unknown): Promise<boolean> {
  const folders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
  // A command argument may come from another extension: only a folder of this workspace is accepted.
  if (folderPath !== undefined && !folders.some((f) => f.uri.fsPath === folderPath)) {
    void vscode.window.showErrorMessage('rt-guard: AI agent hooks can only be installed in a folder of this workspace.');
    return false;
  }
  const root =
    typeof folderPath === 'string' ? folderPath : folders.length === 1 ? folders[0]!.uri.fsPath : (await vscode.window.showWorkspaceFolderPick())?.uri.fsPath;
  if (!root) return false;
  const agents = Array.isArray(agentsArg) ? agentsArg.filter((a): a is GuardableAgent => GUARDABLE_AGENTS.some((g) => g.id === a)) : await pickAgents();
  if (!agents || agents.length === 0) return false;
  const command = await findCliCommand(ownCli(), process.env);
  if (!command) {
    void vscode.window.showErrorMessage("rt-guard: no rt-guard CLI to run from the hooks: node was not found on PATH, or the extension's own CLI is missing.");
    return false;
  }
  try {
    const outcomes = await installAgentGuards(command, root, agents, process.env);
    for (const outcome of outcomes) {
      if (outcome.ok) log.info(`agent hooks (${outcome.agent}) in ${root}: ${outcome.message}`);
      else log.warn(`agent hooks (${outcome.agent}) in ${root}: ${outcome.message}`);
    }
    const failed = outcomes.filter((o) => !o.ok);
    const done = outcomes.filter((o) => o.ok).map((o) => GUARDABLE_AGENTS.find((g) => g.id === o.agent)!.label);
    if (done.length > 0)
      void vscode.window.showInformationMessage(
        `rt-guard: ${done.join(' and ')} now blocked from sending Runtype keys in prompts, commands and edits (restart the agent session to load the hooks).`,
      );
    for (const outcome of failed) void vscode.window.showErrorMessage(`rt-guard: ${outcome.message}`);
    return failed.length === 0;
  } catch (error) {
    log.error(`agent hooks in ${root} failed`, error);
    void vscode.window.showErrorMessage(`rt-guard: ${describeError(error)}`);
    return false;
  }
}

async function pickAgents(): Promise<GuardableAgent[] | undefined> {
  const picked = await vscode.window.showQuickPick(
    GUARDABLE_AGENTS.map((agent) => ({ label: agent.label, detail: agent.detail, id: agent.id, picked: true })),
    { canPickMany: true, title: 'rt-guard: guard which AI agents in this folder?' },
  );
  return picked?.map((item) => item.id);
}

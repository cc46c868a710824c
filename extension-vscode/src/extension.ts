import type { FetchLike } from '@rt-guard/core';
import { createNodeFetch, type NodeFetch } from '@rt-guard/core/node';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { installCliCopy, refreshCliCopy } from './logic/cli-copy.ts';
import { COMMANDS, createCodeActions } from './host/code-actions.ts';
import { createDiagnostics, type DiagnosticsController } from './host/diagnostics.ts';
import { registerGuardAgents } from './host/guard-agents.ts';
import { installHookCommand, offerHookOnce } from './host/hook-offer.ts';
import { createHover } from './host/hover.ts';
import { registerKeyCommands } from './host/key-commands.ts';
import { createEditorKeyService } from './logic/key-service.ts';
import { createKeyTree, createStatusItem, type KeyTreeNode } from './host/key-tree.ts';
import { registerServerOnly } from './host/make-server-only.ts';
import { createLog, type Log } from './host/output.ts';
import { createProjectPolicy } from './host/project-policy.ts';
import { createSwitchablePrompts, type Prompts } from './host/prompts.ts';
import { createTokenStore } from './host/secret-store.ts';
import { readSettings } from './host/settings.ts';
import type { Settings } from './logic/settings-schema.ts';
import { createStagedCheck, type StagedHit } from './host/staged-check.ts';
import { isCancellationToken, scanWorkspace } from './host/workspace-scan.ts';
import { whenTrusted } from './host/workspace-trust.ts';

/**
 * What `activate` returns in a test run only (`ExtensionMode.Test`): findings hold keys and
 * `testing` answers modal questions, so another extension must never get it (issue 10).
 */
export interface RtGuardApi {
  readonly diagnostics: DiagnosticsController;
  /** Time spent in `activate` itself, in ms. */
  readonly activationMs: number;
  /** The lines written to the output channel (already redacted), for tests. */
  logLines(): readonly string[];
  checkStaged(): Promise<StagedHit[]>;
  /** For integration tests: answer modal questions and input boxes, which a test cannot click. */
  readonly testing: {
    usePrompts(prompts: Prompts | undefined): void;
    /** The "Runtype keys" view's data, read as the view reads it. */
    readonly keyTree: vscode.TreeDataProvider<KeyTreeNode>;
    /** The status bar count's text while shown, undefined while hidden. */
    statusText(): string | undefined;
    /** Runs the once-per-repository hook offer against `state` (a fresh Memento in tests). */
    offerHook(state: Pick<vscode.Memento, 'get' | 'update'>): Promise<void>;
    /** Whether a management token is stored (never the token itself). */
    hasToken(): Promise<boolean>;
  };
}

/** Wiring only: each piece lives in its own module and is disposed with the extension. */
export function activate(context: vscode.ExtensionContext): RtGuardApi | undefined {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('rt-guard');
  const lines: string[] = [];
  const log = recordingLog(createLog(channel), channel, lines);

  let current = readSettings();
  current.warnings.forEach((w) => log.warn(w));
  const settings = (): Settings => current.settings;

  const tokens = createTokenStore(context.secrets, new vscode.EventEmitter<void>());
  const policy = createProjectPolicy(log, () => settings().exclude);
  const diagnostics = createDiagnostics(policy, settings);
  // The connection pool is created on the first API call, not at activation.
  let transport: NodeFetch | undefined;
  const fetchLazily: FetchLike = (url, init) => (transport ??= createNodeFetch())(url, init);
  const keys = createEditorKeyService({ baseUrl: () => settings().apiBaseUrl, tokens, fetch: fetchLazily, isTrusted: () => vscode.workspace.isTrusted });
  const prompts = createSwitchablePrompts();
  const staged = createStagedCheck(diagnostics, log, prompts, () => vscode.workspace.isTrusted);
  const tree = createKeyTree(diagnostics);
  const status = createStatusItem(diagnostics);

  // The CLI git hooks run: the extension's own, copied to a place that survives extension updates.
  const cliSource = join(context.extensionPath, 'dist/cli');
  const cliCopy = join(context.globalStorageUri.fsPath, 'cli');
  const declared = (context.extension.packageJSON as { version?: unknown }).version;
  const version = typeof declared === 'string' ? declared : '0';
  const ownCli = (): string | undefined => {
    try {
      return installCliCopy(cliSource, cliCopy, version);
    } catch (error) {
      log.error("could not copy the extension's CLI for the git hook", error);
      return undefined;
    }
  };

  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];

  context.subscriptions.push(
    channel,
    { dispose: () => void transport?.close() },
    tokens,
    policy,
    diagnostics,
    tree,
    staged,
    status,
    vscode.window.registerTreeDataProvider('rtGuard.keys', tree),
    vscode.languages.registerCodeActionsProvider(selector, createCodeActions(diagnostics), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerHoverProvider(selector, createHover(diagnostics, keys, tokens)),
    ...registerServerOnly(diagnostics, log, selector),
    ...registerKeyCommands({ diagnostics, keys, tokens, log, settings, prompts, memento: context.workspaceState }),
    vscode.commands.registerCommand(COMMANDS.installHook, (folderPath?: unknown) => installHookCommand(log, ownCli, folderPath)),
    registerGuardAgents(log, ownCli),
    vscode.commands.registerCommand(COMMANDS.scanWorkspace, (token?: unknown) =>
      scanWorkspace(diagnostics, log, isCancellationToken(token) ? token : undefined),
    ),
    vscode.commands.registerCommand(COMMANDS.checkStaged, () => staged.check()),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => channel.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('rtGuard')) reloadSettings();
    }),
    // Settings read differently once trusted (verifyOnOpen); re-read them.
    vscode.workspace.onDidGrantWorkspaceTrust(() => reloadSettings()),
    vscode.workspace.onDidOpenTextDocument((document) => {
      // Never in Restricted Mode, whoever set it (issue 10): readSettings already forces it off.
      if (settings().verifyOnOpen && vscode.workspace.isTrusted) void verifyDocument(document);
    }),
  );

  function reloadSettings(): void {
    current = readSettings();
    current.warnings.forEach((w) => log.warn(w));
    void diagnostics.rescanAll();
  }

  async function verifyDocument(document: vscode.TextDocument): Promise<void> {
    await diagnostics.scanDocument(document);
    for (const finding of diagnostics.findings.get(document.uri.toString()) ?? []) {
      const verification = await keys.verify(finding);
      if (diagnostics.states.get(finding.fingerprint) !== 'revoked') diagnostics.setState(finding.fingerprint, verification.status);
    }
  }

  // Deferred: scanning what is already open, and the hook offer, are not activation work.
  // The hook offer runs git and installs a hook: only in a trusted workspace (issue 10).
  const initial = setTimeout(() => {
    void diagnostics.rescanAll();
    try {
      refreshCliCopy(cliSource, cliCopy, version);
    } catch (error) {
      log.error('could not update the CLI copy that git hooks run', error);
    }
    context.subscriptions.push(whenTrusted(() => void offerHookOnce(context.globalState, log, prompts, ownCli)));
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(initial) });

  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    diagnostics,
    activationMs,
    logLines: () => [...lines],
    checkStaged: () => staged.check(),
    testing: {
      usePrompts: prompts.use,
      keyTree: tree,
      statusText: status.shownText,
      offerHook: (state) => offerHookOnce(state, log, prompts, ownCli),
      hasToken: async () => (await tokens.get()) !== undefined,
    },
  };
}

/** Everything is disposed through `context.subscriptions`. */
export function deactivate(): void {}

const MAX_KEPT_LINES = 2000;

function recordingLog(log: Log, channel: vscode.OutputChannel, lines: string[]): Log {
  // Capture what reaches the channel, after redaction, by wrapping appendLine once.
  const append = channel.appendLine.bind(channel);
  channel.appendLine = (value: string) => {
    lines.push(value);
    if (lines.length > MAX_KEPT_LINES) lines.shift();
    append(value);
  };
  return log;
}

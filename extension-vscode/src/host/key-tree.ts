import type { FindingWithSecret } from '@rt-guard/core';
import * as vscode from 'vscode';
import type { DiagnosticsController } from './diagnostics.ts';
import { kindName } from '../logic/to-diagnostic.ts';

/** A row of the "Runtype keys" view. */
export type KeyTreeNode = { kind: 'file'; uri: string } | { kind: 'key'; uri: string; finding: FindingWithSecret };

/** The "Runtype keys" view: files with findings, each with its keys and their verification status. */
export function createKeyTree(diagnostics: DiagnosticsController): vscode.TreeDataProvider<KeyTreeNode> & vscode.Disposable {
  const changed = new vscode.EventEmitter<KeyTreeNode | undefined>();
  const subscription = diagnostics.onDidChange(() => changed.fire(undefined));
  return {
    onDidChangeTreeData: changed.event,
    getChildren(node) {
      if (!node) return [...diagnostics.findings.keys()].sort().map((uri) => ({ kind: 'file' as const, uri }));
      if (node.kind === 'key') return [];
      return (diagnostics.findings.get(node.uri) ?? []).map((finding) => ({ kind: 'key' as const, uri: node.uri, finding }));
    },
    getTreeItem(node) {
      const uri = vscode.Uri.parse(node.uri);
      if (node.kind === 'file') {
        const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.Expanded);
        item.description = vscode.workspace.asRelativePath(uri, false);
        item.contextValue = 'file';
        return item;
      }
      const { finding } = node;
      const state = diagnostics.states.get(finding.fingerprint) ?? 'not verified';
      const item = new vscode.TreeItem(`${finding.redacted}`, vscode.TreeItemCollapsibleState.None);
      item.description = `${kindName(finding)} · line ${finding.line} · ${state}`;
      item.iconPath = new vscode.ThemeIcon(finding.environment === 'live' ? 'error' : 'warning');
      item.contextValue = 'key';
      item.tooltip = `${kindName(finding)} ${finding.redacted}: ${state}`;
      item.command = {
        title: 'Open',
        command: 'vscode.open',
        arguments: [uri, { selection: new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1) }],
      };
      return item;
    },
    dispose() {
      subscription.dispose();
      changed.dispose();
    },
  };
}

/** The status bar count, readable by tests: its text while shown, undefined while hidden. */
export interface StatusCount extends vscode.Disposable {
  shownText(): string | undefined;
}

/** The status bar count of keys in the workspace; hidden when there are none. */
export function createStatusItem(diagnostics: DiagnosticsController): StatusCount {
  const item = vscode.window.createStatusBarItem('rtGuard.count', vscode.StatusBarAlignment.Left, 0);
  item.name = 'Runtype keys';
  item.command = 'rtGuard.keys.focus';
  let shown = false;
  const update = () => {
    const count = diagnostics.total();
    item.text = `$(key) ${count} Runtype key${count === 1 ? '' : 's'}`;
    item.tooltip = 'Runtype keys found in the open and scanned files';
    shown = count > 0;
    if (shown) item.show();
    else item.hide();
  };
  const subscription = diagnostics.onDidChange(update);
  update();
  const disposable = vscode.Disposable.from(item, subscription);
  return { shownText: () => (shown ? item.text : undefined), dispose: () => disposable.dispose() };
}

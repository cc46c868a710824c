import * as vscode from 'vscode';
import { canComment } from '../logic/comment-syntax.ts';
import type { DiagnosticsController } from './diagnostics.ts';

/** Command ids, shared by the manifest, code actions, hovers and tests. */
export const COMMANDS = {
  scanWorkspace: 'rtGuard.scanWorkspace',
  moveToEnv: 'rtGuard.moveToEnv',
  rotateKey: 'rtGuard.rotateKey',
  rotateKeyEmergency: 'rtGuard.rotateKeyEmergency',
  finishRotation: 'rtGuard.finishRotation',
  revokeKey: 'rtGuard.revokeKey',
  verifyKey: 'rtGuard.verifyKey',
  allowOccurrence: 'rtGuard.allowOccurrence',
  allowlistFingerprint: 'rtGuard.allowlistFingerprint',
  setToken: 'rtGuard.setManagementToken',
  clearToken: 'rtGuard.clearManagementToken',
  installHook: 'rtGuard.installHook',
  checkStaged: 'rtGuard.checkStaged',
  showOutput: 'rtGuard.showOutput',
} as const;

/** Arguments every key command takes: which document, and which key in it (by fingerprint and line). */
export interface KeyTarget {
  uri: string;
  fingerprint: string;
  line: number;
  column: number;
}

/** Quick fixes on each rt-guard diagnostic: move to env, rotate, revoke, allow, allowlist. */
export function createCodeActions(diagnostics: DiagnosticsController): vscode.CodeActionProvider {
  return {
    provideCodeActions(document, range) {
      const actions: vscode.CodeAction[] = [];
      const seen = new Set<string>();
      for (const finding of diagnostics.findings.get(document.uri.toString()) ?? []) {
        const findingRange = new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1);
        if (!findingRange.intersection(range) && !findingRange.contains(range.start)) continue;
        const id = `${finding.fingerprint}:${finding.line}:${finding.column}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const target: KeyTarget = { uri: document.uri.toString(), fingerprint: finding.fingerprint, line: finding.line, column: finding.column };
        const related = diagnostics.collection.get(document.uri)?.filter((d) => d.range.isEqual(findingRange)) ?? [];
        const add = (title: string, command: string, kind: vscode.CodeActionKind, isPreferred = false) => {
          const action = new vscode.CodeAction(title, kind);
          action.command = { title, command, arguments: [target] };
          action.diagnostics = [...related];
          action.isPreferred = isPreferred;
          actions.push(action);
        };
        if (finding.encoding === 'plain') add(`Move ${finding.redacted} to an environment variable`, COMMANDS.moveToEnv, vscode.CodeActionKind.QuickFix, true);
        add(`Rotate ${finding.redacted} (new key, then revoke the old one)`, COMMANDS.rotateKey, vscode.CodeActionKind.QuickFix);
        add(`Regenerate ${finding.redacted} now (emergency: the old value stops working at once)`, COMMANDS.rotateKeyEmergency, vscode.CodeActionKind.QuickFix);
        add(`Revoke ${finding.redacted}`, COMMANDS.revokeKey, vscode.CodeActionKind.QuickFix);
        if (canComment(document.languageId)) add('Allow this occurrence (rt-guard:allow comment)', COMMANDS.allowOccurrence, vscode.CodeActionKind.QuickFix);
        add(`Allowlist ${finding.redacted} in .rt-guard.json…`, COMMANDS.allowlistFingerprint, vscode.CodeActionKind.QuickFix);
      }
      return actions;
    },
  };
}

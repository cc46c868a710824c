import type { FindingWithSecret } from '@rt-guard/core';
import * as vscode from 'vscode';
import { createGitIgnoredCheck } from './git-ignored.ts';
import type { ProjectPolicy } from './project-policy.ts';
import type { Settings } from '../logic/settings-schema.ts';
import { computeDiagnostics, type DiagnosticSpec, type KeyState } from '../logic/to-diagnostic.ts';

const DEBOUNCE_MS = 250;
/** Larger documents are scanned on open/save only, never per keystroke. */
const MAX_LIVE_SCAN_CHARS = 5_000_000;

const LEVELS: Record<DiagnosticSpec['level'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Findings per document, the diagnostics shown for them, and what is known about each key. */
export interface DiagnosticsController extends vscode.Disposable {
  readonly collection: vscode.DiagnosticCollection;
  /** Findings (with their keys, in memory only) by document URI string. */
  readonly findings: ReadonlyMap<string, FindingWithSecret[]>;
  /** Key state by fingerprint: verification and revocation results. */
  readonly states: Map<string, KeyState>;
  readonly onDidChange: vscode.Event<void>;
  scanDocument(document: vscode.TextDocument): Promise<void>;
  /** The findings `text` would show as `uri`, without showing them (staged content: even a force-added ignored file). */
  findingsIn(uri: vscode.Uri, text: string): Promise<FindingWithSecret[]>;
  /** Scans a file that is not open; `text` is its content. */
  scanText(uri: vscode.Uri, text: string): Promise<FindingWithSecret[]>;
  findingAt(uri: vscode.Uri, position: vscode.Position): FindingWithSecret | undefined;
  setState(fingerprint: string, state: KeyState): void;
  rescanAll(): Promise<void>;
  total(): number;
}

export function createDiagnostics(policy: ProjectPolicy, settings: () => Settings): DiagnosticsController {
  const collection = vscode.languages.createDiagnosticCollection('rt-guard');
  const findings = new Map<string, FindingWithSecret[]>();
  const states = new Map<string, KeyState>();
  const changed = new vscode.EventEmitter<void>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const gitIgnored = createGitIgnoredCheck();

  /** `isStaged`: the text is what git is about to commit, so .gitignore no longer protects it. */
  async function compute(uri: vscode.Uri, text: string, isStaged = false): Promise<ReturnType<typeof computeDiagnostics>> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const file = folder ? vscode.workspace.asRelativePath(uri, false) : (uri.path.split('/').pop() ?? uri.path);
    const filter = await policy.filterFor(folder);
    if (folder && !isStaged && (await gitIgnored.isIgnored(uri, folder))) return { findings: [], diagnostics: [] };
    return computeDiagnostics(text, {
      file,
      ...(filter ? { filter } : {}),
      overrides: settings().severityOverrides,
      states,
    });
  }

  async function scan(uri: vscode.Uri, text: string): Promise<FindingWithSecret[]> {
    const result = await compute(uri, text);
    const key = uri.toString();
    if (result.findings.length === 0) findings.delete(key);
    else findings.set(key, result.findings);
    collection.set(uri, result.diagnostics.map(toVscode));
    changed.fire();
    return result.findings;
  }

  function isScannable(document: vscode.TextDocument): boolean {
    // Output channels, git's view of HEAD, etc. are not the user's files.
    return ['file', 'untitled', 'vscode-remote', 'vscode-userdata'].includes(document.uri.scheme) || document.uri.scheme === 'vscode-vfs';
  }

  async function scanDocument(document: vscode.TextDocument): Promise<void> {
    if (!isScannable(document)) return;
    await scan(document.uri, document.getText());
  }

  function scheduleScan(document: vscode.TextDocument): void {
    if (!isScannable(document) || document.getText().length > MAX_LIVE_SCAN_CHARS) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void scanDocument(document);
      }, DEBOUNCE_MS),
    );
  }

  const subscriptions: vscode.Disposable[] = [
    collection,
    gitIgnored,
    changed,
    vscode.workspace.onDidOpenTextDocument((document) => void scanDocument(document)),
    vscode.workspace.onDidSaveTextDocument((document) => void scanDocument(document)),
    vscode.workspace.onDidChangeTextDocument((event) => scheduleScan(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      // A closed file keeps its workspace-scan findings only if it still exists; rescan on demand.
      clearTimeout(timers.get(document.uri.toString()));
      if (document.uri.scheme === 'untitled') {
        findings.delete(document.uri.toString());
        collection.delete(document.uri);
        changed.fire();
      }
    }),
    policy.onDidChange(() => void rescanAll()),
    gitIgnored.onDidChange(() => void rescanAll()),
  ];

  async function rescanAll(): Promise<void> {
    await Promise.all(vscode.workspace.textDocuments.map(scanDocument));
  }

  return {
    collection,
    findings,
    states,
    onDidChange: changed.event,
    scanDocument,
    scanText: scan,
    findingsIn: async (uri, text) => (await compute(uri, text, true)).findings,
    findingAt(uri, position) {
      return findings.get(uri.toString())?.find((finding) => {
        const range = new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1);
        return range.contains(position);
      });
    },
    setState(fingerprint, state) {
      states.set(fingerprint, state);
      void rescanAll();
    },
    rescanAll,
    total: () => [...findings.values()].reduce((sum, list) => sum + list.length, 0),
    dispose() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      subscriptions.forEach((s) => s.dispose());
    },
  };
}

function toVscode(spec: DiagnosticSpec): vscode.Diagnostic {
  const range = new vscode.Range(spec.startLine, spec.startCharacter, spec.endLine, spec.endCharacter);
  const diagnostic = new vscode.Diagnostic(range, spec.message, LEVELS[spec.level]);
  diagnostic.source = 'rt-guard';
  diagnostic.code = spec.code;
  return diagnostic;
}

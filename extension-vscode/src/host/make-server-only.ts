import * as vscode from 'vscode';
import type { DiagnosticsController } from './diagnostics.ts';
import type { Log } from './output.ts';
import { envDefinitions, isDotenvFileName, publicVariableAt, variableReads, type TextSpan } from '../logic/server-only-edit.ts';

/** Command id of "Make this server-only" (arguments: `{ name }`, the public-prefixed variable). */
export const MAKE_SERVER_ONLY = 'rtGuard.makeServerOnly';

/** What the command did, for the notification and the integration tests. */
export interface ServerOnlyResult {
  name: string;
  serverName: string;
  /** `.env*` files where the variable was renamed. */
  renamed: vscode.Uri[];
  /** `.env*` files left alone because they already define the server name. */
  conflicts: vscode.Uri[];
  /** Where code still reads the public name: these reads need a server-side route now. */
  reads: vscode.Location[];
}

const ENV_GLOB = '**/.env*';
const CODE_GLOB = '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,vue,svelte,astro,html}';
const EXCLUDED = '{**/node_modules/**,**/dist/**,**/build/**,**/out/**,**/.next/**,**/.git/**}';
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * "Make this server-only" on a key held in a public-prefixed variable (`NEXT_PUBLIC_`, `VITE_`, …):
 * offered where a finding is client-exposed through such a variable.
 */
export function createServerOnlyActions(diagnostics: DiagnosticsController): vscode.CodeActionProvider {
  return {
    provideCodeActions(document, range) {
      const actions: vscode.CodeAction[] = [];
      const seen = new Set<string>();
      for (const finding of diagnostics.findings.get(document.uri.toString()) ?? []) {
        if (finding.exposure !== 'client' || finding.severity === 'info') continue;
        const findingRange = new vscode.Range(finding.line - 1, 0, finding.endLine - 1, finding.endColumn - 1);
        if (!findingRange.intersection(range) && !findingRange.contains(range.start)) continue;
        const variable = publicVariableAt(document.lineAt(finding.line - 1).text, finding.column - 1);
        if (!variable || seen.has(variable.name)) continue;
        seen.add(variable.name);
        const title = `Make this server-only: rename ${variable.name} to ${variable.serverName} in .env files`;
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.command = { title, command: MAKE_SERVER_ONLY, arguments: [{ name: variable.name }] };
        action.diagnostics = (vscode.languages.getDiagnostics(document.uri) ?? []).filter(
          (d) => d.source === 'rt-guard' && d.range.start.line === finding.line - 1,
        );
        actions.push(action);
      }
      return actions;
    },
  };
}

/** The command and the code action provider, for `context.subscriptions`. */
export function registerServerOnly(diagnostics: DiagnosticsController, log: Log, selector: vscode.DocumentSelector): vscode.Disposable[] {
  return [
    vscode.languages.registerCodeActionsProvider(selector, createServerOnlyActions(diagnostics), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(MAKE_SERVER_ONLY, (arg?: unknown) => makeServerOnly(arg, log)),
  ];
}

/**
 * Renames the variable in every `.env*` file of the workspace (saved, so frameworks see it), then
 * lists where code reads the old name: a references view when an editor is open, with a message.
 */
export async function makeServerOnly(arg: unknown, log: Log): Promise<ServerOnlyResult | undefined> {
  const raw = typeof arg === 'object' && arg !== null ? (arg as { name?: unknown }).name : undefined;
  const variable = typeof raw === 'string' ? publicVariableAt(raw, 0) : undefined;
  if (!variable || variable.name !== raw) {
    void vscode.window.showWarningMessage('rt-guard: no public-prefixed variable (NEXT_PUBLIC_, VITE_, …) to make server-only here.');
    return undefined;
  }
  const { name, serverName } = variable;
  const result: ServerOnlyResult = { name, serverName, renamed: [], conflicts: [], reads: [] };
  const edit = new vscode.WorkspaceEdit();
  const touched: vscode.TextDocument[] = [];
  for (const uri of await vscode.workspace.findFiles(ENV_GLOB, '**/node_modules/**', 500)) {
    if (!isDotenvFileName(uri.path.slice(uri.path.lastIndexOf('/') + 1))) continue;
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.getText();
    const spans = envDefinitions(text, name);
    if (spans.length === 0) continue;
    if (envDefinitions(text, serverName).length > 0) {
      result.conflicts.push(uri);
      continue;
    }
    for (const span of spans) edit.replace(uri, rangeOf(document, span), serverName);
    result.renamed.push(uri);
    touched.push(document);
  }
  if (result.renamed.length > 0 && !(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`rt-guard: could not rename ${name} in the .env files.`);
    return undefined;
  }
  for (const document of touched) await document.save();
  result.reads = await findReads(name);
  log.info(
    `make server-only: ${name} → ${serverName} in ${result.renamed.length} .env file(s); ${result.reads.length} read(s) of ${name} in code; ${result.conflicts.length} file(s) already define ${serverName}`,
  );
  await showOutcome(result);
  return result;
}

async function findReads(name: string): Promise<vscode.Location[]> {
  const reads: vscode.Location[] = [];
  for (const uri of await vscode.workspace.findFiles(CODE_GLOB, EXCLUDED, MAX_FILES)) {
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      let text: string;
      if (open) text = open.getText();
      else {
        if ((await vscode.workspace.fs.stat(uri)).size > MAX_FILE_BYTES) continue;
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      }
      if (!text.includes(name)) continue;
      const lines = lineStarts(text);
      for (const span of variableReads(text, name))
        reads.push(new vscode.Location(uri, new vscode.Range(positionAt(lines, span.start), positionAt(lines, span.end))));
    } catch {
      // An unreadable file is not a read.
    }
  }
  return reads;
}

async function showOutcome(result: ServerOnlyResult): Promise<void> {
  const { name, serverName, renamed, conflicts, reads } = result;
  const parts = [renamed.length > 0 ? `Renamed ${name} to ${serverName} in ${renamed.length} .env file(s).` : `No .env file defines ${name}.`];
  if (conflicts.length > 0) parts.push(`${conflicts.length} .env file(s) already define ${serverName}; left as they were.`);
  parts.push(
    reads.length > 0
      ? `${reads.length} place(s) in code read ${name}: client code cannot see ${serverName}; move those calls behind a server-side route, or use a client token (ct_…) restricted to your origins.`
      : `No code reads ${name}.`,
  );
  parts.push('Rotate the key too: it has already shipped to browsers.');
  const editor = vscode.window.activeTextEditor;
  if (reads.length > 0 && editor) {
    await vscode.commands.executeCommand('editor.action.showReferences', editor.document.uri, editor.selection.active, reads);
  }
  void vscode.window.showInformationMessage(`rt-guard: ${parts.join(' ')}`);
}

function rangeOf(document: vscode.TextDocument, span: TextSpan): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

function positionAt(starts: readonly number[], offset: number): vscode.Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return new vscode.Position(low, offset - starts[low]!);
}

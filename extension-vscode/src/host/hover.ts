import * as vscode from 'vscode';
import { COMMANDS, type KeyTarget } from './code-actions.ts';
import type { DiagnosticsController } from './diagnostics.ts';
import { hoverMarkdown } from '../logic/hover-text.ts';
import type { EditorKeyService } from '../logic/key-service.ts';
import type { TokenStore } from './secret-store.ts';

/** Hover on a key: redacted key, environment, cached verification and a "Verify now" link. */
export function createHover(diagnostics: DiagnosticsController, keys: EditorKeyService, tokens: TokenStore): vscode.HoverProvider {
  return {
    async provideHover(document, position) {
      const finding = diagnostics.findingAt(document.uri, position);
      if (!finding) return undefined;
      const target: KeyTarget = { uri: document.uri.toString(), fingerprint: finding.fingerprint, line: finding.line, column: finding.column };
      const link = `command:${COMMANDS.verifyKey}?${encodeURIComponent(JSON.stringify([target]))}`;
      const markdown = new vscode.MarkdownString(
        hoverMarkdown(finding, keys.cached(finding.fingerprint), diagnostics.states.get(finding.fingerprint), {
          hasToken: (await tokens.get()) !== undefined,
          verifyLink: link,
        }),
      );
      markdown.isTrusted = { enabledCommands: [COMMANDS.verifyKey] };
      const range = new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1);
      return new vscode.Hover(markdown, range);
    },
  };
}

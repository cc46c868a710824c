import * as vscode from 'vscode';
import type { DiagnosticsController } from './diagnostics.ts';
import type { GitApi, GitExtension, GitRepository } from './git-api.ts';
import type { Log } from './output.ts';
import type { Prompts } from './prompts.ts';
import { whenTrusted } from './workspace-trust.ts';

/** A staged file that holds a key, by its redacted form. */
export interface StagedHit {
  uri: vscode.Uri;
  redacted: string[];
}

/**
 * Watches each repository's index through the built-in Git extension. When staged content (not
 * the working tree) holds a key, warns once per staged state with "Open" and "Unstage".
 * Git runs only through VS Code's Git extension, and only in a trusted workspace (issue 10).
 */
export function createStagedCheck(
  diagnostics: DiagnosticsController,
  log: Log,
  prompts: Prompts,
  isTrusted: () => boolean,
): { check(): Promise<StagedHit[]> } & vscode.Disposable {
  const subscriptions: vscode.Disposable[] = [];
  const warned = new Map<string, string>();
  let api: GitApi | undefined;

  async function scanRepository(repository: GitRepository): Promise<StagedHit[]> {
    const hits: StagedHit[] = [];
    for (const change of repository.state.indexChanges) {
      let staged: string;
      try {
        staged = await repository.show('', change.uri.fsPath);
      } catch {
        continue; // deleted in the index, or binary
      }
      const findings = await diagnostics.findingsIn(change.uri, staged);
      if (findings.length > 0) hits.push({ uri: change.uri, redacted: findings.map((f) => f.redacted) });
    }
    return hits;
  }

  async function onRepositoryChange(repository: GitRepository): Promise<StagedHit[]> {
    const hits = await scanRepository(repository);
    const signature = hits.map((h) => `${h.uri.toString()}:${h.redacted.join(',')}`).join('|');
    const root = repository.rootUri.toString();
    if (hits.length === 0 || warned.get(root) === signature) {
      if (hits.length === 0) warned.delete(root);
      return hits;
    }
    warned.set(root, signature);
    const names = hits.map((h) => `${vscode.workspace.asRelativePath(h.uri, false)} (${h.redacted.join(', ')})`).join('; ');
    log.warn(`staged changes contain Runtype keys: ${names}`);
    void prompts.warn(`rt-guard: staged changes contain a Runtype key: ${names}. Committing would leak it.`, 'Open', 'Unstage').then(
      async (choice) => {
        if (choice === 'Open') await vscode.window.showTextDocument(hits[0]!.uri);
        if (choice === 'Unstage') {
          await repository.revert(hits.map((h) => h.uri.fsPath));
          log.info(`unstaged ${hits.length} file(s) holding keys`);
        }
      },
      (error: unknown) => log.error('staged-key warning failed', error),
    );
    return hits;
  }

  function watch(repository: GitRepository): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    subscriptions.push(
      repository.state.onDidChange(() => {
        clearTimeout(timer);
        timer = setTimeout(() => void onRepositoryChange(repository), 300);
      }),
      { dispose: () => clearTimeout(timer) },
    );
  }

  async function gitApi(): Promise<GitApi | undefined> {
    if (api) return api;
    if (!isTrusted()) return undefined;
    const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!extension) return undefined;
    try {
      const exports = extension.isActive ? extension.exports : await extension.activate();
      api = exports.getAPI(1);
    } catch (error) {
      log.warn(`git extension unavailable: ${String(error)}`);
      return undefined;
    }
    api.repositories.forEach(watch);
    subscriptions.push(api.onDidOpenRepository(watch));
    return api;
  }

  subscriptions.push(whenTrusted(() => void gitApi()));
  return {
    async check() {
      const git = await gitApi();
      if (!git) return [];
      const all = await Promise.all(git.repositories.map(onRepositoryChange));
      return all.flat();
    },
    dispose: () => subscriptions.forEach((s) => s.dispose()),
  };
}

import type * as vscode from 'vscode';

const TOKEN_KEY = 'rtGuard.managementToken';

/** The management token (API key or dashboard session token), kept in SecretStorage only. */
export interface TokenStore {
  get(): Promise<string | undefined>;
  set(token: string): Promise<void>;
  clear(): Promise<void>;
  readonly onDidChange: vscode.Event<void>;
}

/** The one wrapper around `context.secrets`. */
export function createTokenStore(secrets: vscode.SecretStorage, emitter: vscode.EventEmitter<void>): TokenStore & vscode.Disposable {
  const subscription = secrets.onDidChange((event) => {
    if (event.key === TOKEN_KEY) emitter.fire();
  });
  return {
    get: async () => (await secrets.get(TOKEN_KEY)) || undefined,
    set: (token) => Promise.resolve(secrets.store(TOKEN_KEY, token)),
    clear: () => Promise.resolve(secrets.delete(TOKEN_KEY)),
    onDidChange: emitter.event,
    dispose: () => {
      subscription.dispose();
      emitter.dispose();
    },
  };
}

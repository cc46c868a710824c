import * as vscode from 'vscode';

/**
 * The questions the extension asks. One seam so that integration tests can answer modal dialogs,
 * which an extension host test cannot click (see `RtGuardApi.testing`).
 */
export interface Prompts {
  /** A modal yes/no; true only when the user picked `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** A free-text input; undefined when dismissed. */
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  /** A non-modal warning with action buttons; the picked one, or undefined. */
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  /** A non-modal information message with action buttons (an offer); the picked one, or undefined. */
  offer(message: string, ...actions: string[]): Promise<string | undefined>;
  /** A quick pick of one item; undefined when dismissed. */
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
}

export const windowPrompts: Prompts = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  input: (options) => Promise.resolve(vscode.window.showInputBox(options)),
  warn: (message, ...actions) => Promise.resolve(vscode.window.showWarningMessage(message, ...actions)),
  offer: (message, ...actions) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
  pick: (items, options) => Promise.resolve(vscode.window.showQuickPick([...items], options)),
};

/** A Prompts whose implementation can be swapped (tests) without re-wiring the commands. */
export function createSwitchablePrompts(): Prompts & { use(prompts: Prompts | undefined): void } {
  let current: Prompts = windowPrompts;
  return {
    confirm: (...args) => current.confirm(...args),
    input: (options) => current.input(options),
    warn: (message, ...actions) => current.warn(message, ...actions),
    offer: (message, ...actions) => current.offer(message, ...actions),
    pick: (items, options) => current.pick(items, options),
    use: (prompts) => {
      current = prompts ?? windowPrompts;
    },
  };
}

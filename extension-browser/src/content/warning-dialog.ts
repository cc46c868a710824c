/**
 * The warning shown when a key meets a web page. Rendered in a CLOSED shadow root so the page's
 * scripts cannot read it (it only ever shows redacted keys anyway), with role="alertdialog",
 * focus moved in and trapped, and Escape meaning Cancel. Host-free: runs under happy-dom.
 */
import { riskOf, type KeyKind } from '../shared/key-kind.ts';

export const DIALOG_TAG = 'rt-guard-warning';

export interface WarningKey {
  redacted: string;
  kind: Exclude<KeyKind, 'client'>;
  /** The finding's rule: the dialog names the key by it. */
  ruleId?: string;
}

/** Buttons the dialog offers; a missing handler hides its button. */
export interface WarningActions {
  /** Held paste/drop: insert it after all. */
  onPasteAnyway?: () => void;
  onAllowSite?: () => Promise<void>;
  /** Resolves with one line for the user, e.g. "Live · name "CI deploy" · FLOWS:READ". */
  onInspect?: () => Promise<string>;
  onRevoke?: () => Promise<string>;
  /** Called once whenever the dialog closes, whatever closed it. */
  onClose?: (reason: 'cancel' | 'paste-anyway' | 'allow-site' | 'dismiss') => void;
}

export interface WarningOptions {
  keys: readonly WarningKey[];
  /** True when the paste/drop is held; false for a warning about text that already went in. */
  isHeld: boolean;
  /** What happened, e.g. "pasted into a text field on https://example.com". */
  situation: string;
  moveFocus: boolean;
  actions: WarningActions;
}

export interface WarningHandle {
  close(reason: 'cancel' | 'dismiss'): void;
  readonly isOpen: boolean;
}

const STYLE = `
:host { all: initial; }
.backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.35); z-index: 2147483647; display: flex; align-items: flex-start; justify-content: center; }
.backdrop.passive { background: transparent; pointer-events: none; align-items: flex-end; justify-content: flex-end; }
[role=alertdialog] { pointer-events: auto; margin: 10vh 16px 16px; max-width: 30rem; background: #fff; color: #1b1b1b; font: 14px/1.45 system-ui, sans-serif; border: 2px solid #b00020; border-radius: 8px; padding: 16px 18px; box-shadow: 0 8px 32px rgba(0,0,0,.35); }
h2 { font-size: 16px; margin: 0 0 8px; color: #b00020; }
code { font: 13px ui-monospace, monospace; background: #f3f3f3; padding: 1px 4px; border-radius: 3px; }
ul { margin: 6px 0; padding-left: 20px; }
.status { min-height: 1.2em; margin: 8px 0 0; color: #333; }
.buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 12px; }
button { font: inherit; padding: 5px 10px; border-radius: 5px; border: 1px solid #888; background: #f7f7f7; color: #111; cursor: pointer; }
button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 1px; }
button.primary { background: #b00020; color: #fff; border-color: #b00020; }
`;

let sequence = 0;

/** Opens the warning in `doc`; closes any warning this module already has open there. */
export function openWarning(doc: Document, options: WarningOptions): WarningHandle {
  doc.querySelectorAll(DIALOG_TAG).forEach((old) => old.remove());
  const id = `rtg-${++sequence}`;
  const host = doc.createElement(DIALOG_TAG);
  const root = host.attachShadow({ mode: 'closed' });
  applyStyle(doc, root);

  const backdrop = el(doc, 'div', { class: options.isHeld ? 'backdrop' : 'backdrop passive' });
  const dialog = el(doc, 'div', {
    role: 'alertdialog',
    'aria-modal': options.isHeld ? 'true' : 'false',
    'aria-labelledby': `${id}-title`,
    'aria-describedby': `${id}-desc`,
  });
  const title = el(doc, 'h2', { id: `${id}-title` });
  title.textContent = options.isHeld ? 'Runtype API key held back' : 'Runtype API key on this page';
  const desc = el(doc, 'div', { id: `${id}-desc` });
  const intro = el(doc, 'p');
  intro.textContent = `${options.isHeld ? 'rt-guard stopped a key from being ' : 'A key was '}${options.situation}.`;
  const list = el(doc, 'ul');
  for (const key of options.keys) {
    const item = el(doc, 'li');
    const code = el(doc, 'code');
    code.textContent = key.redacted;
    item.append(code, doc.createTextNode(` ${riskOf(key.kind, key.ruleId)}`));
    list.append(item);
  }
  desc.append(intro, list);
  const status = el(doc, 'p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const buttons = el(doc, 'div', { class: 'buttons' });
  dialog.append(title, desc, status, buttons);
  backdrop.append(dialog);
  root.append(backdrop);

  let isOpen = true;
  const previousFocus = doc.activeElement as HTMLElement | null;
  function close(reason: 'cancel' | 'paste-anyway' | 'allow-site' | 'dismiss'): void {
    if (!isOpen) return;
    isOpen = false;
    host.remove();
    if (reason !== 'paste-anyway' && options.moveFocus) previousFocus?.focus?.();
    options.actions.onClose?.(reason);
  }

  function button(label: string, onClick: () => void, primary = false): HTMLButtonElement {
    const b = el(doc, 'button', primary ? { type: 'button', class: 'primary' } : { type: 'button' }) as HTMLButtonElement;
    b.textContent = label;
    b.addEventListener('click', (event) => {
      event.stopPropagation();
      onClick();
    });
    buttons.append(b);
    return b;
  }
  async function run(label: string, work: () => Promise<string>): Promise<void> {
    status.textContent = `${label}…`;
    try {
      status.textContent = await work();
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : String(error);
    }
  }

  const first = button(options.isHeld ? 'Cancel' : 'Dismiss', () => close(options.isHeld ? 'cancel' : 'dismiss'), true);
  const { onPasteAnyway, onAllowSite, onInspect, onRevoke } = options.actions;
  if (onPasteAnyway) {
    button('Paste anyway', () => {
      close('paste-anyway');
      onPasteAnyway();
    });
  }
  if (onAllowSite) {
    button('Always allow on this site', () => {
      void onAllowSite().then(
        () => close('allow-site'),
        (error: unknown) => (status.textContent = error instanceof Error ? error.message : String(error)),
      );
    });
  }
  if (onInspect) button('Inspect', () => void run('Checking the key with the Runtype API', onInspect));
  if (onRevoke) {
    const revoke = button('Revoke…', () => {
      revoke.hidden = true;
      status.textContent = `Revoke ${options.keys.map((k) => k.redacted).join(', ')}? Every app using it stops working at once.`;
      const confirm = button('Confirm revoke', () => {
        confirm.remove();
        void run('Revoking', onRevoke);
      });
      confirm.focus();
    });
  }

  root.addEventListener('keydown', (event) => {
    const e = event as KeyboardEvent;
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      close(options.isHeld ? 'cancel' : 'dismiss');
    } else if (e.key === 'Tab') trapTab(e, root, buttons);
  });
  // Keystrokes inside the dialog are ours: the page must not see them (or act on them).
  for (const type of ['keyup', 'keypress', 'input', 'paste', 'copy']) root.addEventListener(type, (event) => event.stopPropagation());

  (doc.documentElement ?? doc.body).append(host);
  if (options.moveFocus) first.focus();
  return {
    close: (reason) => close(reason),
    get isOpen() {
      return isOpen;
    },
  };
}

function trapTab(event: KeyboardEvent, root: ShadowRoot, buttons: HTMLElement): void {
  const focusable = [...buttons.querySelectorAll('button')].filter((b) => !b.hidden);
  if (focusable.length === 0) return;
  const index = focusable.indexOf(root.activeElement as HTMLButtonElement);
  const next = event.shiftKey ? (index <= 0 ? focusable.length - 1 : index - 1) : (index + 1) % focusable.length;
  event.preventDefault();
  focusable[next]!.focus();
}

function el(doc: Document, tag: string, attributes: Record<string, string> = {}): HTMLElement {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

// A constructed stylesheet is not subject to the page's style-src CSP; fall back to <style>
// where adopting one fails (Firefox content-script compartments).
function applyStyle(doc: Document, root: ShadowRoot): void {
  try {
    const View = doc.defaultView as (Window & typeof globalThis) | null;
    if (View && 'adoptedStyleSheets' in root) {
      const sheet = new View.CSSStyleSheet();
      sheet.replaceSync(STYLE);
      root.adoptedStyleSheets = [sheet];
      return;
    }
  } catch {
    // fall through
  }
  const style = doc.createElement('style');
  style.textContent = STYLE;
  root.append(style);
}

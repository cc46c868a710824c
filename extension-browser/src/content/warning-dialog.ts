/**
 * The warning shown when a key meets a web page. Rendered in a CLOSED shadow root so the page's
 * scripts cannot read it (it only ever shows redacted keys anyway), with role="alertdialog",
 * focus moved in and trapped, and Escape meaning Cancel. Host-free: runs under happy-dom.
 *
 * A page must not be able to hide, restyle or click through it (issue 10 item 5): the box is a
 * `<dialog>` in the top layer (`showModal()` for a held paste, a manual popover for a passive
 * warning), so no page element, transform, opacity or clip of an ancestor can cover or fade it;
 * the host resets every inherited style with `all: initial !important` (inner-context important
 * rules beat the page's, even its inline `!important`); buttons act only on trusted clicks once
 * the dialog has been visibly on screen for a moment (dialog-arming.ts); and "Always allow on
 * this site" asks a second, explicit confirmation.
 */
import { riskOf, type KeyKind } from '../shared/key-kind.ts';
import { createArming } from './dialog-arming.ts';

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
  /** The page's origin, named in the "Always allow" confirmation. */
  origin?: string;
  /** Clock and delay for the click guard; tests pass their own. */
  now?: () => number;
  armDelayMs?: number;
}

export interface WarningHandle {
  close(reason: 'cancel' | 'dismiss'): void;
  readonly isOpen: boolean;
}

const STYLE = `
:host { all: initial !important; display: block !important; position: static !important; visibility: visible !important; opacity: 1 !important; }
.box { all: initial; box-sizing: content-box; display: block; position: fixed; z-index: 2147483647; inset: 10vh 0 auto 0; margin: 0 auto; max-width: 480px; width: max-content; max-height: 80vh; overflow: auto; background: #fff; color: #1b1b1b; font: 14px/1.45 system-ui, sans-serif; border: 2px solid #b00020; border-radius: 8px; padding: 16px 18px; box-shadow: 0 8px 32px rgba(0,0,0,.35); visibility: visible; opacity: 1; }
.box.passive { inset: auto 16px 16px auto; margin: 0; }
.box::backdrop { background: rgba(0,0,0,.35); }
.box.passive::backdrop { background: transparent; }
h2 { display: block; font-size: 16px; font-weight: bold; margin: 0 0 8px; color: #b00020; }
p { display: block; margin: 0 0 6px; }
code { font: 13px ui-monospace, monospace; background: #f3f3f3; padding: 1px 4px; border-radius: 3px; }
ul { display: block; margin: 6px 0; padding-left: 20px; }
li { display: list-item; list-style: disc; }
.status { min-height: 1.2em; margin: 8px 0 0; color: #333; }
.buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 12px; }
button { font: inherit; padding: 5px 10px; border-radius: 5px; border: 1px solid #888; background: #f7f7f7; color: #111; cursor: pointer; }
button[hidden] { display: none; }
button[aria-disabled=true] { opacity: .55; cursor: not-allowed; }
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

  // A passive warning is a popover <div>: showing a <dialog> as a popover would move focus into it.
  const dialog = el(doc, options.isHeld ? 'dialog' : 'div', {
    role: 'alertdialog',
    class: options.isHeld ? 'box held' : 'box passive',
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
  root.append(dialog);

  const win = doc.defaultView ?? window;
  const arming = createArming({
    target: dialog,
    win,
    ...(options.now ? { now: options.now } : {}),
    ...(options.armDelayMs !== undefined ? { delayMs: options.armDelayMs } : {}),
    onChange: (isArmed) => {
      // Readable through the closed shadow root only by the browser's own tools (and the e2e tests via CDP).
      dialog.setAttribute('data-armed', String(isArmed));
      for (const b of buttons.querySelectorAll('button')) b.setAttribute('aria-disabled', String(!isArmed));
    },
  });

  let isOpen = true;
  const previousFocus = doc.activeElement as HTMLElement | null;
  function close(reason: 'cancel' | 'paste-anyway' | 'allow-site' | 'dismiss'): void {
    if (!isOpen) return;
    isOpen = false;
    arming.stop();
    try {
      if (options.isHeld) (dialog as HTMLDialogElement).close?.();
      else (dialog as HTMLElement & { hidePopover?: () => void }).hidePopover?.();
    } catch {
      // not open in the top layer (a fallback DOM): removing the host is enough
    }
    host.remove();
    if (reason !== 'paste-anyway' && options.moveFocus) previousFocus?.focus?.();
    options.actions.onClose?.(reason);
  }

  /** A button whose action runs only for a trusted click on an armed dialog, `delayMs` after it appeared. */
  function button(label: string, onClick: () => void, primary = false): HTMLButtonElement {
    const b = el(doc, 'button', primary ? { type: 'button', class: 'primary' } : { type: 'button' }) as HTMLButtonElement;
    b.textContent = label;
    b.setAttribute('aria-disabled', String(!arming.isArmed()));
    const shownAt = arming.now();
    b.addEventListener('click', (event) => {
      event.stopPropagation();
      event.preventDefault();
      if (!arming.accepts(event, shownAt)) return;
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
    const allow = button('Always allow on this site', () => {
      allow.hidden = true;
      const site = options.origin ?? 'this site';
      status.textContent = `Never warn about Runtype keys on ${site} again? Every key pasted there will reach the site. You can undo this in rt-guard's options.`;
      const confirm = button(`Yes, always allow ${site}`, () => {
        confirm.remove();
        void onAllowSite().then(
          () => close('allow-site'),
          (error: unknown) => (status.textContent = error instanceof Error ? error.message : String(error)),
        );
      });
      confirm.focus();
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
    if (!e.isTrusted) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      close(options.isHeld ? 'cancel' : 'dismiss');
    } else if (e.key === 'Tab') trapTab(e, root, buttons);
  });
  // Escape on a modal <dialog> fires `cancel`: it means Cancel here too, through close().
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    if (event.isTrusted) close(options.isHeld ? 'cancel' : 'dismiss');
  });
  // Keystrokes inside the dialog are ours: the page must not see them (or act on them).
  for (const type of ['keyup', 'keypress', 'input', 'paste', 'copy']) root.addEventListener(type, (event) => event.stopPropagation());

  (doc.documentElement ?? doc.body).append(host);
  showInTopLayer(dialog, options.isHeld);
  if (options.moveFocus) first.focus();
  return {
    close: (reason) => close(reason),
    get isOpen() {
      return isOpen;
    },
  };
}

/**
 * Puts the dialog in the top layer, above everything the page can draw: modal for a held paste
 * (the page is inert behind it), a manual popover for a passive warning (no focus taken). Where
 * neither exists (test DOMs), it stays a fixed-position box.
 */
function showInTopLayer(dialog: HTMLElement, isModal: boolean): void {
  try {
    if (isModal && typeof (dialog as HTMLDialogElement).showModal === 'function') {
      (dialog as HTMLDialogElement).showModal();
      return;
    }
    if (!isModal && typeof (dialog as HTMLElement & { showPopover?: () => void }).showPopover === 'function') {
      dialog.setAttribute('popover', 'manual');
      (dialog as HTMLElement & { showPopover: () => void }).showPopover();
      return;
    }
  } catch {
    // fall through to the plain box
  }
  dialog.setAttribute('open', '');
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

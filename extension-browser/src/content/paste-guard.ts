/**
 * The paste/drop/typing guard. Listeners go on `window` in the capture phase, registered at
 * document_start before any page script, so for a held key `stopImmediatePropagation` +
 * `preventDefault` keep it from the page's DOM and from every page listener. Host-free: the
 * extension wiring (settings, background messages) comes in through `GuardDeps`.
 *
 * Only trusted events count (issue 10): an event a page's script dispatches itself
 * (`isTrusted === false`) is not the user's paste, so it gets no dialog, no report and no
 * `preventDefault`: nothing that would let a page drive the warning or learn the extension is there.
 */
import { redactText, type Detector } from '@rt-guard/core';
import type { Detection } from '../shared/messages.ts';
import type { Settings } from '../shared/settings.ts';
import { decide, type GuardFinding } from './decide.ts';
import { captureCaret, currentText, eventTarget, insertAtCaret, isTextField, richEditableOf, type Caret } from './editable.ts';
import type { KeyRegistry } from './key-registry.ts';
import { openWarning, type WarningHandle } from './warning-dialog.ts';

export interface GuardDeps {
  window: Window;
  detector: Detector;
  registry: KeyRegistry;
  getSettings(): Settings;
  /** Tells the background what was found (redacted). */
  report(detections: Detection[]): void;
  /** Background calls for the dialog's buttons; each resolves with a line for the user. */
  inspect(key: string): Promise<string>;
  revoke(key: string): Promise<string>;
  allowOrigin(origin: string): Promise<void>;
  signal: AbortSignal;
}

type Source = 'paste' | 'drop' | 'input';

/** Installs the guard on `deps.window`; abort `deps.signal` to remove it. */
export function installGuard(deps: GuardDeps): void {
  const win = deps.window;
  const doc = win.document;
  // The document's origin (`self.origin`), not its URL's: an about:srcdoc or about:blank frame has
  // its creator's origin under an "about:" URL. Read when needed: document.open() can change it.
  const originNow = (): string => win.origin ?? win.location.origin;
  // Keys the user already saw a warning for, per element: never nag twice about the same key.
  const acknowledged = new WeakMap<Element, Set<string>>();
  let isInserting = false;
  let dialog: WarningHandle | undefined;

  function acknowledge(element: Element, findings: readonly GuardFinding[]): void {
    const set = acknowledged.get(element) ?? new Set<string>();
    for (const f of findings) set.add(f.fingerprint);
    acknowledged.set(element, set);
  }

  function describe(element: Element): string {
    if (isTextField(element)) return element.localName === 'textarea' ? 'a text area' : 'a text field';
    return richEditableOf(element) ? 'a rich-text editor' : 'the page';
  }

  function toDetections(findings: readonly GuardFinding[], source: Source, element: Element): Detection[] {
    return findings.map((f) => ({
      id: deps.registry.add(f.secret),
      ruleId: f.ruleId,
      kind: f.kind,
      redacted: f.redacted,
      fingerprint: f.fingerprint,
      source,
      where: redactText(`${element.localName}${element.id ? `#${element.id}` : ''}`).slice(0, 200),
    }));
  }

  function warn(findings: GuardFinding[], source: Source, element: Element, held?: { caret: Caret; text: string }): void {
    deps.report(toDetections(findings, source, element));
    acknowledge(isTextField(element) ? element : (richEditableOf(element) ?? element), findings);
    const verb = source === 'paste' ? 'pasted' : source === 'drop' ? 'dropped' : 'typed or autofilled';
    const first = findings[0]!;
    const inputType = source === 'drop' ? 'insertFromDrop' : 'insertFromPaste';
    const origin = originNow();
    const open = (): void => {
      dialog?.close('dismiss');
      dialog = openWarning(doc, {
        keys: findings.map((f) => ({ redacted: f.redacted, kind: f.kind, ruleId: f.ruleId })),
        isHeld: held !== undefined,
        situation: `${verb} into ${describe(element)} on ${origin}`,
        origin,
        // Only a held paste takes focus: a passive warning must not pull the caret out of a field.
        moveFocus: held !== undefined,
        actions: {
          ...(held ? { onPasteAnyway: () => insert(held.caret, held.text, inputType) } : {}),
          // A data: or sandboxed frame has an opaque origin ("null"): there is no site to allow.
          ...(origin === 'null'
            ? {}
            : {
                onAllowSite: async () => {
                  await deps.allowOrigin(origin);
                  if (held) insert(held.caret, held.text, inputType);
                },
              }),
          onInspect: () => deps.inspect(first.secret),
          onRevoke: () => deps.revoke(first.secret),
        },
      });
    };
    // A paste that goes through is inserted after this handler returns: open the warning after it.
    if (held) open();
    else win.setTimeout(open, 0);
  }

  function insert(caret: Caret, text: string, inputType: 'insertFromPaste' | 'insertFromDrop'): void {
    isInserting = true;
    try {
      // The events this dispatches (input, or a paste for a non-editable target) are untrusted,
      // so the listeners below let them through untouched.
      insertAtCaret(caret, text, inputType);
    } finally {
      isInserting = false;
    }
  }

  function guardTransfer(event: Event, text: string, source: 'paste' | 'drop'): void {
    const element = eventTarget(event);
    if (!element || text.length === 0) return;
    const decision = decide(text, originNow(), deps.getSettings(), deps.detector);
    if (decision.action === 'none' || decision.action === 'off') return;
    if (decision.action === 'block') {
      event.preventDefault();
      event.stopImmediatePropagation();
      warn(decision.findings, source, element, { caret: captureCaret(element), text });
    } else {
      // Warn mode: the paste goes through; the warning must not take it over.
      warn(decision.findings, source, element);
    }
  }

  function onPaste(event: Event): void {
    if (!isUserEvent(event)) return;
    const e = event as ClipboardEvent;
    guardTransfer(e, e.clipboardData?.getData('text/plain') ?? '', 'paste');
  }
  function onDrop(event: Event): void {
    if (!isUserEvent(event)) return;
    const e = event as DragEvent;
    guardTransfer(e, e.dataTransfer?.getData('text/plain') ?? '', 'drop');
  }

  // Typing and autofill: the text is already in the field, so warn, never change it.
  function onEdit(event: Event): void {
    if (isInserting || !isUserEvent(event)) return;
    const inputType = (event as InputEvent).inputType;
    if (inputType === 'insertFromPaste' || inputType === 'insertFromDrop') return;
    const element = eventTarget(event);
    if (!element) return;
    const text = currentText(element);
    if (text === undefined || !deps.detector.hasCandidate(text)) return;
    const decision = decide(text, originNow(), deps.getSettings(), deps.detector);
    if (decision.action === 'none' || decision.action === 'off') return;
    const owner = isTextField(element) ? element : (richEditableOf(element) ?? element);
    const seen = acknowledged.get(owner);
    const fresh = decision.findings.filter((f) => !seen?.has(f.fingerprint));
    if (fresh.length > 0) warn(fresh, 'input', element);
  }

  const options = { capture: true, signal: deps.signal };
  function listen(): void {
    // Adding the same listener twice is a no-op, so this is safe to repeat.
    win.addEventListener('paste', onPaste, options);
    win.addEventListener('drop', onDrop, options);
    win.addEventListener('input', onEdit, options);
    win.addEventListener('change', onEdit, options);
  }
  listen();
  // document.open() (a page writing an about:blank frame) erases every listener on the window,
  // ours included; it also empties the document, which a MutationObserver (not erased) sees.
  const reinstall = new (win as Window & typeof globalThis).MutationObserver(() => {
    if (!deps.signal.aborted) listen();
  });
  reinstall.observe(doc, { childList: true });
  deps.signal.addEventListener('abort', () => reinstall.disconnect());
  deps.signal.addEventListener('abort', () => dialog?.close('dismiss'));
}

/**
 * True only for events the browser dispatched for the user (a real paste, drop, keystroke or
 * autofill). `isTrusted` is unforgeable: a page cannot redefine it on an event it creates.
 */
export function isUserEvent(event: Event): boolean {
  return event.isTrusted === true;
}

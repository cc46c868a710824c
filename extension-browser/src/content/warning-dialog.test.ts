import { afterEach, describe, expect, it } from 'vitest';
import { DIALOG_TAG, openWarning, type WarningOptions } from './warning-dialog.ts';

let clock = 0;
const ARM = 500;

/** A click the browser made for the user (happy-dom has no isTrusted flag). */
function trustedClick(target: Element): void {
  target.dispatchEvent(Object.defineProperty(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }), 'isTrusted', { value: true }));
}

function trustedKey(target: Element, init: KeyboardEventInit): void {
  target.dispatchEvent(
    Object.defineProperty(new KeyboardEvent('keydown', { bubbles: true, composed: true, cancelable: true, ...init }), 'isTrusted', { value: true }),
  );
}

// The dialog's shadow root is closed: tests reach it the way the module does, by capturing it.
function openCapturing(options: WarningOptions): { root: ShadowRoot; closed: string[] } {
  const original = Element.prototype.attachShadow;
  let root: ShadowRoot | undefined;
  Element.prototype.attachShadow = function (init: ShadowRootInit) {
    root = original.call(this, init);
    return root;
  };
  try {
    const closed: string[] = [];
    openWarning(document, { now: () => clock, armDelayMs: ARM, ...options, actions: { ...options.actions, onClose: (reason) => closed.push(reason) } });
    return { root: root!, closed };
  } finally {
    Element.prototype.attachShadow = original;
  }
}

const base: WarningOptions = {
  keys: [{ redacted: 'rt_live_…Ab12', kind: 'live' }],
  isHeld: true,
  situation: 'pasted into a text area on https://example.com',
  moveFocus: true,
  actions: {},
};

afterEach(() => document.querySelectorAll(DIALOG_TAG).forEach((el) => el.remove()));

describe('warning dialog', () => {
  it('is an accessible alertdialog in a closed shadow root, labelled and described, with focus inside', () => {
    document.body.innerHTML = '<textarea id="ta"></textarea>';
    document.getElementById('ta')!.focus();
    const { root } = openCapturing({ ...base, actions: { onPasteAnyway: () => undefined } });
    const host = document.querySelector(DIALOG_TAG)!;
    expect(host.shadowRoot).toBeNull();
    const dialog = root.querySelector('[role="alertdialog"]')!;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(root.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('Runtype API key held back');
    expect(root.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent).toContain('rt_live_…Ab12');
    expect(root.activeElement?.textContent).toBe('Cancel');
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Cancel', 'Paste anyway']);
  });

  it('Escape cancels and gives focus back', () => {
    document.body.innerHTML = '<textarea id="ta"></textarea>';
    const ta = document.getElementById('ta')!;
    ta.focus();
    const { root, closed } = openCapturing(base);
    trustedKey(root.querySelector('button')!, { key: 'Escape' });
    expect(closed).toEqual(['cancel']);
    expect(document.querySelector(DIALOG_TAG)).toBeNull();
    expect(document.activeElement).toBe(ta);
  });

  it('Tab stays inside the dialog', () => {
    const { root } = openCapturing({ ...base, actions: { onPasteAnyway: () => undefined, onInspect: async () => 'ok' } });
    const buttons = [...root.querySelectorAll('button')];
    const tab = (shiftKey = false) => trustedKey(root.activeElement!, { key: 'Tab', shiftKey });
    tab();
    expect(root.activeElement).toBe(buttons[1]);
    tab();
    tab();
    expect(root.activeElement).toBe(buttons[0]);
    tab(true);
    expect(root.activeElement).toBe(buttons[2]);
  });

  it('Paste anyway closes and runs the action; Revoke asks for confirmation first', async () => {
    let pasted = 0;
    let revoked = 0;
    const { root, closed } = openCapturing({
      ...base,
      actions: { onPasteAnyway: () => void pasted++, onRevoke: async () => `revoked ${++revoked}` },
    });
    const byText = (text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === text)!;
    clock += ARM;
    trustedClick(byText('Revoke…'));
    expect(revoked).toBe(0);
    expect(root.querySelector('[role="status"]')!.textContent).toContain('Every app using it stops working');
    trustedClick(byText('Confirm revoke')); // too soon: the confirmation must be visible for a moment too
    expect(byText('Confirm revoke')).toBeDefined();
    clock += ARM;
    trustedClick(byText('Confirm revoke'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(root.querySelector('[role="status"]')!.textContent).toBe('revoked 1');
    trustedClick(byText('Paste anyway'));
    expect(pasted).toBe(1);
    expect(closed).toEqual(['paste-anyway']);
  });

  it('a passive warning (key already in the field) is not modal, does not take focus, and offers Dismiss', () => {
    document.body.innerHTML = '<input id="in">';
    const input = document.getElementById('in')!;
    input.focus();
    const { root } = openCapturing({ ...base, isHeld: false, moveFocus: false });
    expect(root.querySelector('[role="alertdialog"]')!.getAttribute('aria-modal')).toBe('false');
    expect(document.activeElement).toBe(input);
    expect(root.querySelector('button')!.textContent).toBe('Dismiss');
  });

  describe('a page cannot click it through', () => {
    const actions = () => {
      const calls: string[] = [];
      return {
        calls,
        actions: {
          onPasteAnyway: () => void calls.push('paste'),
          onAllowSite: async () => void calls.push('allow'),
          onRevoke: async () => {
            calls.push('revoke');
            return 'revoked';
          },
        },
      };
    };
    const byText = (root: ShadowRoot, text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === text);

    it('a script click() does nothing, even long after the dialog opened', () => {
      const { calls, actions: a } = actions();
      const { root, closed } = openCapturing({ ...base, actions: a });
      clock += 10 * ARM;
      for (const b of root.querySelectorAll('button')) b.click();
      byText(root, 'Cancel')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      expect(calls).toEqual([]);
      expect(closed).toEqual([]);
      expect(document.querySelector(DIALOG_TAG)).not.toBeNull();
    });

    it('a real click before the dialog has been visible for a moment does nothing; after it, it acts', () => {
      const { calls, actions: a } = actions();
      const { root } = openCapturing({ ...base, actions: a });
      const paste = byText(root, 'Paste anyway')!;
      expect(paste.getAttribute('aria-disabled')).toBe('true');
      clock += ARM - 1;
      trustedClick(paste);
      expect(calls).toEqual([]);
      clock += 1;
      trustedClick(paste);
      expect(calls).toEqual(['paste']);
    });

    it('a hidden tab disarms it: the delay starts again once the page is visible', () => {
      const { calls, actions: a } = actions();
      const { root } = openCapturing({ ...base, actions: a });
      clock += ARM;
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      trustedClick(byText(root, 'Paste anyway')!);
      expect(calls).toEqual([]);
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      trustedClick(byText(root, 'Paste anyway')!);
      expect(calls).toEqual([]);
      clock += ARM;
      trustedClick(byText(root, 'Paste anyway')!);
      expect(calls).toEqual(['paste']);
    });

    it('"Always allow on this site" asks a second, explicit confirmation naming the site', async () => {
      const { calls, actions: a } = actions();
      const { root, closed } = openCapturing({ ...base, origin: 'https://example.com', actions: a });
      clock += ARM;
      trustedClick(byText(root, 'Always allow on this site')!);
      expect(calls).toEqual([]);
      expect(root.querySelector('[role="status"]')!.textContent).toContain('Never warn about Runtype keys on https://example.com again?');
      const confirm = byText(root, 'Yes, always allow https://example.com')!;
      expect(root.activeElement).toBe(confirm);
      trustedClick(confirm); // a double click lands here: too soon
      expect(calls).toEqual([]);
      clock += ARM;
      trustedClick(confirm);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(calls).toEqual(['allow']);
      expect(closed).toEqual(['allow-site']);
    });

    it('is a <dialog> shown modally (top layer) for a held paste, and a synthetic Escape is ignored', () => {
      const { root, closed } = openCapturing(base);
      const dialog = root.querySelector('dialog')!;
      expect(dialog.getAttribute('role')).toBe('alertdialog');
      expect(dialog.open).toBe(true);
      root.querySelector('button')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
      expect(closed).toEqual([]);
    });
  });
});

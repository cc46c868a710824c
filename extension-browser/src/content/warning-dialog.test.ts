import { afterEach, describe, expect, it } from 'vitest';
import { DIALOG_TAG, openWarning, type WarningOptions } from './warning-dialog.ts';

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
    openWarning(document, { ...options, actions: { ...options.actions, onClose: (reason) => closed.push(reason) } });
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
    root.querySelector('button')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(closed).toEqual(['cancel']);
    expect(document.querySelector(DIALOG_TAG)).toBeNull();
    expect(document.activeElement).toBe(ta);
  });

  it('Tab stays inside the dialog', () => {
    const { root } = openCapturing({ ...base, actions: { onPasteAnyway: () => undefined, onInspect: async () => 'ok' } });
    const buttons = [...root.querySelectorAll('button')];
    const tab = (shiftKey = false) => root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey, bubbles: true, composed: true }));
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
    byText('Revoke…').click();
    expect(revoked).toBe(0);
    expect(root.querySelector('[role="status"]')!.textContent).toContain('Every app using it stops working');
    byText('Confirm revoke').click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(root.querySelector('[role="status"]')!.textContent).toBe('revoked 1');
    byText('Paste anyway').click();
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
});

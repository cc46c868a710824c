import { describe, expect, it } from 'vitest';
import { captureCaret, eventTarget, insertAtCaret, isTextField } from './editable.ts';

describe('editable helpers', () => {
  it('recognizes text fields, not checkboxes or buttons', () => {
    document.body.innerHTML = '<input id="a"><input id="b" type="password"><input id="c" type="checkbox"><textarea id="d"></textarea><button id="e"></button>';
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => isTextField(document.getElementById(id)!))).toEqual([true, true, false, true, false]);
  });

  it('inserts at the caret through the native setter, so a page value tracker (React) sees a change', () => {
    document.body.innerHTML = '<input id="in" value="ab">';
    const input = document.getElementById('in') as HTMLInputElement;
    const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
    let tracked = input.value;
    Object.defineProperty(input, 'value', {
      configurable: true,
      get: () => native.get!.call(input),
      set: (v: string) => ((tracked = v), native.set!.call(input, v)),
    });
    const changes: string[] = [];
    input.addEventListener('input', (event) => {
      const now = native.get!.call(input) as string;
      if (now !== tracked) changes.push(`${(event as InputEvent).inputType}:${now}`);
    });
    input.setSelectionRange(1, 1);
    const caret = captureCaret(input);
    insertAtCaret(caret, 'XYZ', 'insertFromPaste');
    expect(input.value).toBe('aXYZb');
    expect(changes).toEqual(['insertFromPaste:aXYZb']);
    expect(input.selectionStart).toBe(4);
  });

  it('replaces the selection that was active when the paste was held', () => {
    document.body.innerHTML = '<textarea id="ta">hello world</textarea>';
    const ta = document.getElementById('ta') as HTMLTextAreaElement;
    ta.setSelectionRange(6, 11);
    const caret = captureCaret(ta);
    ta.setSelectionRange(0, 0); // focus moved to the dialog and back
    insertAtCaret(caret, 'there', 'insertFromDrop');
    expect(ta.value).toBe('hello there');
  });

  it('inserts into contenteditable and tells the page', () => {
    document.body.innerHTML = '<div id="ce" contenteditable="true">start</div>';
    const ce = document.getElementById('ce')!;
    const events: string[] = [];
    ce.addEventListener('input', (event) => events.push((event as InputEvent).inputType));
    insertAtCaret(captureCaret(ce), ' more', 'insertFromPaste');
    expect(ce.textContent).toBe('start more');
    expect(events.length).toBeGreaterThan(0);
  });

  it('finds the real element behind an open shadow root', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const inner = document.createElement('input');
    host.attachShadow({ mode: 'open' }).append(inner);
    let seen: Element | undefined;
    document.addEventListener('focusin', (event) => (seen = eventTarget(event)), { once: true });
    inner.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    expect(seen).toBe(inner);
  });
});

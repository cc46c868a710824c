/**
 * Editable elements and text insertion that frameworks notice. Host-free DOM code (no extension
 * APIs) so it runs under happy-dom in unit tests.
 */

export type TextField = HTMLInputElement | HTMLTextAreaElement;

/** Where the caret was when a paste or drop was held, so "Paste anyway" inserts at the same place. */
export type Caret =
  | { kind: 'field'; element: TextField; start: number; end: number }
  | { kind: 'rich'; element: HTMLElement; range: Range | undefined }
  | { kind: 'other'; element: Element };

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'password', 'email', '']);

/** True for `<textarea>` and text-like `<input>` elements. */
export function isTextField(element: Element): element is TextField {
  if (element.localName === 'textarea') return true;
  return element.localName === 'input' && TEXT_INPUT_TYPES.has(((element as HTMLInputElement).type ?? '').toLowerCase());
}

/** The contenteditable root an element belongs to, if any. */
export function richEditableOf(element: Element): HTMLElement | undefined {
  const host = element.closest('[contenteditable]:not([contenteditable="false"])');
  if (host && (host as HTMLElement).isContentEditable !== false) return host as HTMLElement;
  return undefined;
}

/**
 * The element an event really happened in. Listeners on `window` see events retargeted to the
 * outermost shadow host; `composedPath()[0]` is the element inside open shadow roots.
 */
export function eventTarget(event: Event): Element | undefined {
  const first = event.composedPath()[0] ?? event.target;
  if (first && (first as Node).nodeType === 1) return first as Element;
  if (first && (first as Node).nodeType === 3) return (first as Text).parentElement ?? undefined;
  return undefined;
}

/** Remembers the caret of the element the event targets. */
export function captureCaret(element: Element): Caret {
  if (isTextField(element)) {
    const length = element.value.length;
    return { kind: 'field', element, start: element.selectionStart ?? length, end: element.selectionEnd ?? length };
  }
  const rich = richEditableOf(element);
  if (rich) {
    const root = rich.getRootNode() as Document | (ShadowRoot & { getSelection?: () => Selection | null });
    const selection = (typeof root.getSelection === 'function' ? root.getSelection() : null) ?? rich.ownerDocument.getSelection();
    const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0).cloneRange() : undefined;
    return { kind: 'rich', element: rich, range: range && rich.contains(range.startContainer) ? range : undefined };
  }
  return { kind: 'other', element };
}

/**
 * The text a field would hold once `text` replaces the selection at `caret`; used to scan what a
 * held paste would have produced.
 */
export function fieldValueAfter(caret: Extract<Caret, { kind: 'field' }>, text: string): string {
  const value = caret.element.value;
  return value.slice(0, caret.start) + text + value.slice(caret.end);
}

/**
 * Inserts exactly `text` at `caret` and fires the events a framework listens to. Fields use the
 * prototype's native value setter, so a page-side value tracker (React's) sees a change and its
 * onChange runs; contenteditable uses `execCommand('insertText')`, which also keeps undo working.
 */
export function insertAtCaret(caret: Caret, text: string, inputType: 'insertFromPaste' | 'insertFromDrop'): boolean {
  const { element } = caret;
  if (caret.kind === 'field') {
    const field = caret.element;
    field.focus();
    const proto = field.localName === 'textarea' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const setValue = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    const next = fieldValueAfter(caret, text);
    if (setValue) setValue.call(field, next);
    else field.value = next;
    const caretAt = Math.min(caret.start + text.length, field.value.length);
    try {
      field.setSelectionRange(caretAt, caretAt);
    } catch {
      // email/number inputs have no selection API; the value is in place, which is what counts.
    }
    field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType, data: text }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
    return true;
  }
  if (caret.kind === 'rich') {
    caret.element.focus();
    const selection = caret.element.ownerDocument.getSelection();
    if (selection && caret.range) {
      selection.removeAllRanges();
      selection.addRange(caret.range);
    }
    const doc = caret.element.ownerDocument;
    if (typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, text)) return true;
    // execCommand is missing or refused (some test DOMs): insert a text node and tell the page.
    const range = caret.range ?? rangeAtEnd(caret.element);
    range.deleteContents();
    range.insertNode(caret.element.ownerDocument.createTextNode(text));
    caret.element.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType, data: text }));
    return true;
  }
  // Not an editable element (a canvas editor, a custom widget): hand it the paste it expected.
  const data = new DataTransfer();
  data.setData('text/plain', text);
  return element.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, composed: true, cancelable: true, clipboardData: data }));
}

function rangeAtEnd(element: HTMLElement): Range {
  const range = element.ownerDocument.createRange();
  range.selectNodeContents(element);
  range.collapse(false);
  return range;
}

/** The current text of an editable element, capped so a huge editor never stalls a keystroke. */
export function currentText(element: Element, cap = 200_000): string | undefined {
  if (isTextField(element)) return element.value.slice(0, cap);
  const rich = richEditableOf(element);
  return rich ? (rich.textContent ?? '').slice(0, cap) : undefined;
}

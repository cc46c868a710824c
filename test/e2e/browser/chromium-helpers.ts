// Chromium-side helpers: the warning dialog lives in a CLOSED shadow root, which page scripts
// (and Playwright selectors) cannot see; the DevTools protocol's pierce mode can, so the tests read
// it the way assistive technology does, without any test hook in the extension.
import type { BrowserContext, Frame, Page } from 'playwright-core';

interface CdpNode {
  nodeType: number;
  backendNodeId?: number;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

export interface DialogView {
  role: string | undefined;
  ariaModal: string | undefined;
  text: string;
  buttons: string[];
  shadowMode: string | undefined;
  /** Rendered width of the alertdialog box in CSS pixels (0 when not rendered). */
  width: number;
  /** Do its buttons act yet (visible for long enough)? */
  armed: boolean;
  /** Is the box in the top layer (a modal <dialog> or an open popover)? */
  tagName: string | undefined;
}

function walk(node: CdpNode, visit: (node: CdpNode) => void): void {
  visit(node);
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? []), ...(node.contentDocument ? [node.contentDocument] : [])]) walk(child, visit);
}

function attr(node: CdpNode, name: string): string | undefined {
  const list = node.attributes ?? [];
  for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1];
  return undefined;
}

/** The warning dialog(s) in a page (and its same-process frames) or one frame, as text and buttons. */
export async function readDialogs(context: BrowserContext, page: Page | Frame): Promise<DialogView[]> {
  // A cross-origin iframe runs in its own renderer: pass the Frame to read its dialog.
  const cdp = await context.newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const views: DialogView[] = [];
    const dialogNodes: [DialogView, number][] = [];
    walk(root, (node) => {
      if (node.localName !== 'rt-guard-warning') return;
      const shadow = node.shadowRoots?.[0] as (CdpNode & { shadowRootType?: string }) | undefined;
      if (!shadow) return;
      const view: DialogView = {
        role: undefined,
        ariaModal: undefined,
        text: '',
        buttons: [],
        shadowMode: shadow.shadowRootType,
        width: 0,
        armed: false,
        tagName: undefined,
      };
      const texts: string[] = [];
      walk(shadow, (inner) => {
        if (inner.nodeType === 1 && attr(inner, 'role') === 'alertdialog') {
          view.role = 'alertdialog';
          view.ariaModal = attr(inner, 'aria-modal');
          view.armed = attr(inner, 'data-armed') === 'true';
          view.tagName = inner.localName;
          dialogNodes.push([view, inner.backendNodeId!]);
        }
        if (inner.nodeType === 3 && inner.nodeValue) texts.push(inner.nodeValue);
        if (inner.localName === 'button' && attr(inner, 'hidden') === undefined) {
          const label: string[] = [];
          walk(inner, (t) => t.nodeType === 3 && t.nodeValue && label.push(t.nodeValue));
          view.buttons.push(label.join(''));
        }
      });
      view.text = texts.filter((t) => !t.includes('{')).join(' ');
      views.push(view);
    });
    for (const [view, backendNodeId] of dialogNodes) {
      const box = (await cdp.send('DOM.getBoxModel', { backendNodeId }).catch(() => undefined)) as { model: { width: number } } | undefined;
      view.width = box?.model.width ?? 0;
    }
    return views;
  } finally {
    await cdp.detach();
  }
}

/** Resolves once `frame` holds a warning dialog host (the page sees the host, never its content). */
export async function waitForDialogHost(frame: Page | Frame, present = true): Promise<void> {
  await frame.waitForFunction((want) => (document.querySelector('rt-guard-warning') !== null) === want, present, { timeout: 10_000 });
}

/**
 * Resolves once the dialog's buttons act: it has been visible for its arming delay (a click
 * before that does nothing, by design). Read through CDP: the page itself cannot see it.
 */
export async function waitForArmed(context: BrowserContext, frame: Page | Frame): Promise<DialogView> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [view] = await readDialogs(context, frame);
    if (view?.armed) return view;
    if (Date.now() > deadline) throw new Error(`the warning dialog never armed: ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Is keyboard focus inside the warning dialog? (activeElement is retargeted to the host.) */
export function focusIsInDialog(frame: Page | Frame): Promise<boolean> {
  return frame.evaluate(() => document.activeElement?.localName === 'rt-guard-warning');
}

/**
 * A real paste, as a user makes it: `text` goes to the system clipboard (written from the top page,
 * which holds the clipboard permissions), then Ctrl+V in `selector` of `frame`. The browser fires
 * a trusted paste event, the only kind the extension acts on.
 */
export async function realPaste(page: Page, frame: Page | Frame, selector: string, text: string): Promise<void> {
  await page.bringToFront();
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await frame.focus(selector);
  await page.keyboard.press('Control+V');
}

/**
 * A real drag and drop with the mouse from the page's `#drag` element (whose dragstart puts
 * `text` on the drag data) into `selector`: the drop event is trusted.
 */
export async function realDrop(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate((value) => {
    document.getElementById('drag')!.addEventListener('dragstart', (event) => event.dataTransfer!.setData('text/plain', value), { once: true });
  }, text);
  await page.dragAndDrop('#drag', selector);
}

/**
 * What an attacking page's script can do: dispatch its own paste (ClipboardEvent with a
 * DataTransfer) at `selector`. Returns false when something cancelled it.
 */
export function syntheticPaste(frame: Page | Frame, selector: string, text: string): Promise<boolean> {
  return frame.evaluate(
    ({ selector: s, text: t }) => {
      const target = document.querySelector(s) as HTMLElement;
      target.focus();
      const data = new DataTransfer();
      data.setData('text/plain', t);
      return target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
    },
    { selector, text },
  );
}

/**
 * Runs `expression` (a promise-valued JS expression) in the extension's content-script world of
 * `page`'s main frame, the way a content script would, and returns its JSON value.
 */
export async function evaluateInContentScript<T>(context: BrowserContext, page: Page, extensionName: string, expression: string): Promise<T> {
  const cdp = await context.newCDPSession(page);
  try {
    const contexts: { id: number; name: string; auxData?: { type?: string; isDefault?: boolean; frameId?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', (event: { context: (typeof contexts)[number] }) => void contexts.push(event.context));
    await cdp.send('Runtime.enable');
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const world = contexts.find((c) => c.name === extensionName && c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id);
    if (!world) throw new Error(`no content-script world named "${extensionName}" in ${page.url()}`);
    const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true })) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (exceptionDetails) throw new Error(`content-script evaluation failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  } finally {
    await cdp.detach();
  }
}

/** The centre of the dialog's button labelled `label`, in page coordinates, for a real mouse click. */
export async function buttonCenter(context: BrowserContext, page: Page, label: string): Promise<{ x: number; y: number }> {
  const cdp = await context.newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    let found: number | undefined;
    walk(root, (node) => {
      if (node.localName !== 'button' || found !== undefined) return;
      const text: string[] = [];
      walk(node, (t) => t.nodeType === 3 && t.nodeValue && text.push(t.nodeValue));
      if (text.join('') === label) found = node.backendNodeId;
    });
    if (found === undefined) throw new Error(`no dialog button "${label}"`);
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: found })) as { model: { content: number[] } };
    const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
    return { x: (x1 + x3) / 2, y: (y1 + y3) / 2 };
  } finally {
    await cdp.detach();
  }
}

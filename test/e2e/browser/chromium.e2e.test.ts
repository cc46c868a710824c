// The built extension in real Chromium (Playwright persistent context), against pages served on
// 127.0.0.1 and the local Runtype API emulator. Keys are generated at test time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type ConsoleMessage, type Page, type Worker } from 'playwright-core';
import { startEmulator } from '../../emulator/server.mjs';
import { focusIsInDialog, readDialogs, realPaste, syntheticPaste, waitForDialogHost } from './chromium-helpers.ts';
import { buildExtension, chromiumArgs, DIST_CHROME, generateKey, REACT_LIKE_SCRIPT, recordingPage, startPageServer, tempDir, type PageServer } from './harness.ts';

let context: BrowserContext;
let worker: Worker;
let server: PageServer;
let profile: ReturnType<typeof tempDir>;
const consoleLines: string[] = [];
const generatedKeys: string[] = [];

function key(prefix: string): string {
  const k = generateKey(prefix);
  generatedKeys.push(k);
  return k;
}

function record(message: ConsoleMessage): void {
  consoleLines.push(`${message.type()}: ${message.text()}`);
}

async function open(path: string, body: string, extraScript = ''): Promise<Page> {
  server.routes.set(path, recordingPage(body, extraScript));
  const page = await context.newPage();
  page.on('console', record);
  await page.goto(`${server.origin}${path}`);
  // The content script registers at document_start; settings load right after.
  await page.waitForLoadState('load');
  return page;
}

async function setSettings(patch: Record<string, unknown>): Promise<void> {
  await worker.evaluate(async (p) => {
    const api = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: unknown): Promise<void> } } } }).chrome;
    const current = ((await api.storage.local.get('settings')).settings ?? {}) as Record<string, unknown>;
    await api.storage.local.set({ settings: { ...current, ...p } });
  }, patch);
}

beforeAll(async () => {
  buildExtension();
  server = await startPageServer();
  profile = tempDir('rt-guard-chromium-');
  context = await chromium.launchPersistentContext(profile.path, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: false,
    args: chromiumArgs(DIST_CHROME),
  });
  context.on('console', record);
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  worker.on('console', record);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  profile?.remove();
});

describe('paste guard in Chromium', () => {
  it('holds a live key pasted into a textarea: nothing reaches the page, an accessible dialog shows the redacted key', async () => {
    const live = key('rt_live_');
    const page = await open('/textarea', '<textarea id="ta"></textarea>');
    await realPaste(page, page, '#ta', live);
    await waitForDialogHost(page);

    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe('');
    const seen = await page.evaluate(() => (window as unknown as { __seen: { type: string }[] }).__seen);
    expect(seen.filter((s) => s.type === 'paste' || s.type === 'input')).toEqual([]);

    const [dialog] = await readDialogs(context, page);
    expect(dialog?.shadowMode).toBe('closed');
    expect(dialog?.role).toBe('alertdialog');
    expect(dialog?.ariaModal).toBe('true');
    expect(dialog?.text).toContain(`rt_live_…${live.slice(-4)}`);
    expect(dialog?.text).not.toContain(live);
    expect(dialog?.buttons).toEqual(['Cancel', 'Paste anyway', 'Always allow on this site', 'Inspect', 'Revoke…']);
    expect(await focusIsInDialog(page)).toBe(true);
    // The page cannot read the dialog.
    expect(await page.evaluate(() => document.querySelector('rt-guard-warning')?.shadowRoot ?? null)).toBeNull();

    await page.keyboard.press('Escape');
    await waitForDialogHost(page, false);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ta');
    await page.close();
  });

  it('"Paste anyway" inserts exactly what was pasted at the caret and fires input', async () => {
    const live = key('rt_live_');
    const page = await open('/anyway', '<textarea id="ta">before  after</textarea>');
    await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).setSelectionRange(7, 7));
    const pasted = `KEY=${live}`;
    await realPaste(page, page, '#ta', pasted);
    await waitForDialogHost(page);
    await page.keyboard.press('Tab'); // Cancel → Paste anyway
    await page.keyboard.press('Enter');
    await waitForDialogHost(page, false);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe(`before ${pasted} after`);
    const seen = await page.evaluate(() => (window as unknown as { __seen: { type: string; data: string }[] }).__seen);
    expect(seen.some((s) => s.type === 'input')).toBe(true);
    await page.close();
  });

  it('lets a test key through and shows a non-blocking warning', async () => {
    const test = key('rt_test_');
    const page = await open('/test-key', '<textarea id="ta"></textarea>');
    await realPaste(page, page, '#ta', test);
    await waitForDialogHost(page);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe(test);
    const [dialog] = await readDialogs(context, page);
    expect(dialog?.ariaModal).toBe('false');
    expect(dialog?.text).toContain(`rt_test_…${test.slice(-4)}`);
    expect(dialog?.buttons).not.toContain('Paste anyway');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ta');
    await page.close();
  });

  it('does nothing for a client token, nor on an allowlisted origin', async () => {
    const token = key('ct_live_');
    const page = await open('/client-token', '<textarea id="ta"></textarea>');
    await realPaste(page, page, '#ta', token);
    await page.waitForFunction(() => (document.getElementById('ta') as HTMLTextAreaElement).value.length > 0);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe(token);
    expect(await page.$('rt-guard-warning')).toBeNull();
    await page.close();

    await setSettings({ allowlist: [server.otherOrigin] });
    const live = key('rt_live_');
    server.routes.set('/allowed', recordingPage('<textarea id="ta"></textarea>'));
    const allowed = await context.newPage();
    allowed.on('console', record);
    await allowed.goto(`${server.otherOrigin}/allowed`);
    const delivered = await syntheticPaste(allowed, '#ta', live);
    expect(delivered).toBe(true); // not cancelled
    const seen = await allowed.evaluate(() => (window as unknown as { __seen: { type: string; data: string }[] }).__seen);
    expect(seen.filter((s) => s.type === 'paste').map((s) => s.data)).toEqual([live, live]);
    await allowed.waitForTimeout(300);
    expect(await allowed.$('rt-guard-warning')).toBeNull();
    await allowed.close();
    await setSettings({ allowlist: [] });
  });

  it('works with a React-style controlled input (value tracker) and with contenteditable', async () => {
    const live = key('rt_live_');
    const page = await open('/react', '<input id="react" type="text"><div id="ce" contenteditable="true"></div>', REACT_LIKE_SCRIPT);
    await realPaste(page, page, '#react', live);
    await waitForDialogHost(page);
    expect(await page.$eval('#react', (el) => (el as HTMLInputElement).value)).toBe('');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForDialogHost(page, false);
    expect(await page.$eval('#react', (el) => (el as HTMLInputElement).value)).toBe(live);
    expect(await page.evaluate(() => (window as unknown as { __reactChanges: string[] }).__reactChanges)).toEqual([live]);

    const live2 = key('rt_live_');
    await realPaste(page, page, '#ce', live2);
    await waitForDialogHost(page);
    expect(await page.$eval('#ce', (el) => el.textContent)).toBe('');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForDialogHost(page, false);
    expect(await page.$eval('#ce', (el) => el.textContent)).toBe(live2);
    await page.close();
  });

  it('guards a cross-origin iframe and an open shadow root', async () => {
    server.routes.set('/frame', recordingPage('<textarea id="inner"></textarea>'));
    const live = key('rt_live_');
    const page = await open(
      '/with-frame',
      `<iframe id="f" src="${server.otherOrigin}/frame"></iframe><div id="host"></div>`,
      `const root = document.getElementById('host').attachShadow({ mode: 'open' }); root.innerHTML = '<textarea id="shadowed"></textarea>';`,
    );
    const frame = page.frames().find((f) => f.url().startsWith(server.otherOrigin))!;
    await frame.waitForLoadState('load');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.otherOrigin });
    const notCancelled = await syntheticPaste(frame, '#inner', live);
    expect(notCancelled).toBe(false);
    await waitForDialogHost(frame);
    const seenInFrame = await frame.evaluate(() => (window as unknown as { __seen: { type: string }[] }).__seen);
    expect(seenInFrame).toEqual([]);
    const [inFrame] = await readDialogs(context, frame);
    expect(inFrame?.role).toBe('alertdialog');
    expect(inFrame?.text).toContain(`rt_live_…${live.slice(-4)}`);

    const shadowCancelled = await page.evaluate((k) => {
      const target = document.getElementById('host')!.shadowRoot!.getElementById('shadowed')!;
      const data = new DataTransfer();
      data.setData('text/plain', k);
      return !target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
    }, live);
    expect(shadowCancelled).toBe(true);
    await waitForDialogHost(page);
    await page.close();
  });

  it('holds a dropped key; "Paste anyway" inserts it', async () => {
    const live = key('rt_live_');
    const page = await open('/drop', '<textarea id="ta"></textarea>');
    const notCancelled = await page.evaluate((k) => {
      const target = document.getElementById('ta')!;
      const data = new DataTransfer();
      data.setData('text/plain', k);
      return target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true, composed: true }));
    }, live);
    expect(notCancelled).toBe(false);
    await waitForDialogHost(page);
    const seen = await page.evaluate(() => (window as unknown as { __seen: { type: string }[] }).__seen);
    expect(seen.filter((s) => s.type === 'drop')).toEqual([]);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForDialogHost(page, false);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe(live);
    await page.close();
  });

  it('warns about a typed key without changing what was typed', async () => {
    const live = key('rt_live_');
    const page = await open('/typed', '<input id="field" type="text">');
    await page.focus('#field');
    await page.keyboard.type(live, { delay: 0 });
    await waitForDialogHost(page);
    expect(await page.$eval('#field', (el) => (el as HTMLInputElement).value)).toBe(live);
    const [dialog] = await readDialogs(context, page);
    expect(dialog?.text).toContain('typed or autofilled');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field');
    await page.close();
  });
});

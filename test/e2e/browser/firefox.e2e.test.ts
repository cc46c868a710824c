// The built extension in real Firefox (puppeteer-core over WebDriver BiDi, temporary add-on),
// against pages served on 127.0.0.1 and the local Runtype API emulator. Pastes are real: Ctrl+C
// in a scratch field, Ctrl+V in the target, so the browser fires trusted events (the only kind
// the extension acts on). A page's own synthetic events use Firefox's `{dataType, data}` init.
// WebDriver BiDi refuses to navigate to moz-extension:// URLs, so the extension pages are driven
// through the options tab the extension opens on install, with raw BiDi script.evaluate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { startEmulator, type Emulator } from '../../api/helpers.ts';
import {
  buildExtension,
  createKeyOnEmulator,
  DIST_FIREFOX,
  generateKey,
  ADDED_NODES_SCRIPT,
  LOCAL_FRAMES_PAGE,
  REACT_LIKE_SCRIPT,
  recordingPage,
  startPageServer,
  type PageServer,
} from './harness.ts';
import { emergencyRotationScenario, redirectScenario, rollbackScenario, standardRotationScenario, WAIT_FOR, type ExtensionDriver } from './scenarios.ts';

const ADDON_ID = 'rt-guard@rt-guard.invalid';

let browser: Browser;
let server: PageServer;
let emulator: Emulator;
/** A second emulator answering exactly like Runtype's reference examples (issue 11). */
let documented: Emulator;
const consoleLines: string[] = [];
const keys: string[] = [];

function key(prefix: string): string {
  const k = generateKey(prefix);
  keys.push(k);
  return k;
}

async function newPage(url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

async function open(path: string, body: string, extraScript = ''): Promise<Page> {
  server.routes.set(path, recordingPage(body, extraScript));
  return newPage(`${server.origin}${path}`);
}

/**
 * A real paste: `text` is copied with Ctrl+C from a scratch field of the top page (removed again),
 * then pasted with Ctrl+V into `selector` of `frame`.
 */
async function realPaste(page: Page, frame: Page | Frame, selector: string, text: string): Promise<void> {
  await page.bringToFront();
  await page.evaluate((t) => {
    const scratch = document.createElement('textarea');
    scratch.id = '__clip';
    scratch.value = t;
    document.body.append(scratch);
    scratch.focus();
    scratch.select();
  }, text);
  await page.keyboard.down('Control');
  await page.keyboard.press('c');
  await page.keyboard.up('Control');
  await page.evaluate(() => document.getElementById('__clip')!.remove());
  await frame.focus(selector);
  await page.keyboard.down('Control');
  await page.keyboard.press('v');
  await page.keyboard.up('Control');
}

async function dialogOpen(frame: Page | Frame, open = true): Promise<void> {
  await frame.waitForFunction((want: boolean) => (document.querySelector('rt-guard-warning') !== null) === want, { timeout: 10_000 }, open);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Firefox has no IntersectionObserver v2: the dialog's buttons act 500 ms after it shows.
const ARM_WAIT_MS = 900;

/** The dialog is open and its buttons act (a key press before that does nothing, by design). */
async function dialogArmed(frame: Page | Frame): Promise<void> {
  await dialogOpen(frame);
  await sleep(ARM_WAIT_MS);
}

const seen = (frame: Page | Frame): Promise<{ type: string; data: string }[]> =>
  frame.evaluate(() => (window as unknown as { __seen: { type: string; data: string }[] }).__seen);

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}

/** The extension tab the tests drive: the options tab opened on install, or one followed since. */
let followed: string | undefined;

/** The BiDi browsing context of the extension's own tab (one whose URL contains `part`), waiting up to `timeoutMs` for it. */
async function extensionContext(timeoutMs = 0, part = ''): Promise<string> {
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { result: tree } = await connection.send('browsingContext.getTree', {});
    const contexts = (tree.contexts as { context: string; url: string }[]).filter((c) => c.url.startsWith('moz-extension://') && c.url.includes(part));
    const found = (part ? undefined : contexts.find((c) => c.context === followed)) ?? (part ? contexts.find((c) => c.context !== followed) : contexts[0]);
    if (found) return found.context;
    if (Date.now() >= deadline) throw new Error(`the extension tab (opened on install) is not there: ${contexts.map((c) => c.url).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `body` (an async function body) in the extension's own tab and returns its JSON result. */
async function inExtensionTab<T>(body: string): Promise<T> {
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  const context = { context: await extensionContext() };
  const { result } = await connection.send('script.evaluate', {
    expression: `(async () => JSON.stringify(await (async () => { ${body} })()))()`,
    target: { context: context.context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  const value = result.result as { type: string; value?: string } | undefined;
  if (result.type === 'exception' || value?.type !== 'string') throw new Error(`extension tab script failed: ${JSON.stringify(result).slice(0, 500)}`);
  return JSON.parse(value.value!) as T;
}

async function openExtensionPage(path: string): Promise<void> {
  await inExtensionTab(`setTimeout(() => { location.href = location.origin + ${JSON.stringify(path)}; }, 0); return true;`);
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ready = await inExtensionTab<boolean>(
      `return document.readyState === 'complete' && location.pathname + location.search === ${JSON.stringify(path)};`,
    ).catch(() => false);
    if (ready) return;
  }
  throw new Error(`extension page ${path} did not load`);
}

/** Fills the options page like a user and saves; `fields` are element ids → values. */
async function saveOptions(fields: Record<string, string>, token?: string): Promise<void> {
  await openExtensionPage('/options/options.html');
  await inExtensionTab(`${WAIT_FOR}
    await waitFor(() => document.getElementById('api-base-url').value !== '');
    for (const [id, value] of Object.entries(${JSON.stringify(fields)})) document.getElementById(id).value = value;
    document.querySelector('button[type=submit]').click();
    await waitFor(() => document.getElementById('status').textContent === 'Saved.');
    ${
      token === undefined
        ? ''
        : `document.getElementById('token').value = ${JSON.stringify(token)}; document.getElementById('save-token').click();
    await waitFor(() => document.getElementById('token-state').textContent === 'A management token is set.');`
    }
    return true;`);
}

beforeAll(async () => {
  buildExtension();
  server = await startPageServer();
  emulator = await startEmulator();
  documented = await startEmulator({ shapes: 'documented' });
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    // Firefox prints every console message (pages, extension background, chrome) to stdout with
    // these: the only way to read the background's console from outside.
    extraPrefsFirefox: { 'devtools.console.stdout.content': true, 'devtools.console.stdout.chrome': true },
  });
  browser.process()?.stdout?.on('data', (chunk: Buffer) => consoleLines.push(...String(chunk).split('\n').filter(Boolean)));
  expect(await browser.installExtension(DIST_FIREFOX)).toBe(ADDON_ID);
  // The extension opens its options tab on install, asynchronously: the tests drive extension pages through it.
  await extensionContext(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await emulator?.close();
  await documented?.close();
});

describe('paste guard in Firefox', () => {
  it('holds a live key pasted into a textarea; focus moves into the dialog; Escape closes it', async () => {
    const live = key('rt_live_');
    const page = await open('/held', '<textarea id="ta"></textarea>');
    await realPaste(page, page, '#ta', live);
    await dialogOpen(page);
    expect((await seen(page)).filter((s) => s.type === 'paste')).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe('rt-guard-warning');
    expect(await page.evaluate(() => document.querySelector('rt-guard-warning')?.shadowRoot ?? null)).toBeNull();
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(live);
    await page.keyboard.press('Escape');
    await dialogOpen(page, false);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe('');
    await page.close();
  });

  it('"Paste anyway" inserts the pasted text at the caret', async () => {
    const live = key('rt_live_');
    const page = await open('/anyway', '<textarea id="ta">ab</textarea>');
    await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).setSelectionRange(1, 1));
    await realPaste(page, page, '#ta', live);
    await dialogArmed(page);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialogOpen(page, false);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe(`a${live}b`);
    expect((await seen(page)).some((s) => s.type === 'input' && s.data === live)).toBe(true);
    await page.close();
  });

  it('lets a test key through with a warning, and ignores a client token', async () => {
    const test = key('rt_test_');
    const page = await open('/test-key', '<textarea id="ta"></textarea><textarea id="tb"></textarea>');
    await realPaste(page, page, '#ta', test);
    await dialogOpen(page);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe(test);
    expect((await seen(page)).filter((s) => s.type === 'paste').map((s) => s.data)).toEqual([test, test]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ta');
    await page.close();

    const client = key('ct_test_');
    const other = await open('/client', '<textarea id="ta"></textarea>');
    await realPaste(other, other, '#ta', client);
    await other.waitForFunction(() => (document.getElementById('ta') as HTMLTextAreaElement).value.length > 0);
    expect(await other.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe(client);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await other.$('rt-guard-warning')).toBeNull();
    await other.close();
  });

  it('does nothing on a site allowlisted in the options page', async () => {
    await saveOptions({ allowlist: server.otherOrigin });
    const live = key('rt_live_');
    server.routes.set('/allowed', recordingPage('<textarea id="ta"></textarea>'));
    const page = await newPage(`${server.otherOrigin}/allowed`);
    await realPaste(page, page, '#ta', live);
    await page.waitForFunction(() => (document.getElementById('ta') as HTMLTextAreaElement).value.length > 0);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe(live);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await page.$('rt-guard-warning')).toBeNull();
    await page.close();
    await saveOptions({ allowlist: '' });
  });

  it('React-style controlled input and contenteditable get the key after "Paste anyway"', async () => {
    const live = key('rt_live_');
    const page = await open('/react', '<input id="react" type="text"><div id="ce" contenteditable="true"></div>', REACT_LIKE_SCRIPT);
    await realPaste(page, page, '#react', live);
    await dialogArmed(page);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialogOpen(page, false);
    expect(await page.evaluate(() => (window as unknown as { __reactChanges: string[] }).__reactChanges)).toEqual([live]);

    const live2 = key('rt_live_');
    await realPaste(page, page, '#ce', live2);
    await dialogArmed(page);
    expect(await page.$eval('#ce', (el) => el.textContent)).toBe('');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialogOpen(page, false);
    expect(await page.$eval('#ce', (el) => el.textContent)).toBe(live2);
    await page.close();
  });

  it('guards a cross-origin iframe', async () => {
    server.routes.set('/frame', recordingPage('<textarea id="inner"></textarea>'));
    const page = await open('/outer', `<iframe src="${server.otherOrigin}/frame"></iframe><textarea id="ta"></textarea>`);
    const frame = await (async () => {
      for (let i = 0; i < 50; i++) {
        const found = page.frames().find((f) => f.url().startsWith(server.otherOrigin));
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('iframe did not load');
    })();
    await frame.waitForSelector('#inner');
    await realPaste(page, frame, '#inner', key('rt_live_'));
    await dialogOpen(frame);
    expect(await seen(frame)).toEqual([]);
    expect(await frame.$eval('#inner', (el) => (el as HTMLTextAreaElement).value)).toBe('');
    await page.close();
  });

  it('guards inputs in about:blank, srcdoc, data: and blob: frames', async () => {
    const page = await open('/local-frames', LOCAL_FRAMES_PAGE.body, LOCAL_FRAMES_PAGE.script);
    for (const id of ['blank', 'srcdoc', 'data', 'blob']) {
      let frame: Frame | null = null;
      for (let i = 0; i < 50 && !(frame && (await frame.$('#inner').catch(() => null))); i++) {
        frame = await (await page.$(`#${id}`))!.contentFrame();
        await sleep(100);
      }
      await realPaste(page, frame!, '#inner', key('rt_live_'));
      await dialogOpen(frame!).catch((error: unknown) => {
        throw new Error(`no dialog in the ${id} frame: ${String(error)}`);
      });
      expect([id, await frame!.$eval('#inner', (el) => (el as HTMLTextAreaElement).value)]).toEqual([id, '']);
      await sleep(ARM_WAIT_MS);
      await page.keyboard.press('Escape');
      await dialogOpen(frame!, false);
    }
    await page.close();
  });

  it('a page script that dispatches its own paste, drop, beforeinput and input with a live key gets no dialog and no DOM change', async () => {
    const live = key('rt_live_');
    const page = await open('/synthetic', '<textarea id="ta"></textarea><input id="field" type="text">', ADDED_NODES_SCRIPT);
    const delivered = await page.evaluate((k) => {
      const init = { bubbles: true, cancelable: true, composed: true };
      const ta = document.getElementById('ta')!;
      const field = document.getElementById('field') as HTMLInputElement;
      const data = new DataTransfer();
      data.setData('text/plain', k);
      const results = [
        ta.dispatchEvent(new ClipboardEvent('paste', { ...init, dataType: 'text/plain', data: k } as ClipboardEventInit)),
        ta.dispatchEvent(new DragEvent('drop', { ...init, dataTransfer: data })),
        ta.dispatchEvent(new InputEvent('beforeinput', { ...init, inputType: 'insertFromPaste', data: k })),
      ];
      field.value = k;
      results.push(field.dispatchEvent(new InputEvent('input', { ...init, inputType: 'insertText', data: k })));
      results.push(field.dispatchEvent(new Event('change', init)));
      return results;
    }, live);
    expect(delivered).toEqual([true, true, true, true, true]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await page.$('rt-guard-warning')).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { __added: string[] }).__added)).toEqual([]);
    expect((await seen(page)).map((s) => s.type)).toEqual(['paste', 'paste', 'drop', 'drop', 'beforeinput', 'beforeinput', 'input', 'input']);
    // The same key pasted for real is held.
    await realPaste(page, page, '#ta', live);
    await dialogOpen(page);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe('');
    await page.close();
  });
});

/** How many pixels of a screenshot of `page` have the dialog's red (#b00020), decoded in a scratch tab. */
async function redPixels(page: Page): Promise<number> {
  const png = await page.screenshot({ encoding: 'base64' });
  const scratch = await browser.newPage();
  try {
    return await scratch.evaluate(async (data: string) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) if (Math.abs(pixels[i]! - 176) < 12 && pixels[i + 1]! < 20 && Math.abs(pixels[i + 2]! - 32) < 12) count++;
      return count;
    }, png);
  } finally {
    await scratch.close();
  }
}

describe('the warning dialog against a hostile page in Firefox', () => {
  it('page CSS cannot hide it and page scripts cannot click it, read it or press its keys', async () => {
    const live = key('rt_live_');
    const attack = `
      rt-guard-warning, rt-guard-warning * { display: none !important; visibility: hidden !important; opacity: 0 !important; transform: scale(0) !important; }
      html, body { opacity: 0.01 !important; transform: translateX(-10000px) !important; }
      * { font-size: 0 !important; color: transparent !important; }`;
    const page = await open(
      '/hostile',
      '<textarea id="ta"></textarea>',
      `window.__attempts = [];
       const attach = Element.prototype.attachShadow;
       Element.prototype.attachShadow = function (init) { const r = attach.call(this, init); window.__captured = r; return r; };
       new MutationObserver(() => {
         const host = document.querySelector('rt-guard-warning');
         if (!host || window.__attacked) return;
         window.__attacked = true;
         const style = document.createElement('style'); style.textContent = ${JSON.stringify(attack)}; document.head.append(style);
         host.setAttribute('style', 'display:none !important');
         window.__attempts.push('shadowRoot:' + String(host.shadowRoot), 'captured:' + String(window.__captured));
         setTimeout(() => {
           host.click();
           for (const key of ['Tab', 'Enter', ' ', 'Escape']) host.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
           const under = document.elementFromPoint(innerWidth / 2, innerHeight / 3);
           if (under) under.click();
           window.__clicked = true;
         }, 700);
       }).observe(document.documentElement, { childList: true, subtree: true });`,
    );
    expect(await redPixels(page)).toBe(0); // nothing red on the page before
    await realPaste(page, page, '#ta', live);
    await dialogOpen(page);
    await page.waitForFunction(() => (window as unknown as { __clicked?: boolean }).__clicked === true);
    expect(await page.evaluate(() => (window as unknown as { __attempts: string[] }).__attempts)).toEqual(['shadowRoot:null', 'captured:undefined']);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe('');
    expect(await page.$('rt-guard-warning')).not.toBeNull();
    // Still drawn, red border and all, over a page that made itself invisible.
    expect(await redPixels(page)).toBeGreaterThan(500);
    // And the user can still act on it: Tab to "Paste anyway", Enter (once its tab is in front
    // again for a moment: the screenshot's scratch tab hid it, which disarms the buttons).
    await page.bringToFront();
    await sleep(ARM_WAIT_MS);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialogOpen(page, false);
    expect(await page.$eval('#ta', (el) => (el as HTMLTextAreaElement).value)).toBe(live);
    await page.close();
  });
});

const newestTabId = (): Promise<number> => inExtensionTab<number>(`const tabs = await browser.tabs.query({}); return Math.max(...tabs.map((t) => t.id));`);

/** The shared scenarios (scenarios.ts) drive the extension tab through BiDi script. */
const driver: ExtensionDriver = {
  get server() {
    return server;
  },
  consoleLines,
  async openExtensionPage<T>(path: string, body: string): Promise<T> {
    await openExtensionPage(path);
    return inExtensionTab<T>(body);
  },
  inExtensionPage: <T>(body: string) => inExtensionTab<T>(body),
  async followExtensionTab(part: string): Promise<void> {
    followed = await extensionContext(10_000, part);
    for (let i = 0; i < 50; i++) {
      if (await inExtensionTab<boolean>(`return document.readyState === 'complete';`).catch(() => false)) return;
      await sleep(100);
    }
  },
  async openWebPage(path: string, body: string, script?: string) {
    const page = await open(path, body, script);
    return { tabId: await newestTabId(), close: () => page.close() };
  },
  configure: (apiBaseUrl: string, token?: string) => saveOptions({ 'api-base-url': apiBaseUrl }, token),
};

describe('key rotation from the popup and the rotation page in Firefox', () => {
  const track = (k: string) => void keys.push(k);

  it('standard rotation against the emulator in documented shapes: plan, same environment, grace, Finish revokes the old key', async () => {
    await standardRotationScenario(driver, documented, track);
  });

  it('standard rotation against the emulator in full shapes', async () => {
    await standardRotationScenario(driver, emulator, track);
  });

  it('emergency rotation of a pasted key: old value dead at once, new key shown until stored; a page has no way to ask for it', async () => {
    await emergencyRotationScenario(driver, documented, track, async (newKey) => {
      const page = await open('/rotation-thief', '<p>any page</p>');
      // A page's own scripts have no extension messaging (no externally_connectable) and see no key.
      expect(await page.evaluate(() => typeof (window as unknown as { browser?: { runtime?: unknown } }).browser?.runtime)).toBe('undefined');
      expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(newKey);
      await page.close();
    });
  });

  it('an unfinished rotation is shown again with its next step when the page is reopened, and rolls back with the old key pasted', async () => {
    await rollbackScenario(driver, emulator, track);
  });
});

describe('page scan, popup and revoke in Firefox', () => {
  it('finds a key in an inline script, shows it in the popup and revokes it against the emulator', async () => {
    const plainKey = await createKeyOnEmulator(emulator, 'Shipped to the browser');
    keys.push(plainKey);
    await saveOptions({ 'api-base-url': emulator.url }, emulator.sessionToken);
    // The token is set, yet storage.local (which every content script can read) and storage.sync hold no trace of it.
    const storageAreas = await inExtensionTab<string>(`return JSON.stringify([await browser.storage.local.get(null), await browser.storage.sync.get(null)]);`);
    expect(storageAreas).toContain('settings');
    expect(storageAreas).not.toContain(emulator.sessionToken);
    const page = await open('/leak', '<p>app</p>', `window.runtype = { apiKey: "${plainKey}" };`);
    // The newest tab is the page under test.
    const tabId = await inExtensionTab<number>(`const tabs = await browser.tabs.query({}); return Math.max(...tabs.map((t) => t.id));`);
    await openExtensionPage(`/popup/popup.html?tabId=${tabId}`);
    const popup = await inExtensionTab<{ item: string; result: string }>(`${WAIT_FOR}
      document.getElementById('scan').click();
      const li = await waitFor(() => document.querySelector('#detections li'));
      const item = li.textContent;
      li.querySelectorAll('button')[1].click();
      (await waitFor(() => document.querySelector('#detections li button.danger'))).click();
      await waitFor(() => /Revoked|failed|No key|rejected/.test(document.getElementById('result').textContent));
      return { item, result: document.getElementById('result').textContent };`);
    expect(popup.item).toContain(`rt_live_…${plainKey.slice(-4)}`);
    expect(popup.item).toContain('in an inline script');
    expect(popup.item).not.toContain(plainKey);
    expect(popup.result).toContain('Revoked "Shipped to the browser"');
    expect(popup.result).toContain('now rejects the key');
    expect(emulator.isLive(plainKey)).toBe(false);
    await page.close();
  });

  it('after "Forget token", the dialog Revoke explains the refusal (403) and leaves the key alive', async () => {
    const plainKey = await createKeyOnEmulator(emulator, 'Pasted by mistake');
    keys.push(plainKey);
    await openExtensionPage('/options/options.html');
    await inExtensionTab(`${WAIT_FOR}
      await waitFor(() => document.getElementById('token-state').textContent === 'A management token is set.');
      document.getElementById('forget-token').click();
      await waitFor(() => document.getElementById('token-state').textContent === 'No management token set.');
      return true;`);
    const page = await open('/refused', '<textarea id="ta"></textarea>');
    await realPaste(page, page, '#ta', plainKey);
    await dialogArmed(page);
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab'); // → Revoke…
    await page.keyboard.press('Enter');
    await sleep(ARM_WAIT_MS); // Confirm revoke has focus, and acts after a moment
    await page.keyboard.press('Enter');
    for (let i = 0; i < 100 && !consoleLines.some((l) => l.includes('[rt-guard] revoke-key')); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(consoleLines.find((l) => l.includes('[rt-guard] revoke-key'))).toContain('status 403: GET /v1/api-keys');
    expect(emulator.isLive(plainKey)).toBe(true);
    await page.close();
  });

  it('API calls never follow a redirect: the redirect target receives no request and no Authorization header', async () => {
    await redirectScenario(driver, key('rt_live_'), emulator.url);
  });

  it('no console line (pages, extension pages, background) holds a full key or the token', () => {
    expect(consoleLines.some((line) => line.includes('[rt-guard]'))).toBe(true);
    for (const line of consoleLines) {
      for (const k of keys) expect(line).not.toContain(k);
      expect(line).not.toContain(emulator.sessionToken);
    }
  });
});

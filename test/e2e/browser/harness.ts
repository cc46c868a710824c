// Shared pieces of the browser-extension end-to-end tests: build, a local page server on
// 127.0.0.1 (and the same server as http://localhost:PORT, a second origin), keys generated at
// test time, and Chromium with the unpacked extension (shared/testing-recipes.md).
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKey as generateTestKey } from '../../helpers/keys.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const EXTENSION_DIR = join(REPO_ROOT, 'extension-browser');
/** The emulator test build (store manifest + local API hosts): what the browser tests load. */
export const DIST_CHROME = join(EXTENSION_DIR, 'dist/emulator/chrome');
export const DIST_FIREFOX = join(EXTENSION_DIR, 'dist/emulator/firefox');
/** The store build: what the zips hold. */
export const STORE_CHROME = join(EXTENSION_DIR, 'dist/chrome');
export const STORE_FIREFOX = join(EXTENSION_DIR, 'dist/firefox');

/** Builds the emulator test build, dist/emulator/{chrome,firefox}, from the current sources (~2 s). */
export function buildExtension(): void {
  execFileSync(process.execPath, ['build.mjs', '--production', '--emulator'], { cwd: EXTENSION_DIR, stdio: 'pipe' });
}

/** Builds the store build, dist/{chrome,firefox} and the zips. */
export function buildStoreExtension(): void {
  execFileSync(process.execPath, ['build.mjs', '--production'], { cwd: EXTENSION_DIR, stdio: 'pipe' });
}

/** A fresh, real-looking key the detector accepts, e.g. prefix `rt_live_` + 32 base62 characters. */
export function generateKey(prefix: string): string {
  return generateTestKey(prefix);
}

export type Route = string | ((request: IncomingMessage) => { type?: string; body: string; headers?: Record<string, string>; status?: number });

export interface PageServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** http://localhost:PORT: the same server under another origin (cross-origin iframes, allowlist). */
  otherOrigin: string;
  routes: Map<string, Route>;
  close(): Promise<void>;
}

/** Serves `routes` (path → HTML, or a function) on 127.0.0.1; unknown paths are 404. */
export async function startPageServer(initial: Record<string, Route> = {}): Promise<PageServer> {
  const routes = new Map<string, Route>(Object.entries(initial));
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const route = routes.get(path);
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const { type, body, headers, status } =
      typeof route === 'string' ? { type: 'text/html; charset=utf-8', body: route, headers: {}, status: 200 } : route(request);
    response.writeHead(status ?? 200, { 'content-type': type ?? 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(body);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    otherOrigin: `http://localhost:${port}`,
    routes,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/** A fresh temporary folder and its cleanup. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Chromium flags that work on these machines (shared/testing-recipes.md). */
export function chromiumArgs(dist: string): string[] {
  return [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
  ];
}

/**
 * A page that records what page scripts receive: every paste/drop/input event on window (capture,
 * registered after the extension's), document and the target, in `window.__seen`.
 */
export function recordingPage(body: string, extraScript = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>test page</title></head><body>
${body}
<script>
window.__seen = [];
for (const type of ['paste', 'drop', 'input', 'beforeinput']) {
  const log = (where) => (e) => window.__seen.push({ type, where, data: (e.clipboardData && e.clipboardData.getData('text/plain')) || (e.dataTransfer && e.dataTransfer.getData('text/plain')) || e.data || '' });
  window.addEventListener(type, log('window-capture'), true);
  document.addEventListener(type, log('document'));
}
${extraScript}
</script></body></html>`;
}

/** A page script recording every element added to the DOM in `window.__added` (a page must see none). */
export const ADDED_NODES_SCRIPT = `window.__added = []; new MutationObserver((records) => { for (const r of records) for (const n of r.addedNodes) window.__added.push(n.nodeName); }).observe(document.documentElement, { childList: true, subtree: true });`;

const INNER_FIELD = '<textarea id="inner"></textarea>';
/** A page with a `#inner` textarea in about:blank (written by script), srcdoc, data: and blob: frames. */
export const LOCAL_FRAMES_PAGE = {
  body: `<iframe id="blank"></iframe><iframe id="srcdoc" srcdoc='${INNER_FIELD}'></iframe><iframe id="data" src="data:text/html,${encodeURIComponent(INNER_FIELD)}"></iframe><iframe id="blob"></iframe>`,
  script: `const blank = document.getElementById('blank').contentDocument; blank.open(); blank.write(${JSON.stringify(INNER_FIELD)}); blank.close();
       document.getElementById('blob').src = URL.createObjectURL(new Blob([${JSON.stringify(INNER_FIELD)}], { type: 'text/html' }));`,
};

/** The page script that mimics React's controlled input and value tracker on #react. */
export const REACT_LIKE_SCRIPT = `
window.__reactChanges = [];
(() => {
  const input = document.getElementById('react');
  const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  let tracked = input.value;
  // React's inputValueTracking: a per-node value property that remembers the last value it set.
  Object.defineProperty(input, 'value', {
    configurable: true,
    get() { return native.get.call(this); },
    set(v) { tracked = String(v); native.set.call(this, v); },
  });
  let state = '';
  input.addEventListener('input', () => {
    const now = native.get.call(input);
    if (now === tracked) return; // React sees no change and ignores the event
    tracked = now;
    state = now;
    window.__reactChanges.push(now);
    input.value = state; // controlled: re-render with the state
  });
})();`;

/**
 * Creates a live key with the session token, over the emulator's HTTP API as the dashboard would.
 * Throws when the emulator refuses; the caller tracks the key for its own leak checks.
 */
export async function createKeyOnEmulator(emulator: { url: string; sessionToken: string }, name: string): Promise<string> {
  const response = await fetch(`${emulator.url}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.sessionToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, permissions: ['FLOWS:READ'] }),
  });
  if (response.status >= 300) throw new Error(`the emulator refused to create "${name}": ${response.status}`);
  return ((await response.json()) as { plainKey: string }).plainKey;
}

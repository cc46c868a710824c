/**
 * Page exposure scan: inline scripts, same-origin scripts and DOM text (text nodes and attribute
 * values), scanned in small chunks that yield to the event loop, so the page's main thread is
 * never blocked for long (target: no task over 50 ms on 5 MB of scripts; see the benchmark).
 * Host-free: `fetchText` and `yieldToPage` come in as parameters.
 */
import { applyContainerExposure, createStreamScanner, redactText, type Detector, type Exposure } from '@rt-guard/core';
import { toKeyKind, type KeyKind } from '../shared/key-kind.ts';

export type PageSource = 'inline-script' | 'script' | 'dom-text';

export interface PageFinding {
  ruleId: string;
  kind: Exclude<KeyKind, 'client'>;
  redacted: string;
  fingerprint: string;
  source: PageSource;
  /** `inline script #2`, the script's URL, or `page text`. */
  where: string;
  /** Always `client`: the page ships the key to every visitor (docs/exposure.md). */
  exposure: Extract<Exposure, 'client'>;
  exposureReason: string;
  /** Non-enumerable, like core's findings. */
  readonly secret: string;
}

export interface PageScanOptions {
  detector: Detector;
  /**
   * Same-origin script text, best as chunks (a streamed body): one big `response.text()` decodes
   * a megabyte in a single long task. Resolve undefined when it cannot be read.
   */
  fetchText(url: string): Promise<AsyncIterable<string> | string | undefined>;
  /** Gives the main thread back to the page; default: a macrotask. */
  yieldToPage?: () => Promise<void>;
  /** Work budget between yields, in ms. */
  sliceMs?: number;
  /** Characters fed to the scanner per step. */
  chunkSize?: number;
  signal?: AbortSignal;
  now?: () => number;
}

const DEFAULT_SLICE_MS = 4;
const DEFAULT_CHUNK = 8 * 1024;
// Skip giant same-origin bundles past this size: the budget is the page's, not ours.
const MAX_SCRIPT_CHARS = 20 * 1024 * 1024;

/** A scheduler yield where the browser has one, else a MessageChannel macrotask (not clamped like setTimeout). */
export function defaultYield(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/** A fetch body as decoded text chunks, so neither download nor decoding blocks the page. */
export async function* streamText(response: Response): AsyncIterable<string> {
  if (!response.body) {
    yield await response.text();
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield decoder.decode(value, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    reader.releaseLock();
  }
}

/** Scans `doc` for keys shipped to the client. Findings are deduplicated by key and place. */
export async function scanPage(doc: Document, options: PageScanOptions): Promise<PageFinding[]> {
  const now = options.now ?? (() => performance.now());
  const yieldToPage = options.yieldToPage ?? defaultYield;
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  let sliceStart = now();
  const findings: PageFinding[] = [];
  const seen = new Set<string>();

  async function breathe(): Promise<void> {
    if (now() - sliceStart < sliceMs) return;
    await yieldToPage();
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('page scan aborted');
    sliceStart = now();
  }

  function collect(found: ReturnType<ReturnType<typeof createStreamScanner>['write']>, source: PageSource, where: string): void {
    for (const f of found) {
      const kind = toKeyKind(f.ruleId);
      if (kind === 'client' || seen.has(`${f.fingerprint}|${where}`)) continue;
      seen.add(`${f.fingerprint}|${where}`);
      const exposed = applyContainerExposure(f, 'web-page');
      const exposure = { exposure: 'client' as const, exposureReason: exposed.exposureReason ?? 'the page sends it to every visitor' };
      const finding = { ruleId: f.ruleId, kind, redacted: f.redacted, fingerprint: f.fingerprint, source, where, ...exposure };
      Object.defineProperty(finding, 'secret', { value: f.secret, enumerable: false });
      findings.push(finding as PageFinding);
    }
  }

  async function scanText(text: string | AsyncIterable<string>, source: PageSource, where: string): Promise<void> {
    // The prefilter is one regex pass; on multi-megabyte text even that must be sliced.
    if (typeof text === 'string' && text.length <= chunkSize * 8 && !options.detector.hasCandidate(text)) return;
    const scanner = createStreamScanner({ detector: options.detector, file: where });
    let total = 0;
    const pieces = typeof text === 'string' ? [text] : text;
    for await (const piece of pieces) {
      for (let at = 0; at < piece.length && total < MAX_SCRIPT_CHARS; at += chunkSize) {
        const chunk = piece.slice(at, at + chunkSize);
        total += chunk.length;
        collect(scanner.write(chunk), source, where);
        await breathe();
      }
    }
    collect(scanner.end(), source, where);
  }

  const scripts = [...doc.querySelectorAll('script')];
  let inline = 0;
  for (const script of scripts) {
    const src = script.getAttribute('src');
    if (src === null) {
      inline++;
      await scanText(script.textContent ?? '', 'inline-script', `inline script #${inline}`);
      continue;
    }
    const url = sameOriginUrl(src, doc);
    if (!url) continue;
    const text = await options.fetchText(url);
    // A script URL may carry a key in its query string: the place is shown, the key never.
    if (text !== undefined) await scanText(text, 'script', redactText(url));
    await breathe();
  }

  // DOM text: text nodes outside scripts/styles, then attribute values (data-*, value, content…).
  const parts: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (parts.length === 0) return;
    await scanText(parts.join('\n'), 'dom-text', 'page text');
    parts.length = 0;
    size = 0;
  };
  const walker = doc.createTreeWalker(doc.documentElement ?? doc, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */);
  let visited = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      const parent = node.parentElement?.localName;
      if (parent === 'script' || parent === 'style' || parent === 'noscript') continue;
      const value = node.nodeValue ?? '';
      if (value.trim()) parts.push(value);
      size += value.length;
    } else {
      const element = node as Element;
      if (element.localName === 'rt-guard-warning') continue;
      for (const attr of element.attributes) {
        parts.push(attr.value);
        size += attr.value.length;
      }
    }
    if (size > 256 * 1024) await flush();
    if (++visited % 500 === 0) await breathe();
  }
  await flush();
  return findings;
}

function sameOriginUrl(src: string, doc: Document): string | undefined {
  try {
    const url = new URL(src, doc.baseURI);
    return url.origin === doc.location?.origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}

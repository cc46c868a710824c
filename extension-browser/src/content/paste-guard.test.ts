import { createDetector } from '@rt-guard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Detection } from '../shared/messages.ts';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings.ts';
import { generateKey } from '../../../test/helpers/keys.ts';
import { createKeyRegistry } from './key-registry.ts';
import { installGuard } from './paste-guard.ts';

let controller: AbortController;
let reported: Detection[];
let settings: Settings;
let calls: string[];
const registry = createKeyRegistry();

/** What the browser gives the extension for a real user action: `isTrusted` (happy-dom has no such flag). */
function trusted<E extends Event>(event: E): E {
  return Object.defineProperty(event, 'isTrusted', { value: true });
}

function paste(target: Element, text: string, isTrusted = true): ClipboardEvent {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
  target.dispatchEvent(isTrusted ? trusted(event) : event);
  return event;
}

function pageListener(type: string): string[] {
  const seen: string[] = [];
  document.addEventListener(type, (event) => {
    const e = event as ClipboardEvent;
    seen.push(e.clipboardData?.getData('text/plain') ?? type);
  });
  return seen;
}

beforeEach(() => {
  document.body.innerHTML = '<textarea id="ta"></textarea><input id="in"><div id="ce" contenteditable="true"></div><button id="btn">x</button>';
  controller = new AbortController();
  reported = [];
  calls = [];
  settings = { ...DEFAULT_SETTINGS };
  installGuard({
    window,
    detector: createDetector(),
    registry,
    getSettings: () => settings,
    report: (detections) => void reported.push(...detections),
    inspect: async (key) => `inspected ${key.length}`,
    revoke: async () => 'revoked',
    allowOrigin: async (origin) => {
      calls.push(`allow ${origin}`);
      settings = { ...settings, allowlist: [...settings.allowlist, origin] };
    },
    signal: controller.signal,
  });
});

afterEach(() => {
  controller.abort();
  document.querySelectorAll('rt-guard-warning').forEach((el) => el.remove());
});

const dialog = () => document.querySelector('rt-guard-warning');
const flush = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('paste guard', () => {
  it('holds a live key: default prevented, page listeners never see it, a dialog opens with focus', () => {
    const seen = pageListener('paste');
    const key = generateKey();
    const event = paste(document.getElementById('ta')!, `KEY=${key}`);
    expect(event.defaultPrevented).toBe(true);
    expect(seen).toEqual([]);
    expect(dialog()).not.toBeNull();
    expect(document.activeElement).toBe(dialog());
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ kind: 'live', source: 'paste', redacted: `rt_live_…${key.slice(-4)}`, where: 'textarea#ta' });
    expect(JSON.stringify(reported)).not.toContain(key);
    expect(registry.get(reported[0]!.id)).toBe(key);
  });

  it('lets ordinary text and client tokens through untouched', () => {
    const seen = pageListener('paste');
    expect(paste(document.getElementById('ta')!, 'just some text').defaultPrevented).toBe(false);
    const token = generateKey('ct_live_');
    expect(paste(document.getElementById('ta')!, token).defaultPrevented).toBe(false);
    expect(seen).toEqual(['just some text', token]);
    expect(dialog()).toBeNull();
    expect(reported).toEqual([]);
  });

  it('lets a test key through and opens a warning after the paste, without taking focus', async () => {
    const seen = pageListener('paste');
    const ta = document.getElementById('ta')!;
    ta.focus();
    const key = generateKey('rt_test_');
    expect(paste(ta, key).defaultPrevented).toBe(false);
    expect(seen).toEqual([key]);
    expect(dialog()).toBeNull(); // not yet: the browser inserts the paste first
    await flush();
    expect(dialog()).not.toBeNull();
    expect(document.activeElement).toBe(ta);
  });

  it('does nothing on an allowlisted origin', () => {
    settings = { ...settings, allowlist: [location.origin] };
    expect(paste(document.getElementById('ta')!, generateKey()).defaultPrevented).toBe(false);
    expect(dialog()).toBeNull();
  });

  it('holds a dropped key', () => {
    const seen = pageListener('drop');
    const data = new DataTransfer();
    data.setData('text/plain', generateKey());
    // happy-dom's DragEvent ignores the dataTransfer init; attach it the way a browser exposes it.
    const event = Object.defineProperty(new Event('drop', { bubbles: true, cancelable: true }), 'dataTransfer', { value: data });
    document.getElementById('ta')!.dispatchEvent(trusted(event));
    expect(event.defaultPrevented).toBe(true);
    expect(seen).toEqual([]);
    expect(reported[0]!.source).toBe('drop');
  });

  it('warns once about a typed key and never changes the field', async () => {
    const input = document.getElementById('in') as HTMLInputElement;
    const key = generateKey();
    input.value = key;
    input.dispatchEvent(trusted(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: key.slice(-1) })));
    await flush();
    expect(input.value).toBe(key);
    expect(dialog()).not.toBeNull();
    expect(reported.map((d) => d.source)).toEqual(['input']);
    input.dispatchEvent(trusted(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'x' })));
    input.dispatchEvent(trusted(new Event('change', { bubbles: true })));
    await flush();
    expect(reported).toHaveLength(1);
  });

  it('sees through an open shadow root to the real field', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('textarea');
    inner.id = 'inner';
    root.append(inner);
    expect(paste(inner, generateKey()).defaultPrevented).toBe(true);
    expect(reported[0]!.where).toBe('textarea#inner');
  });

  describe('events a page dispatches itself (isTrusted false)', () => {
    it('a synthetic paste of a live key is not held, not reported, and opens no dialog', async () => {
      const seen = pageListener('paste');
      const key = generateKey();
      const event = paste(document.getElementById('ta')!, key, false);
      await flush();
      expect(event.defaultPrevented).toBe(false);
      expect(seen).toEqual([key]);
      expect(dialog()).toBeNull();
      expect(reported).toEqual([]);
    });

    it('a synthetic drop, input, change or beforeinput with a live key gets no reaction either', async () => {
      const key = generateKey();
      const data = new DataTransfer();
      data.setData('text/plain', key);
      const drop = Object.defineProperty(new Event('drop', { bubbles: true, cancelable: true }), 'dataTransfer', { value: data });
      document.getElementById('ta')!.dispatchEvent(drop);
      const input = document.getElementById('in') as HTMLInputElement;
      input.value = key;
      const events = [
        new InputEvent('beforeinput', { bubbles: true, cancelable: true, inputType: 'insertFromPaste', data: key }),
        new InputEvent('input', { bubbles: true, cancelable: true, inputType: 'insertText', data: key }),
        new Event('change', { bubbles: true, cancelable: true }),
      ];
      for (const event of events) input.dispatchEvent(event);
      await flush();
      expect([drop, ...events].map((e) => e.defaultPrevented)).toEqual([false, false, false, false]);
      expect(dialog()).toBeNull();
      expect(reported).toEqual([]);
    });

    it('the same paste, trusted, is held: the flag alone makes the difference', () => {
      const key = generateKey();
      expect(paste(document.getElementById('ta')!, key, false).defaultPrevented).toBe(false);
      expect(paste(document.getElementById('ta')!, key, true).defaultPrevented).toBe(true);
      expect(dialog()).not.toBeNull();
    });
  });

  it('stops listening once its signal aborts', () => {
    controller.abort();
    expect(paste(document.getElementById('ta')!, generateKey()).defaultPrevented).toBe(false);
  });
});

import { createDetector } from '@rt-guard/core';
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../test/helpers/keys.ts';
import { createKeyRegistry } from './key-registry.ts';
import { scanPage } from './page-scan.ts';

describe('page exposure scan', () => {
  it('finds keys in inline scripts, same-origin scripts, text and attributes; skips other origins and client tokens', async () => {
    const inline = generateKey();
    const external = generateKey();
    const text = generateKey('rt_test_');
    const attribute = generateKey();
    const client = generateKey('ct_live_');
    document.body.innerHTML = `<p>use ${text}</p><div data-config="${attribute}"></div><p>${client}</p>`;
    for (const [src, body] of [
      [null, `const RUNTYPE_API_KEY = "${inline}";`],
      ['/app.js', ''],
      ['https://cdn.other.test/lib.js', ''],
    ] as const) {
      const script = document.createElement('script');
      script.type = 'text/plain'; // keep happy-dom from running or fetching it
      if (src) script.setAttribute('src', src);
      else script.textContent = body;
      document.body.append(script);
    }
    const fetched: string[] = [];
    const findings = await scanPage(document, {
      detector: createDetector(),
      fetchText: async (url) => {
        fetched.push(url);
        return `window.cfg = { key: "${external}" };`;
      },
    });
    expect(fetched).toEqual([new URL('/app.js', location.href).href]);
    const bySecret = new Map(findings.map((f) => [f.secret, f]));
    expect(bySecret.get(inline)).toMatchObject({ source: 'inline-script', where: 'inline script #1', kind: 'live' });
    expect(bySecret.get(external)).toMatchObject({ source: 'script', where: fetched[0] });
    expect(bySecret.get(text)).toMatchObject({ source: 'dom-text', kind: 'test' });
    expect(bySecret.get(attribute)).toMatchObject({ source: 'dom-text' });
    expect(bySecret.has(client)).toBe(false);
    expect(JSON.stringify(findings)).not.toContain(inline);
  });

  it('never shows a key that sits in a script URL', async () => {
    const inUrl = generateKey();
    const inBody = generateKey();
    document.body.innerHTML = '';
    const script = document.createElement('script');
    script.type = 'text/plain';
    script.setAttribute('src', `/app.js?key=${inUrl}`);
    document.body.append(script);
    const findings = await scanPage(document, { detector: createDetector(), fetchText: async () => `k = "${inBody}"` });
    // The URL's key is itself exposed (found in the src attribute); the script's place is shown redacted.
    expect(findings.map((f) => f.secret).sort()).toEqual([inBody, inUrl].sort());
    expect(findings.find((f) => f.secret === inBody)!.where).toContain(`key=rt_live_…${inUrl.slice(-4)}`);
    expect(JSON.stringify(findings)).not.toContain(inUrl);
  });

  it('yields to the page between slices and finds a key across chunk edges in a streamed script', async () => {
    const key = generateKey();
    document.body.innerHTML = '';
    const script = document.createElement('script');
    script.type = 'text/plain';
    script.setAttribute('src', '/big.js');
    document.body.append(script);
    const filler = 'x'.repeat(50_000);
    async function* chunks(): AsyncIterable<string> {
      yield `${filler}var k = "${key.slice(0, 10)}`;
      yield `${key.slice(10)}";${filler}`;
    }
    let yields = 0;
    let clock = 0;
    const findings = await scanPage(document, {
      detector: createDetector(),
      fetchText: async () => chunks(),
      chunkSize: 4096,
      sliceMs: 1,
      now: () => (clock += 1),
      yieldToPage: async () => void yields++,
    });
    expect(findings.map((f) => f.secret)).toEqual([key]);
    expect(yields).toBeGreaterThan(20);
  });

  it('the key registry hands out one id per key and forgets the oldest past its limit', () => {
    let n = 0;
    const registry = createKeyRegistry(2, () => `id${++n}`);
    const [a, b, c] = [generateKey(), generateKey(), generateKey()];
    expect(registry.add(a)).toBe('id1');
    expect(registry.add(a)).toBe('id1');
    registry.add(b);
    registry.add(c);
    expect(registry.get('id1')).toBeUndefined();
    expect(registry.get('id3')).toBe(c);
  });
});

import { describe, expect, it, vi } from 'vitest';

vi.mock('../platform/browser.ts', () => ({ browser: {} }));

const { createRouter } = await import('./router.ts');
const { generateKey } = await import('../../../test/helpers/keys.ts');
const { CONTENT_TO_BACKGROUND_TYPES, POPUP_TO_BACKGROUND_TYPES } = await import('../shared/messages.ts');

const self = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id' };
const fromTab = { id: 'ext-id', tab: { id: 7 }, frameId: 3, url: 'https://example.com/page' };
const fromPopup = { id: 'ext-id', url: 'chrome-extension://ext-id/popup/popup.html' };

function handlers() {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args]);
      if (name === 'inspect-key') throw Object.assign(new Error(`boom for ${(args[0] as { key: string }).key}`), { code: 'E_TEST' });
      return { handledBy: name };
    };
  const map = Object.fromEntries([...CONTENT_TO_BACKGROUND_TYPES, ...POPUP_TO_BACKGROUND_TYPES].map((n) => [n, record(n)]));
  return { calls, map: map as never };
}

describe('background router', () => {
  it('returns undefined (synchronously) for messages it does not own', () => {
    const { map } = handlers();
    const route = createRouter(map, self);
    expect(route({ type: 'someone-else' }, fromTab)).toBeUndefined();
    expect(route('hello', fromTab)).toBeUndefined();
    expect(route(null, fromTab)).toBeUndefined();
  });

  it('dispatches a valid content message with its tab and frame', async () => {
    const { map, calls } = handlers();
    const route = createRouter(map, self);
    await expect(route({ type: 'report-detections', detections: [], isPageScan: true }, fromTab)).resolves.toEqual({
      ok: true,
      value: { handledBy: 'report-detections' },
    });
    expect(calls[0]![2]).toEqual({ tabId: 7, frameId: 3, url: 'https://example.com/page' });
  });

  it('refuses invalid payloads with E_MESSAGE_INVALID and never calls the handler', async () => {
    const { map, calls } = handlers();
    const route = createRouter(map, self);
    const reply = await route({ type: 'inspect-key', key: 'not-a-key' }, fromTab);
    expect(reply).toMatchObject({ ok: false, error: { code: 'E_MESSAGE_INVALID' } });
    expect((await route({ type: 'scan-tab', tabId: 'seven' }, fromPopup))!).toMatchObject({ ok: false, error: { code: 'E_MESSAGE_INVALID' } });
    expect(calls).toEqual([]);
  });

  it('checks who sent it: other extensions, popup messages from pages, content messages from the popup', async () => {
    const { map, calls } = handlers();
    const route = createRouter(map, self);
    expect(await route({ type: 'get-tab-state', tabId: 1 }, { ...fromPopup, id: 'other' })).toMatchObject({ ok: false, error: { code: 'E_MESSAGE_SENDER' } });
    expect(await route({ type: 'get-tab-state', tabId: 1 }, fromTab)).toMatchObject({ ok: false, error: { code: 'E_MESSAGE_SENDER' } });
    expect(await route({ type: 'report-detections', detections: [], isPageScan: false }, fromPopup)).toMatchObject({
      ok: false,
      error: { code: 'E_MESSAGE_SENDER' },
    });
    expect(calls).toEqual([]);
    expect(await route({ type: 'get-tab-state', tabId: 1 }, fromPopup)).toEqual({ ok: true, value: { handledBy: 'get-tab-state' } });
  });

  it('serializes handler errors to {name, code, message}, redacted, and logs them redacted', async () => {
    const { map } = handlers();
    const route = createRouter(map, self);
    const key = generateKey();
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
    const reply = await route({ type: 'inspect-key', key }, fromTab);
    spy.mockRestore();
    expect(reply).toEqual({ ok: false, error: { name: 'Error', code: 'E_TEST', message: `boom for rt_live_…${key.slice(-4)}` } });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('[rt-guard] inspect-key');
    expect(logged[0]).not.toContain(key);
  });

  it('refuses every rotation message from a content script (a page), another extension or a look-alike origin, and never calls the handler', async () => {
    const { map, calls } = handlers();
    const route = createRouter(map, self);
    const key = generateKey();
    const rotation = [
      { type: 'rotation-plan', source: { key }, mode: 'standard' },
      { type: 'rotation-start', source: { tabId: 1, frameId: 0, findingId: 'f1' }, mode: 'emergency', expectKeyId: 'k1' },
      { type: 'rotation-state' },
      { type: 'rotation-resume' },
      { type: 'rotation-finish' },
      { type: 'rotation-rollback', oldKey: key },
      { type: 'rotation-reveal-new-key' },
      { type: 'rotation-key-stored' },
    ];
    const senders = [
      fromTab,
      { ...fromTab, url: 'chrome-extension://ext-id.evil.example/rotate/rotate.html' },
      { id: 'ext-id', url: 'chrome-extension://ext-idx/rotate/rotate.html' },
      { ...fromPopup, id: 'other-extension' },
      { id: 'ext-id' },
    ];
    for (const message of rotation) {
      for (const sender of senders) {
        expect([message.type, await route(message, sender)]).toMatchObject([message.type, { ok: false, error: { code: 'E_MESSAGE_SENDER' } }]);
      }
    }
    expect(calls).toEqual([]);
    // From the extension's own rotation page (a tab), they are dispatched.
    const fromRotatePage = { id: 'ext-id', url: 'chrome-extension://ext-id/rotate/rotate.html?mode=standard', tab: { id: 9 } };
    for (const message of rotation) expect(await route(message, fromRotatePage)).toEqual({ ok: true, value: { handledBy: message.type } });
  });
});

/**
 * Background message routing, host-free. Every message is parsed with its direction's zod union
 * before dispatch; content-script messages must come from a tab, popup messages from an extension
 * page. Replies are `{ok, value}` or `{ok: false, error: {name, code, message}}`. Messages this
 * extension does not own get `undefined`, so other listeners may answer them.
 */
import { logError, serializeError } from '../shared/errors.ts';
import { CONTENT_TO_BACKGROUND_TYPES, ContentToBackground, POPUP_TO_BACKGROUND_TYPES, PopupToBackground, type Reply } from '../shared/messages.ts';

/** The part of `runtime.MessageSender` the router reads. */
export interface SenderInfo {
  id?: string | undefined;
  url?: string | undefined;
  tab?: { id?: number | undefined } | undefined;
  frameId?: number | undefined;
}

/** Who sent a content-script message: its tab, frame and page URL. */
export interface ContentSender {
  tabId: number;
  frameId: number;
  url?: string | undefined;
}

type ContentMessage = ContentToBackground;
type PopupMessage = PopupToBackground;
type HandlerMap = {
  [T in ContentMessage['type']]: (message: Extract<ContentMessage, { type: T }>, from: ContentSender) => Promise<unknown>;
} & {
  [T in PopupMessage['type']]: (message: Extract<PopupMessage, { type: T }>) => Promise<unknown>;
};
export type Handlers = HandlerMap;

const CONTENT_TYPES = new Set<string>(CONTENT_TO_BACKGROUND_TYPES);
const POPUP_TYPES = new Set<string>(POPUP_TO_BACKGROUND_TYPES);

/**
 * Builds the (synchronous) onMessage listener. `extensionId` and `extensionOrigin` identify our
 * own pages; `extensionOrigin` is like `chrome-extension://<id>`.
 */
export function createRouter(handlers: Handlers, self: { extensionId: string; extensionOrigin: string }) {
  function fail(code: string, message: string): Promise<Reply<never>> {
    return Promise.resolve({ ok: false, error: { name: 'ExtensionError', code, message } });
  }

  function settle(type: string, work: Promise<unknown>): Promise<Reply<unknown>> {
    return work.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => {
        logError(type, error);
        return { ok: false as const, error: serializeError(error) };
      },
    );
  }

  return function onMessage(raw: unknown, sender: SenderInfo): Promise<Reply<unknown>> | undefined {
    const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || (!CONTENT_TYPES.has(type) && !POPUP_TYPES.has(type))) return undefined;
    if (sender.id !== self.extensionId) return fail('E_MESSAGE_SENDER', 'message from another extension refused');

    if (CONTENT_TYPES.has(type)) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return fail('E_MESSAGE_SENDER', `${type} must come from a page's content script`);
      const parsed = ContentToBackground.safeParse(raw);
      if (!parsed.success)
        return fail('E_MESSAGE_INVALID', `invalid ${type} message: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const message = parsed.data;
      const from: ContentSender = { tabId, frameId: sender.frameId ?? 0, url: sender.url };
      const handler = handlers[message.type] as (m: typeof message, f: typeof from) => Promise<unknown>;
      return settle(type, handler(message, from));
    }

    if (!sender.url?.startsWith(`${self.extensionOrigin}/`)) return fail('E_MESSAGE_SENDER', `${type} must come from the extension's popup`);
    const parsed = PopupToBackground.safeParse(raw);
    if (!parsed.success)
      return fail('E_MESSAGE_INVALID', `invalid ${type} message: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const message = parsed.data;
    const handler = handlers[message.type] as (m: typeof message) => Promise<unknown>;
    return settle(type, handler(message));
  };
}

import type { ContentToBackground } from '../../shared/messages.ts';
import type { Settings } from '../../shared/settings.ts';
import { toOrigin } from '../../shared/settings.ts';
import { ExtensionError } from '../../shared/errors.ts';
import type { ContentSender } from '../router.ts';

type Message = Extract<ContentToBackground, { type: 'allow-origin' }>;

/**
 * "Always allow on this site": adds the sending page's own origin to the allowlist. A frame may
 * only allowlist itself, never another site.
 */
export function createAllowOrigin(load: () => Promise<Settings>, save: (settings: Settings) => Promise<Settings>) {
  return async (message: Message, from: ContentSender): Promise<{ allowlist: string[] }> => {
    const senderUrl = from.url;
    const origin = toOrigin(message.origin);
    if (!origin) throw new ExtensionError('E_ORIGIN_INVALID', 'cannot allowlist this page: it has no web origin');
    if (senderUrl !== undefined && toOrigin(senderUrl) !== origin) throw new ExtensionError('E_ORIGIN_MISMATCH', 'a page may only allowlist its own site');
    const settings = await load();
    if (settings.allowlist.includes(origin)) return { allowlist: settings.allowlist };
    const saved = await save({ ...settings, allowlist: [...settings.allowlist, origin] });
    return { allowlist: saved.allowlist };
  };
}

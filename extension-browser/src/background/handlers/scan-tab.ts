import { ExtensionError } from '../../shared/errors.ts';
import type { PopupToBackground, TabState } from '../../shared/messages.ts';
import type { TabStateStore } from '../tab-state-store.ts';

type Message = Extract<PopupToBackground, { type: 'scan-tab' }>;

/**
 * Asks every frame of the tab to scan itself. Each frame reports its own results (report-detections);
 * the top frame's answer tells us the scan ran, then the popup gets the tab's state.
 */
export function createScanTab(store: TabStateStore, askTopFrame: (tabId: number) => Promise<unknown>) {
  return async (message: Message): Promise<TabState> => {
    try {
      await askTopFrame(message.tabId);
    } catch (error) {
      // No content script answers on browser pages, store pages, or tabs opened before install.
      if (isNoReceiver(error)) {
        throw new ExtensionError(
          'E_TAB_UNREACHABLE',
          'rt-guard cannot scan this tab: it is a browser page, or it was open before rt-guard was installed (reload it).',
        );
      }
      throw error;
    }
    return store.get(message.tabId);
  };
}

/** Chrome: "Could not establish connection. Receiving end does not exist."; Firefox: similar wording. */
export function isNoReceiver(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /receiving end does not exist|could not establish connection/i.test(message);
}

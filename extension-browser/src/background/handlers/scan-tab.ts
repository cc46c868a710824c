import type { PopupToBackground, TabState } from '../../shared/messages.ts';
import type { TabStateStore } from '../tab-state-store.ts';

type Message = Extract<PopupToBackground, { type: 'scan-tab' }>;

/**
 * Asks every frame of the tab to scan itself. Each frame reports its own results (report-detections);
 * the top frame's answer tells us the scan ran, then the popup gets the tab's state.
 */
export function createScanTab(store: TabStateStore, askTopFrame: (tabId: number) => Promise<unknown>) {
  return async (message: Message): Promise<TabState> => {
    await askTopFrame(message.tabId);
    return store.get(message.tabId);
  };
}

import type { ContentToBackground, TabState } from '../../shared/messages.ts';
import { exposureCount, type TabStateStore } from '../tab-state-store.ts';

type Message = Extract<ContentToBackground, { type: 'report-detections' }>;

/** Stores a frame's detections and updates the toolbar badge with the page's exposure count. */
export function createReportDetections(store: TabStateStore, setBadge: (tabId: number, state: TabState) => Promise<void>) {
  return async (message: Message, from: { tabId: number; frameId: number }): Promise<{ count: number }> => {
    const state = await store.add(from.tabId, from.frameId, message.detections, message.isPageScan);
    await setBadge(from.tabId, state);
    return { count: exposureCount(state) };
  };
}

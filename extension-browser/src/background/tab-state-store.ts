/**
 * Detections per tab (redacted, no keys). Kept in memory and mirrored to `storage.session`
 * (memory-only, cleared with the browser) so a restarted service worker still knows them.
 * Updates are serialized: reports from several frames arrive at once.
 */
import type { Detection, TabDetection, TabState } from '../shared/messages.ts';

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface TabStateStore {
  get(tabId: number): Promise<TabState>;
  /** Page scans replace the frame's earlier page-scan detections; others are added. */
  add(tabId: number, frameId: number, detections: readonly Detection[], isPageScan: boolean): Promise<TabState>;
  clear(tabId: number): Promise<void>;
}

const PAGE_SOURCES = new Set(['inline-script', 'script', 'dom-text']);

/** How many distinct exposed keys a page scan found: the toolbar badge number. */
export function exposureCount(state: TabState): number {
  return new Set(state.detections.filter((d) => PAGE_SOURCES.has(d.source)).map((d) => d.fingerprint)).size;
}

export function createTabStateStore(area: SessionArea, now: () => Date = () => new Date()): TabStateStore {
  const cache = new Map<number, TabState>();
  let queue: Promise<unknown> = Promise.resolve();
  const keyOf = (tabId: number): string => `tab:${tabId}`;

  async function read(tabId: number): Promise<TabState> {
    const cached = cache.get(tabId);
    if (cached) return cached;
    const stored = (await area.get(keyOf(tabId)))[keyOf(tabId)] as TabState | undefined;
    const state = stored ?? { detections: [], pageScanCount: 0 };
    cache.set(tabId, state);
    return state;
  }

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    get: (tabId) => serialized(() => read(tabId)),
    add: (tabId, frameId, detections, isPageScan) =>
      serialized(async () => {
        const state = await read(tabId);
        const kept = isPageScan ? state.detections.filter((d) => !(d.frameId === frameId && PAGE_SOURCES.has(d.source))) : state.detections;
        const known = new Set(kept.map((d) => `${d.frameId}|${d.id}|${d.source}|${d.where}`));
        const added: TabDetection[] = detections.map((d) => ({ ...d, frameId })).filter((d) => !known.has(`${d.frameId}|${d.id}|${d.source}|${d.where}`));
        const next: TabState = {
          detections: [...kept, ...added].slice(-500),
          pageScanCount: state.pageScanCount + (isPageScan ? 1 : 0),
          ...(isPageScan ? { scannedAt: now().toISOString() } : state.scannedAt ? { scannedAt: state.scannedAt } : {}),
        };
        cache.set(tabId, next);
        await area.set({ [keyOf(tabId)]: next });
        return next;
      }),
    clear: (tabId) =>
      serialized(async () => {
        cache.delete(tabId);
        await area.remove(keyOf(tabId));
      }),
  };
}

import { describe, expect, it } from 'vitest';
import { createTabStateStore } from '../tab-state-store.ts';
import { createScanTab } from './scan-tab.ts';

const area = () => {
  const data = new Map<string, unknown>();
  return {
    get: async (k: string) => (data.has(k) ? { [k]: data.get(k) } : {}),
    set: async (i: Record<string, unknown>) => void Object.entries(i).forEach(([k, v]) => data.set(k, v)),
    remove: async (k: string) => void data.delete(k),
  };
};

describe('scan-tab', () => {
  it('asks the tab to scan, then answers with the tab state', async () => {
    const store = createTabStateStore(area());
    const asked: number[] = [];
    const scan = createScanTab(store, async (tabId) => void asked.push(tabId));
    await expect(scan({ type: 'scan-tab', tabId: 4 })).resolves.toEqual({ detections: [], pageScanCount: 0 });
    expect(asked).toEqual([4]);
  });

  it('explains a tab without a content script instead of the browser’s connection error', async () => {
    const scan = createScanTab(createTabStateStore(area()), async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    await expect(scan({ type: 'scan-tab', tabId: 1 })).rejects.toMatchObject({ code: 'E_TAB_UNREACHABLE', message: expect.stringContaining('reload it') });
    const other = createScanTab(createTabStateStore(area()), async () => {
      throw new Error('boom');
    });
    await expect(other({ type: 'scan-tab', tabId: 1 })).rejects.toThrow('boom');
  });
});

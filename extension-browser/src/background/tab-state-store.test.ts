import { describe, expect, it } from 'vitest';
import type { Detection } from '../shared/messages.ts';
import { createTabStateStore, exposureCount, type SessionArea } from './tab-state-store.ts';

function memoryArea(): SessionArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => (data.has(key) ? { [key]: data.get(key) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
    remove: async (key) => void data.delete(key),
  };
}

const detection = (id: string, fingerprint: string, source: Detection['source'], where = 'inline script #1'): Detection => ({
  id,
  ruleId: 'runtype-api-key-live',
  kind: 'live',
  redacted: 'rt_live_…Ab12',
  fingerprint: fingerprint.repeat(64),
  source,
  where,
});

describe('tab state store', () => {
  it('a page scan replaces the frame’s previous scan; pastes accumulate; the badge counts distinct exposed keys', async () => {
    const area = memoryArea();
    const store = createTabStateStore(area, () => new Date('2026-11-27T08:00:00Z'));
    await store.add(1, 0, [detection('a', 'a', 'inline-script'), detection('b', 'b', 'script', 'https://x.test/app.js')], true);
    await store.add(1, 0, [detection('p', 'c', 'paste', 'textarea')], false);
    await store.add(1, 5, [detection('f', 'a', 'dom-text', 'page text')], true);
    let state = await store.get(1);
    expect(exposureCount(state)).toBe(2);
    expect(state.scannedAt).toBe('2026-11-27T08:00:00.000Z');
    state = await store.add(1, 0, [detection('a', 'a', 'inline-script')], true);
    expect(state.detections.map((d) => `${d.frameId}:${d.id}`)).toEqual(['0:p', '5:f', '0:a']);
    expect(exposureCount(state)).toBe(1);
    expect(state.pageScanCount).toBe(3);
  });

  it('survives a service-worker restart through session storage and serializes concurrent reports', async () => {
    const area = memoryArea();
    const first = createTabStateStore(area);
    await Promise.all([
      first.add(2, 0, [detection('a', 'a', 'paste')], false),
      first.add(2, 1, [detection('b', 'b', 'paste')], false),
      first.add(2, 2, [detection('c', 'c', 'paste')], false),
    ]);
    const restarted = createTabStateStore(area);
    expect((await restarted.get(2)).detections.map((d) => d.id).sort()).toEqual(['a', 'b', 'c']);
    await restarted.clear(2);
    expect(area.data.size).toBe(0);
    expect((await restarted.get(2)).detections).toEqual([]);
  });
});

import type { KeySource, PopupToBackground } from '../../shared/messages.ts';
import type { RotationService } from '../rotation-service.ts';

type Message<T extends PopupToBackground['type']> = Extract<PopupToBackground, { type: T }>;

/**
 * Rotation, from the extension's own pages only (the router refuses these from content scripts,
 * pages and other extensions). The old key comes from the frame that found it (like Inspect and
 * Revoke from the popup) or was pasted on the rotation page; it is used and dropped. The new key
 * leaves the background only for `rotation-reveal-new-key` (the page's explicit Reveal/Copy).
 */
export function createRotationHandlers(
  service: () => Promise<RotationService>,
  revealKey: (tabId: number, frameId: number, findingId: string) => Promise<string>,
) {
  const keyOf = (source: KeySource): Promise<string> =>
    'key' in source ? Promise.resolve(source.key) : revealKey(source.tabId, source.frameId, source.findingId);
  return {
    plan: async (m: Message<'rotation-plan'>) => (await service()).plan(await keyOf(m.source), m.mode),
    start: async (m: Message<'rotation-start'>) => (await service()).start(await keyOf(m.source), m.mode, m.expectKeyId),
    state: async () => (await service()).state(),
    resume: async () => (await service()).resume(),
    finish: async () => (await service()).finish(),
    rollback: async (m: Message<'rotation-rollback'>) => (await service()).rollback(m.oldKey),
    revealNewKey: async () => ({ key: await (await service()).revealNewKey() }),
    keyStored: async () => (await service()).keyStored(),
  };
}

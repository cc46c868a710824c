import type { ContentToBackground, PopupToBackground } from '../../shared/messages.ts';
import type { BackgroundKeyService } from '../key-service.ts';

type Inspect = Extract<ContentToBackground, { type: 'inspect-key' }>;
type Revoke = Extract<ContentToBackground, { type: 'revoke-key' }>;
type InspectFinding = Extract<PopupToBackground, { type: 'inspect-finding' }>;
type RevokeFinding = Extract<PopupToBackground, { type: 'revoke-finding' }>;

/**
 * Inspect/Revoke, from the warning dialog (which holds the key) or from the popup (which only
 * knows a detection id: the key is fetched from the frame that found it, used, and dropped).
 */
export function createKeyActions(
  service: () => Promise<BackgroundKeyService>,
  revealKey: (tabId: number, frameId: number, findingId: string) => Promise<string>,
) {
  return {
    inspectKey: async (message: Inspect) => (await service()).inspect(message.key),
    revokeKey: async (message: Revoke) => (await service()).revoke(message.key),
    inspectFinding: async (message: InspectFinding) => (await service()).inspect(await revealKey(message.tabId, message.frameId, message.findingId)),
    revokeFinding: async (message: RevokeFinding) => (await service()).revoke(await revealKey(message.tabId, message.frameId, message.findingId)),
  };
}

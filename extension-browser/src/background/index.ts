/**
 * Background service worker (Chrome) / event page (Firefox): the only context that talks to the
 * Runtype API. Wiring only; logic lives in the host-free modules next to it.
 */
import { createRuntypeClient } from '@rt-guard/core';
import { browser, type Runtime } from '../platform/browser.ts';
import { ExtensionError, logError } from '../shared/errors.ts';
import { sendToContent, type TabState } from '../shared/messages.ts';
import { loadSettings, saveSettings } from '../shared/settings-store.ts';
import { createIndexedDbRecords, createIndexedDbTokenArea, migrateLegacyToken } from '../shared/token-store.ts';
import { createApiFetch } from './api-fetch.ts';
import { createAllowOrigin } from './handlers/allow-origin.ts';
import { createKeyActions } from './handlers/key-actions.ts';
import { createReportDetections } from './handlers/report-detections.ts';
import { createRotationHandlers } from './handlers/rotation.ts';
import { createScanTab, isNoReceiver } from './handlers/scan-tab.ts';
import { createBackgroundKeyService } from './key-service.ts';
import { createRouter } from './router.ts';
import { createRotationService } from './rotation-service.ts';
import { createDbJournalStore, createSessionKeySlot } from './rotation-stores.ts';
import { createTabStateStore, exposureCount } from './tab-state-store.ts';
import { createMemoryVerificationCache, withKnownStatus } from './verification-cache.ts';

// The management token: the extension origin's IndexedDB, which content scripts cannot open.
const tokenArea = createIndexedDbTokenArea(indexedDB);
const getManagementToken = (): Promise<string | undefined> => tokenArea.get();

// Versions ≤ 0.1.0 kept the token in storage.local, readable by every content script: move it out
// on update, and on every start in case an update event was missed.
function migrateToken(): void {
  void migrateLegacyToken(browser.storage.local, tokenArea).catch((error: unknown) => logError('token migration', error));
}
migrateToken();

const sessionArea = {
  get: (key: string) => browser.storage.session.get(key),
  set: (items: Record<string, unknown>) => browser.storage.session.set(items),
  remove: (key: string) => browser.storage.session.remove(key),
};
const store = createTabStateStore(sessionArea);
// What Inspect, Revoke and rotations learned about keys, by fingerprint (a revoked key is `invalid` at once).
const cache = createMemoryVerificationCache();
// Rotation: the journal in the extension database (no key in it), the new key in storage.session until stored.
const rotationJournal = createDbJournalStore(createIndexedDbRecords(indexedDB)('rotationJournal'));
const newKeySlot = createSessionKeySlot(sessionArea);

async function setBadge(tabId: number, state: TabState): Promise<void> {
  const count = exposureCount(state);
  try {
    await browser.action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
    if (count > 0) await browser.action.setBadgeBackgroundColor({ tabId, color: '#b00020' });
  } catch (error) {
    // The tab may have closed while the scan ran.
    logError('badge', error);
  }
}

// A new client per call: the base URL is a setting and may have changed since the last one.
async function apiClient() {
  const settings = await loadSettings();
  return createRuntypeClient({
    baseUrl: settings.apiBaseUrl,
    fetch: createApiFetch((url, init) => globalThis.fetch(url, init)),
    timeoutMs: 15_000,
  });
}

async function keyService() {
  return createBackgroundKeyService({ client: await apiClient(), getManagementToken, now: () => new Date(), cache });
}

// One service: it serializes rotation steps (a double click must not start two rotations).
const rotationService = createRotationService({
  getClient: apiClient,
  getManagementToken,
  now: () => new Date(),
  journal: rotationJournal,
  newKey: newKeySlot,
  cache,
});

async function revealKey(tabId: number, frameId: number, findingId: string): Promise<string> {
  try {
    return (await sendToContent(tabId, frameId, { type: 'reveal-key', findingId })).key;
  } catch (error) {
    // The key lives only in the page that found it: gone once the page navigates or closes.
    if (isNoReceiver(error)) throw new ExtensionError('E_KEY_GONE', 'the page that held this key has changed; scan it again');
    throw error;
  }
}

const keyActions = createKeyActions(keyService, revealKey);
const scanTab = createScanTab(store, (tabId) => sendToContent(tabId, 0, { type: 'scan-page' }));
const rotationActions = createRotationHandlers(() => Promise.resolve(rotationService), revealKey);
const reportDetections = createReportDetections(store, setBadge);

const onMessage = createRouter(
  {
    'report-detections': reportDetections,
    'inspect-key': keyActions.inspectKey,
    'revoke-key': keyActions.revokeKey,
    'allow-origin': createAllowOrigin(loadSettings, saveSettings),
    'get-tab-state': async (message) => withKnownStatus(await store.get(message.tabId), cache),
    'scan-tab': async (message) => withKnownStatus(await scanTab(message), cache),
    'inspect-finding': keyActions.inspectFinding,
    'revoke-finding': keyActions.revokeFinding,
    'rotation-plan': rotationActions.plan,
    'rotation-start': rotationActions.start,
    'rotation-state': rotationActions.state,
    'rotation-resume': rotationActions.resume,
    'rotation-finish': rotationActions.finish,
    'rotation-rollback': rotationActions.rollback,
    'rotation-reveal-new-key': rotationActions.revealNewKey,
    'rotation-key-stored': rotationActions.keyStored,
  },
  { extensionId: browser.runtime.id, extensionOrigin: new URL(browser.runtime.getURL('/')).origin },
);

// Not async (style guide §5): undefined for messages we do not own.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => onMessage(message, sender));

browser.tabs.onUpdated.addListener((tabId, change) => {
  // A new top-level page: the old page's detections no longer describe this tab.
  if (change.status === 'loading') void store.clear(tabId).catch((error: unknown) => logError('tab state', error));
});
browser.tabs.onRemoved.addListener((tabId) => void store.clear(tabId).catch((error: unknown) => logError('tab state', error)));

// First install: open the options so the user sees where the API URL, the management token and
// the allowlist live (nothing is sent anywhere until they act).
browser.runtime.onInstalled.addListener((details) => {
  if (details.reason === 'install') void browser.runtime.openOptionsPage().catch((error: unknown) => logError('install', error));
  if (details.reason === 'update') migrateToken();
});

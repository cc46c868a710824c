/**
 * Popup: detections on the current tab (redacted), a page scan button, Inspect and Revoke per key
 * (Revoke asks for confirmation, then shows the proof by re-verification), Rotate and Emergency
 * rotate (they open the rotation page, rotate/rotate.ts), and a link to Runtype's
 * API key settings. `?tabId=N` picks the tab explicitly (used when the popup is opened as a page).
 */
import { exposureAdvice, isApiKeyRule, ruleById, ruleName } from '@rt-guard/core';
import { browser } from '../platform/browser.ts';
import { logError } from '../shared/errors.ts';
import { describeInspect } from '../shared/describe-inspect.ts';
import { sendToBackground, type TabDetection, type TabState } from '../shared/messages.ts';
import { API_SETTINGS_URL } from '../shared/settings.ts';

const SOURCE_LABEL: Record<TabDetection['source'], string> = {
  paste: 'pasted',
  drop: 'dropped',
  input: 'typed',
  'inline-script': 'in an inline script',
  script: 'in a script',
  'dom-text': 'in the page text',
};

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

async function currentTabId(): Promise<number> {
  const fromQuery = new URLSearchParams(location.search).get('tabId');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) throw new Error('no active tab');
  return tab.id;
}

let rendered = '';

function render(tabId: number, state: TabState): void {
  // Re-render only on change: a pending "Confirm revoke" button must survive unrelated updates.
  const signature = JSON.stringify([state.detections.map((d) => d.id + d.where + (d.knownStatus ?? '')), state.scannedAt]);
  if (signature === rendered) return;
  rendered = signature;
  const list = byId<HTMLUListElement>('detections');
  list.replaceChildren();
  const unique = state.detections.filter(
    (d, i, all) => all.findIndex((o) => o.fingerprint === d.fingerprint && o.source === d.source && o.where === d.where) === i,
  );
  byId('summary').textContent =
    unique.length === 0
      ? state.scannedAt
        ? 'No Runtype keys found on this page.'
        : 'No Runtype keys seen on this tab yet. Scan the page to look for exposed keys.'
      : `${unique.length} Runtype key${unique.length === 1 ? '' : 's'} on this tab.`;
  for (const detection of unique) {
    const item = document.createElement('li');
    item.className = 'detection';
    const code = document.createElement('code');
    code.textContent = detection.redacted;
    const where = document.createElement('span');
    where.textContent = ` ${ruleName(detection.ruleId)} ${SOURCE_LABEL[detection.source]} (${detection.where})`;
    // A key the page ships is readable by every visitor: say so, and what to use instead.
    const advice = detection.exposure === 'client' ? exposureAdvice('client') : undefined;
    if (advice) where.textContent += ` — shipped to every visitor: ${advice}.`;
    // What rt-guard already learned (Inspect, Revoke, a rotation): a revoked key is marked at once.
    if (detection.knownStatus === 'invalid') where.textContent += ' — revoked: the Runtype API rejects it.';
    const inspect = document.createElement('button');
    inspect.type = 'button';
    inspect.textContent = 'Inspect';
    inspect.addEventListener('click', () => {
      void act('Checking with the Runtype API…', async () =>
        describeInspect(await sendToBackground({ type: 'inspect-finding', tabId, frameId: detection.frameId, findingId: detection.id })).join('\n'),
      );
    });
    const revoke = document.createElement('button');
    revoke.type = 'button';
    revoke.textContent = 'Revoke…';
    revoke.addEventListener('click', () => {
      const confirm = document.createElement('button');
      confirm.type = 'button';
      confirm.className = 'danger';
      confirm.textContent = `Confirm revoke of ${detection.redacted}`;
      confirm.addEventListener('click', () => {
        confirm.remove();
        void act(
          'Revoking…',
          async () => (await sendToBackground({ type: 'revoke-finding', tabId, frameId: detection.frameId, findingId: detection.id })).message,
        );
      });
      byId('result').textContent = `Revoking ${detection.redacted} stops every app that uses it, at once.`;
      item.append(confirm);
      confirm.focus();
    });
    // Rotation runs in the background and shows its result on the rotation page, a tab that stays
    // open while the user copies the new key (this popup closes as soon as it loses focus).
    // Only Runtype API keys are rotated through the API (core's isApiKeyRule).
    const rule = ruleById(detection.ruleId);
    const rotateButtons = (rule && isApiKeyRule(rule) ? (['standard', 'emergency'] as const) : []).map((mode) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = mode === 'standard' ? 'Rotate…' : 'Emergency rotate…';
      button.addEventListener('click', () => {
        const query = new URLSearchParams({ tabId: String(tabId), frameId: String(detection.frameId), findingId: detection.id, mode });
        void act('Opening the rotation page…', async () => {
          await browser.tabs.create({ url: browser.runtime.getURL(`rotate/rotate.html?${query.toString()}`) });
          return '';
        });
      });
      return button;
    });
    item.append(code, where, inspect, revoke, ...rotateButtons);
    list.append(item);
  }
}

async function act(pending: string, work: () => Promise<string>): Promise<void> {
  const result = byId('result');
  result.textContent = pending;
  try {
    result.textContent = await work();
  } catch (error) {
    result.textContent = error instanceof Error ? error.message : String(error);
    logError('popup', error);
  }
}

async function main(): Promise<void> {
  byId<HTMLAnchorElement>('settings-link').href = API_SETTINGS_URL;
  const tabId = await currentTabId();
  render(tabId, await sendToBackground({ type: 'get-tab-state', tabId }));
  byId('scan').addEventListener('click', () => {
    void act('Scanning the page…', async () => {
      const state = await sendToBackground({ type: 'scan-tab', tabId });
      render(tabId, state);
      return `Page scanned at ${state.scannedAt ?? 'now'}.`;
    });
  });
  // Frames report on their own schedule (an iframe finishes after the top page): keep the list fresh.
  browser.storage.session.onChanged?.addListener(() => {
    void sendToBackground({ type: 'get-tab-state', tabId }).then(
      (state) => render(tabId, state),
      (error: unknown) => logError('popup', error),
    );
  });
}

main().catch((error: unknown) => {
  byId('summary').textContent = error instanceof Error ? error.message : String(error);
  logError('popup', error);
});

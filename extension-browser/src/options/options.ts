/**
 * Options page: API base URL, management token (save/forget; never displayed back), allowlist,
 * block/warn/off per key kind, automatic page scan. Validation is the settings schema's.
 */
import { browser } from '../platform/browser.ts';
import { logError } from '../shared/errors.ts';
import { loadSettings, saveSettings } from '../shared/settings-store.ts';
import type { GuardMode, Settings } from '../shared/settings.ts';
import { createIndexedDbTokenArea, normalizeToken } from '../shared/token-store.ts';

const MODE_LABELS: Record<GuardMode, string> = { block: 'Hold it and warn', warn: 'Let it through and warn', off: 'Do nothing' };

// The manifest's host_permissions (connect-src matches them): other API hosts are blocked by the browser.
// The store build has only api.runtype.com; the emulator build adds 127.0.0.1 and localhost.
const REACHABLE_HOSTS = (browser.runtime.getManifest().host_permissions ?? [])
  .map((pattern) => /^[a-z]+:\/\/([^/:]+)/.exec(pattern)?.[1] ?? '')
  .filter(Boolean);
// The options page writes the token and asks whether one is set; only the background uses it.
const tokenArea = createIndexedDbTokenArea(indexedDB);

function isReachable(url: string): boolean {
  try {
    return REACHABLE_HOSTS.includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

function status(text: string): void {
  byId('status').textContent = text;
}

async function showTokenState(): Promise<void> {
  byId('token-state').textContent = (await tokenArea.get()) !== undefined ? 'A management token is set.' : 'No management token set.';
}

function fill(settings: Settings): void {
  byId<HTMLInputElement>('api-base-url').value = settings.apiBaseUrl;
  byId<HTMLTextAreaElement>('allowlist').value = settings.allowlist.join('\n');
  byId<HTMLInputElement>('auto-scan').checked = settings.autoScan;
  for (const select of document.querySelectorAll<HTMLSelectElement>('select[data-kind]')) {
    select.replaceChildren(
      ...(Object.keys(MODE_LABELS) as GuardMode[]).map((mode) => {
        const option = document.createElement('option');
        option.value = mode;
        option.textContent = MODE_LABELS[mode];
        return option;
      }),
    );
    select.value = settings.modes[select.dataset.kind as keyof Settings['modes']];
  }
}

function read(): unknown {
  const modes: Record<string, string> = {};
  for (const select of document.querySelectorAll<HTMLSelectElement>('select[data-kind]')) modes[select.dataset.kind!] = select.value;
  return {
    apiBaseUrl: byId<HTMLInputElement>('api-base-url').value.trim(),
    allowlist: byId<HTMLTextAreaElement>('allowlist')
      .value.split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    modes,
    autoScan: byId<HTMLInputElement>('auto-scan').checked,
  };
}

async function main(): Promise<void> {
  fill(await loadSettings());
  await showTokenState();
  byId<HTMLFormElement>('settings').addEventListener('submit', (event) => {
    event.preventDefault();
    saveSettings(read()).then(
      (saved) => {
        fill(saved);
        status(
          isReachable(saved.apiBaseUrl)
            ? 'Saved.'
            : `Saved. Note: this build may only call ${REACHABLE_HOSTS.join(', ')}; add your API host to the manifest's host_permissions and connect-src.`,
        );
      },
      (error: unknown) => status(`Not saved: ${error instanceof Error ? error.message : String(error)}`),
    );
  });
  byId('save-token').addEventListener('click', () => {
    const input = byId<HTMLInputElement>('token');
    Promise.resolve()
      .then(() => tokenArea.set(normalizeToken(input.value)))
      .then(
        () => {
          input.value = '';
          status('Token saved.');
          return showTokenState();
        },
        (error: unknown) => status(`Token not saved: ${error instanceof Error ? error.message : String(error)}`),
      );
  });
  byId('forget-token').addEventListener('click', () => {
    tokenArea.remove().then(
      () => {
        status('Token forgotten.');
        return showTokenState();
      },
      (error: unknown) => logError('options', error),
    );
  });
}

main().catch((error: unknown) => {
  status(error instanceof Error ? error.message : String(error));
  logError('options', error);
});

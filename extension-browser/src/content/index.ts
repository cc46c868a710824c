/**
 * Content script (every frame, document_start): wires the host-free guard and page scan to the
 * extension. Settings come from storage; everything else goes through typed background messages.
 */
import { createDetector } from '@rt-guard/core';
import { browser } from '../platform/browser.ts';
import { logError, serializeError } from '../shared/errors.ts';
import { describeInspect } from '../shared/describe-inspect.ts';
import { BackgroundToContent, sendToBackground, type Detection } from '../shared/messages.ts';
import { loadSettings, onSettingsChanged } from '../shared/settings-store.ts';
import { DEFAULT_SETTINGS, isAllowlisted, type Settings } from '../shared/settings.ts';
import { createKeyRegistry } from './key-registry.ts';
import { installGuard } from './paste-guard.ts';
import { scanPage, streamText } from './page-scan.ts';

const detector = createDetector();
const registry = createKeyRegistry();
// Until storage answers, the defaults (which hold live keys) apply: fail safe, never open.
let settings: Settings = DEFAULT_SETTINGS;
const controller = new AbortController();

function report(detections: Detection[], isPageScan: boolean): void {
  if (detections.length === 0 && !isPageScan) return;
  sendToBackground({ type: 'report-detections', detections, isPageScan }).catch((error: unknown) => logError('report', error));
}

installGuard({
  window,
  detector,
  registry,
  getSettings: () => settings,
  report: (detections) => report(detections, false),
  inspect: async (key) => describeInspect(await sendToBackground({ type: 'inspect-key', key })).join(' · '),
  revoke: async (key) => (await sendToBackground({ type: 'revoke-key', key })).message,
  allowOrigin: async (origin) => {
    const { allowlist } = await sendToBackground({ type: 'allow-origin', origin });
    settings = { ...settings, allowlist };
  },
  signal: controller.signal,
});

let scanning: Promise<Detection[]> | undefined;
function runPageScan(): Promise<Detection[]> {
  scanning ??= scanPage(document, {
    detector,
    signal: controller.signal,
    fetchText: async (url) => {
      try {
        const response = await fetch(url, { credentials: 'same-origin', cache: 'force-cache' });
        return response.ok ? streamText(response) : undefined;
      } catch {
        return undefined;
      }
    },
  })
    .then((findings) => {
      // The message schema caps a report at 1000 detections; a page with more is flagrant anyway.
      const detections: Detection[] = findings.slice(0, 1000).map((f) => ({
        id: registry.add(f.secret),
        ruleId: f.ruleId,
        kind: f.kind,
        redacted: f.redacted,
        fingerprint: f.fingerprint,
        source: f.source,
        where: f.where.slice(0, 500),
        exposure: f.exposure,
      }));
      report(detections, true);
      return detections;
    })
    .finally(() => {
      scanning = undefined;
    });
  return scanning;
}

// Not async: returning undefined leaves messages we do not own to other listeners.
browser.runtime.onMessage.addListener((raw: unknown) => {
  const parsed = BackgroundToContent.safeParse(raw);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  switch (message.type) {
    case 'scan-page':
      return runPageScan().then(
        (detections) => ({ ok: true, value: { detections } }),
        (error: unknown) => ({ ok: false, error: serializeError(error) }),
      );
    case 'reveal-key': {
      const key = registry.get(message.findingId);
      return Promise.resolve(
        key
          ? { ok: true, value: { key } }
          : { ok: false, error: { name: 'ExtensionError', code: 'E_KEY_GONE', message: 'this key is no longer held by the page; scan the page again' } },
      );
    }
    default:
      return message satisfies never;
  }
});

loadSettings()
  .then((loaded) => {
    settings = loaded;
    if (loaded.autoScan && !isAllowlisted(location.origin, loaded.allowlist)) {
      const start = (): void => void runPageScan().catch((error: unknown) => logError('page scan', error));
      if (document.readyState === 'complete') start();
      else window.addEventListener('load', start, { once: true });
    }
  })
  .catch((error: unknown) => logError('settings', error));
onSettingsChanged((next) => {
  settings = next;
});

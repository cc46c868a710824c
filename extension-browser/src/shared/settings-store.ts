/**
 * The one wrapper around extension settings storage (style guide §5): `storage.local`, never
 * `storage.sync`. Settings hold nothing secret: content scripts read them. The management token
 * is NOT here: it lives in the extension origin's IndexedDB (token-store.ts), out of reach of
 * content scripts.
 */
import { browser } from '../platform/browser.ts';
import { logError } from './errors.ts';
import { parseSettings, SettingsSchema, type Settings } from './settings.ts';

const SETTINGS_KEY = 'settings';

/** Current settings; invalid stored fields fall back to defaults (and are logged, redacted). */
export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  const { settings, problems } = parseSettings(stored[SETTINGS_KEY]);
  if (problems.length > 0) logError('settings', new Error(`invalid stored settings, defaults used for: ${problems.join(' | ')}`));
  return settings;
}

/** Validates and stores settings; throws with the zod messages when they are invalid. */
export async function saveSettings(settings: unknown): Promise<Settings> {
  const parsed = SettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`).join('; '));
  }
  await browser.storage.local.set({ [SETTINGS_KEY]: parsed.data });
  return parsed.data;
}

/** Calls `listener` with the new settings whenever they change in any context. */
export function onSettingsChanged(listener: (settings: Settings) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    listener(parseSettings(changes[SETTINGS_KEY]?.newValue).settings);
  });
}

/**
 * The one wrapper around extension storage (style guide §5). Settings and the management token
 * live in `storage.local` only: never `storage.sync`, so the token never leaves this browser
 * profile. The token has its own key and is only read by the background and the options page.
 */
import { browser } from '../platform/browser.ts';
import { logError } from './errors.ts';
import { parseSettings, SettingsSchema, type Settings } from './settings.ts';

const SETTINGS_KEY = 'settings';
const TOKEN_KEY = 'managementToken';

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
    // Only the settings entry is read here: the token's change record is never touched.
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    listener(parseSettings(changes[SETTINGS_KEY]?.newValue).settings);
  });
}

/** The Runtype management credential (a session token or a key with key-management rights). */
export async function getManagementToken(): Promise<string | undefined> {
  const stored = await browser.storage.local.get(TOKEN_KEY);
  const token = stored[TOKEN_KEY];
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}

export async function setManagementToken(token: string): Promise<void> {
  const trimmed = token.trim();
  if (trimmed.length === 0) throw new Error('the management token is empty; paste a Runtype session token or API key');
  if (/\s/.test(trimmed)) throw new Error('the management token contains spaces; paste the token alone');
  await browser.storage.local.set({ [TOKEN_KEY]: trimmed });
}

/** Removes the management token from this browser. */
export async function forgetManagementToken(): Promise<void> {
  await browser.storage.local.remove(TOKEN_KEY);
}

import * as z from 'zod/mini';
import { en } from 'zod/locales';

// English issue messages, quoted in the settings warnings (core configures the same for its schemas).
z.config(en());

/** How a finding shows in the editor; `off` hides it. */
export const DIAGNOSTIC_LEVELS = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type DiagnosticLevel = (typeof DIAGNOSTIC_LEVELS)[number];

const envVarName = z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a shell variable name: letters, digits and _, not starting with a digit'));

/**
 * The extension's settings (`rtGuard.*` in package.json `contributes.configuration`). Adding a setting:
 * manifest → this schema → `readSettings` in settings.ts, in that order.
 */
export const settingsSchema = z.object({
  /** Where the management token goes: https, or plain http to this machine only (a local emulator). */
  apiBaseUrl: z._default(
    z.url().check(z.refine(isSafeApiUrl, 'must be an https:// URL (plain http only for localhost), or the management token would cross the network in clear')),
    'https://api.runtype.com',
  ),
  envVarName: z._default(envVarName, 'RUNTYPE_API_KEY'),
  /** Rule id (`runtype-api-key-test`) or environment (`live`, `test`) → level. */
  severityOverrides: z._default(z.record(z.string(), z.enum(DIAGNOSTIC_LEVELS)), {}),
  verifyOnOpen: z._default(z.boolean(), false),
  /** Extra gitignore-style patterns of files never to scan, on top of `.rt-guard.json`. */
  exclude: z._default(z.array(z.string()), []),
});

export type Settings = z.infer<typeof settingsSchema>;

function isSafeApiUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/**
 * Validates raw settings field by field: a bad value falls back to its default with a warning
 * instead of disabling the extension.
 */
export function parseSettings(raw: Record<string, unknown>): { settings: Settings; warnings: string[] } {
  const warnings: string[] = [];
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [name, field] of Object.entries(settingsSchema.shape)) {
    if (raw[name] === undefined || raw[name] === null) continue;
    const parsed = (field as z.ZodMiniType).safeParse(raw[name]);
    if (parsed.success) settings[name] = parsed.data;
    else warnings.push(`Setting rtGuard.${name} is invalid (${parsed.error.issues.map((i) => i.message).join('; ')}); using the default.`);
  }
  return { settings: settings as Settings, warnings };
}

/** What `WorkspaceConfiguration.inspect` reports for one setting, per level. */
export interface SettingLevels {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * Settings only the user may set (user settings): they say where the management token goes, so a
 * repository's `.vscode/settings.json` must never choose them (issue 10). Also `"scope": "application"`
 * in the manifest; this is the same rule, enforced again where the value is read.
 */
export const USER_ONLY_SETTINGS = ['apiBaseUrl'] as const;

/** Settings that make the extension call the API by itself: off in an untrusted workspace (Restricted Mode). */
export const TRUSTED_ONLY_SETTINGS = ['verifyOnOpen'] as const;

/**
 * Host-free: the raw value of each setting as rt-guard obeys it. User-only settings come from the
 * user level alone; trusted-only settings are off (the default) unless the workspace is trusted;
 * the rest are VS Code's effective value (`get`).
 */
export function selectSettingValues(
  config: { get(name: string): unknown; inspect(name: string): SettingLevels | undefined },
  isTrusted: boolean,
): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(settingsSchema.shape)) {
    if ((USER_ONLY_SETTINGS as readonly string[]).includes(name)) raw[name] = config.inspect(name)?.globalValue;
    else if ((TRUSTED_ONLY_SETTINGS as readonly string[]).includes(name) && !isTrusted) raw[name] = undefined;
    else raw[name] = config.get(name);
  }
  return raw;
}

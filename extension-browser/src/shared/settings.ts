/**
 * Extension settings: schema, defaults and a tolerant parser (host-free). The management token is
 * NOT part of this shape: it lives under its own storage key (see settings-store.ts) so the
 * content script, which reads settings, never receives it.
 */
import * as z from 'zod/mini';

/** What happens when a key of a kind is pasted, dropped or typed on a non-allowlisted site. */
export const GuardModeSchema = z.enum(['block', 'warn', 'off']);
export type GuardMode = z.infer<typeof GuardModeSchema>;

/** Runtype's public API (shared/runtype-api.md "Basics"). */
export const DEFAULT_API_BASE_URL = 'https://api.runtype.com';
/**
 * [proposal] Runtype's dashboard and docs origins: the places where pasting a key is expected.
 * Not published as a list; kept here as the one place to change.
 */
export const DEFAULT_ALLOWLIST: readonly string[] = ['https://runtype.com', 'https://app.runtype.com', 'https://docs.runtype.com'];
/** [proposal] The dashboard page where API keys are managed. */
export const API_SETTINGS_URL = 'https://app.runtype.com/settings/api-keys';

const OriginSchema = z.pipe(
  z.string(),
  z.transform((value: string, ctx) => {
    const origin = toWildcardOrigin(value) ?? toOrigin(value);
    if (origin === undefined) {
      ctx.issues.push({ code: 'custom', input: value, message: `"${value}" is not a site address; write it like https://example.com` });
      return z.NEVER;
    }
    return origin;
  }),
);

export const SettingsSchema = z.object({
  apiBaseUrl: z.pipe(
    z
      .string()
      .check(
        z.refine(
          (url) => /^https?:\/\/[^/\s]+/.test(url) && toOrigin(url) !== undefined,
          'the API base URL must be like https://api.runtype.com (http:// only for a local emulator)',
        ),
      ),
    z.transform((url: string) => url.trim().replace(/\/+$/, '')),
  ),
  allowlist: z.array(OriginSchema),
  modes: z.object({ live: GuardModeSchema, test: GuardModeSchema, product: GuardModeSchema, a2a: GuardModeSchema }),
  autoScan: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Defaults: live and server-only keys held, test keys warned about, no automatic page scan. */
export const DEFAULT_SETTINGS: Settings = {
  apiBaseUrl: DEFAULT_API_BASE_URL,
  allowlist: [...DEFAULT_ALLOWLIST],
  modes: { live: 'block', test: 'warn', product: 'block', a2a: 'block' },
  autoScan: false,
};

/** `https://Example.com/path` → `https://example.com`; undefined for anything that is not http(s). */
export function toOrigin(value: string): string | undefined {
  const trimmed = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** `https://*.example.com` kept as is (any subdomain), else undefined. */
function toWildcardOrigin(value: string): string | undefined {
  const match = /^(https?):\/\/\*\.([a-z0-9.-]+)\/?$/i.exec(value.trim());
  return match ? `${match[1]!.toLowerCase()}://*.${match[2]!.toLowerCase()}` : undefined;
}

/**
 * Stored value → Settings. Falls back field by field to defaults so one bad field (an old
 * version's shape, a hand edit) never disables the guard; `problems` says what was dropped.
 */
export function parseSettings(stored: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const input = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = {};
  for (const field of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const candidate = field === 'modes' ? { ...DEFAULT_SETTINGS.modes, ...(input.modes as object | undefined) } : input[field];
    const parsed = SettingsSchema.shape[field].safeParse(candidate ?? DEFAULT_SETTINGS[field]);
    if (parsed.success) merged[field] = parsed.data;
    else {
      problems.push(`${field}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
      merged[field] = DEFAULT_SETTINGS[field];
    }
  }
  return { settings: merged as Settings, problems };
}

/** Is `origin` allowlisted? Exact origin match, or a `*.` wildcard entry such as `https://*.runtype.com`. */
export function isAllowlisted(origin: string, allowlist: readonly string[]): boolean {
  return allowlist.some((entry) => {
    if (entry === origin) return true;
    const wildcard = /^(https?):\/\/\*\.(.+)$/.exec(entry);
    if (!wildcard) return false;
    return origin.startsWith(`${wildcard[1]}://`) && origin.endsWith(`.${wildcard[2]}`);
  });
}

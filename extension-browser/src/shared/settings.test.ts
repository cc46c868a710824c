import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isAllowlisted, parseSettings, SettingsSchema, toOrigin } from './settings.ts';

describe('settings', () => {
  it('defaults: Runtype origins allowlisted, live held, test warned, no auto scan', () => {
    expect(parseSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    expect(DEFAULT_SETTINGS.modes).toEqual({ live: 'block', test: 'warn', product: 'block', a2a: 'block' });
    expect(DEFAULT_SETTINGS.autoScan).toBe(false);
  });

  it('normalizes allowlist entries to origins and the API URL without a trailing slash', () => {
    const parsed = SettingsSchema.parse({
      ...DEFAULT_SETTINGS,
      apiBaseUrl: 'http://127.0.0.1:8787/',
      allowlist: ['Example.COM/path', 'http://localhost:3000/x', 'https://*.runtype.com'],
    });
    expect(parsed.apiBaseUrl).toBe('http://127.0.0.1:8787');
    expect(parsed.allowlist).toEqual(['https://example.com', 'http://localhost:3000', 'https://*.runtype.com']);
  });

  it('rejects a bad API URL or site with a message saying what to write', () => {
    const bad = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, apiBaseUrl: 'ftp://x' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toContain('https://api.runtype.com');
    const site = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, allowlist: ['not a site'] });
    expect(site.error!.issues[0]!.message).toContain('write it like https://example.com');
  });

  it('falls back field by field to defaults and reports what was dropped', () => {
    const { settings, problems } = parseSettings({ apiBaseUrl: 42, autoScan: true, modes: { test: 'block', live: 'explode' } });
    expect(settings.apiBaseUrl).toBe(DEFAULT_SETTINGS.apiBaseUrl);
    expect(settings.autoScan).toBe(true);
    expect(settings.modes).toEqual(DEFAULT_SETTINGS.modes);
    expect(problems.map((p) => p.split(':')[0])).toEqual(['apiBaseUrl', 'modes']);
  });

  it('matches origins exactly or by wildcard subdomain', () => {
    expect(toOrigin('javascript:alert(1)')).toBeUndefined();
    expect(isAllowlisted('https://app.runtype.com', ['https://app.runtype.com'])).toBe(true);
    expect(isAllowlisted('http://app.runtype.com', ['https://app.runtype.com'])).toBe(false);
    expect(isAllowlisted('https://a.b.runtype.com', ['https://*.runtype.com'])).toBe(true);
    expect(isAllowlisted('https://evilruntype.com', ['https://*.runtype.com'])).toBe(false);
  });
});

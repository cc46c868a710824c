import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from './settings-schema.ts';

describe('parseSettings', () => {
  it('uses defaults: verify on open is off', () => {
    expect(parseSettings({})).toEqual({ settings: DEFAULT_SETTINGS, warnings: [] });
    expect(DEFAULT_SETTINGS.verifyOnOpen).toBe(false);
    expect(DEFAULT_SETTINGS.envVarName).toBe('RUNTYPE_API_KEY');
  });
  it('falls back per field with a warning naming the setting', () => {
    const { settings, warnings } = parseSettings({ envVarName: '1BAD', apiBaseUrl: 'http://127.0.0.1:9', severityOverrides: { live: 'loud' } });
    expect(settings.envVarName).toBe('RUNTYPE_API_KEY');
    expect(settings.apiBaseUrl).toBe('http://127.0.0.1:9');
    expect(settings.severityOverrides).toEqual({});
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('rtGuard.envVarName');
    expect(warnings[1]).toContain('rtGuard.severityOverrides');
  });
});

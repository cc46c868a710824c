import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings, selectSettingValues } from './settings-schema.ts';

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

describe('selectSettingValues (issue 10: a repository cannot redirect the API)', () => {
  const levels: Record<string, { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown }> = {
    apiBaseUrl: { globalValue: 'https://api.runtype.com', workspaceValue: 'https://evil.example', workspaceFolderValue: 'https://evil2.example' },
    verifyOnOpen: { workspaceValue: true },
    envVarName: { workspaceValue: 'PROJECT_KEY' },
  };
  const effective = (name: string) => {
    const l = levels[name];
    return l?.workspaceFolderValue ?? l?.workspaceValue ?? l?.globalValue;
  };
  const config = { get: effective, inspect: (name: string) => levels[name] };

  it('takes the API base URL from user settings only, never from the workspace or a folder', () => {
    const { settings } = parseSettings(selectSettingValues(config, true));
    expect(settings.apiBaseUrl).toBe('https://api.runtype.com');
  });
  it('uses the default API when only the workspace names one', () => {
    const only = { get: () => 'https://evil.example', inspect: () => ({ workspaceValue: 'https://evil.example' }) };
    expect(parseSettings(selectSettingValues(only, true)).settings.apiBaseUrl).toBe('https://api.runtype.com');
  });
  it('ignores verifyOnOpen in an untrusted workspace, whoever set it', () => {
    expect(parseSettings(selectSettingValues(config, false)).settings.verifyOnOpen).toBe(false);
    const user = { get: () => true, inspect: () => ({ globalValue: true }) };
    expect(parseSettings(selectSettingValues(user, false)).settings.verifyOnOpen).toBe(false);
    expect(parseSettings(selectSettingValues(config, true)).settings.verifyOnOpen).toBe(true);
  });
  it('keeps workspace values of harmless settings', () => {
    expect(parseSettings(selectSettingValues(config, false)).settings.envVarName).toBe('PROJECT_KEY');
  });
});

describe('rtGuard.apiBaseUrl must not send the token in clear', () => {
  it('accepts https and plain http to this machine only', () => {
    for (const url of ['https://api.runtype.com', 'https://eu.example.com/v1', 'http://127.0.0.1:8787', 'http://localhost:3000', 'http://[::1]:9']) {
      expect(parseSettings({ apiBaseUrl: url }).settings.apiBaseUrl).toBe(url);
    }
  });
  it('falls back to the default, with a warning, for http to another host, credentials in the URL, or another scheme', () => {
    for (const url of ['http://api.runtype.com', 'http://10.0.0.5', 'https://user:pw@api.runtype.com', 'ftp://api.runtype.com', 'javascript:alert(1)']) {
      const { settings, warnings } = parseSettings({ apiBaseUrl: url });
      expect(settings.apiBaseUrl).toBe('https://api.runtype.com');
      expect(warnings.join()).toMatch(/rtGuard\.apiBaseUrl/);
    }
  });
});

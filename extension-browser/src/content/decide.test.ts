import { createDetector } from '@rt-guard/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings.ts';
import { generateKey } from '../../../test/helpers/keys.ts';
import { decide } from './decide.ts';

const detector = createDetector();
const site = 'https://example.com';

describe('decide', () => {
  it('holds a live key (rt_live_ and legacy tv_live_) on a non-allowlisted site', () => {
    for (const prefix of ['rt_live_', 'tv_live_']) {
      const key = generateKey(prefix);
      const decision = decide(`token: ${key}`, site, DEFAULT_SETTINGS, detector);
      expect(decision.action).toBe('block');
      expect(decision.findings.map((f) => f.secret)).toEqual([key]);
      expect(decision.findings[0]!.kind).toBe('live');
    }
  });

  it('warns about test keys by default', () => {
    const decision = decide(generateKey('rt_test_'), site, DEFAULT_SETTINGS, detector);
    expect(decision.action).toBe('warn');
    expect(decision.findings[0]!.kind).toBe('test');
  });

  it('treats bare papi_ and a2a_ keys as Runtype keys (held by default)', () => {
    expect(decide(generateKey('papi_'), site, DEFAULT_SETTINGS, detector)).toMatchObject({ action: 'block', findings: [{ kind: 'product' }] });
    expect(decide(generateKey('a2a_'), site, DEFAULT_SETTINGS, detector)).toMatchObject({ action: 'block', findings: [{ kind: 'a2a' }] });
  });

  it('ignores client tokens, placeholders and plain text', () => {
    expect(decide(generateKey('ct_live_'), site, DEFAULT_SETTINGS, detector).action).toBe('none');
    expect(decide('RUNTYPE_API_KEY=rt_live_your_api_key_here', site, DEFAULT_SETTINGS, detector).action).toBe('none');
    expect(decide('hello world', site, DEFAULT_SETTINGS, detector).action).toBe('none');
  });

  it('does nothing on an allowlisted origin, including a wildcard entry', () => {
    const key = generateKey();
    expect(decide(key, 'https://app.runtype.com', DEFAULT_SETTINGS, detector).action).toBe('none');
    const settings: Settings = { ...DEFAULT_SETTINGS, allowlist: ['https://*.corp.example'] };
    expect(decide(key, 'https://tools.corp.example', settings, detector).action).toBe('none');
    expect(decide(key, 'https://corp.example.evil.test', settings, detector).action).toBe('block');
  });

  it('follows the per-kind mode and takes the strictest one when a text holds several keys', () => {
    const live = generateKey('rt_live_');
    const test = generateKey('rt_test_');
    const warnLive: Settings = { ...DEFAULT_SETTINGS, modes: { ...DEFAULT_SETTINGS.modes, live: 'warn' } };
    expect(decide(live, site, warnLive, detector).action).toBe('warn');
    const offLive: Settings = { ...DEFAULT_SETTINGS, modes: { ...DEFAULT_SETTINGS.modes, live: 'off' } };
    expect(decide(live, site, offLive, detector).action).toBe('none');
    const both = decide(`${test}\n${live}\n${live}`, site, DEFAULT_SETTINGS, detector);
    expect(both.action).toBe('block');
    expect(both.findings.map((f) => f.kind)).toEqual(['test', 'live']);
  });

  it('keeps the key out of enumerable properties', () => {
    const key = generateKey();
    const [finding] = decide(key, site, DEFAULT_SETTINGS, detector).findings;
    expect(JSON.stringify(finding)).not.toContain(key);
    expect(finding!.redacted).toBe(`rt_live_…${key.slice(-4)}`);
  });
});

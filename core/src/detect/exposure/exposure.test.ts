import { describe, expect, it } from 'vitest';
import { createDetector } from '../engine.ts';
import { generateKeyBody } from '../fill-slots.ts';
import { applyContainerExposure, classifyExposure } from './classify.ts';
import { exposureAdvice } from './advice.ts';
import { exposureRules, PUBLIC_ENV_PREFIXES } from './rules.ts';
import { serverVariableName } from './server-name.ts';

const detector = createDetector();
const key = (prefix = 'rt_live_'): string => prefix + generateKeyBody();

const matches = exposureRules.flatMap((rule) => rule.examples.matches.map((example) => [rule.id, example] as const));
const nonMatches = exposureRules.flatMap((rule) => rule.examples.nonMatches.map((example) => [rule.id, example] as const));

describe('exposure rule examples', () => {
  it('every rule has examples both ways and a unique id', () => {
    for (const rule of exposureRules) {
      expect(rule.examples.matches.length, rule.id).toBeGreaterThan(0);
      expect(rule.examples.nonMatches.length, rule.id).toBeGreaterThan(0);
    }
    expect(new Set(exposureRules.map((r) => r.id)).size).toBe(exposureRules.length);
  });

  it.each(matches)('%s decides %j', (ruleId, example) => {
    const verdict = classifyExposure(example);
    expect(verdict.ruleId).toBe(ruleId);
    expect(verdict.exposure).toBe(exposureRules.find((r) => r.id === ruleId)!.exposure);
    expect(verdict.reason).toBeTruthy();
  });

  it.each(nonMatches)('%s does not decide %j', (ruleId, example) => {
    expect(classifyExposure(example).ruleId).not.toBe(ruleId);
  });
});

describe('exposure on findings', () => {
  it.each(PUBLIC_ENV_PREFIXES.map((p) => p.prefix))('a key in a %s variable is client-exposed and critical, even a test key', (prefix) => {
    const k = key('rt_test_');
    for (const text of [`${prefix}RUNTYPE_API_KEY=${k}\n`, `const runtype = { apiKey: import.meta.env.${prefix}RUNTYPE_KEY || "${k}" };`]) {
      const [finding] = detector.scan(text, { file: 'src/settings.txt' });
      expect(finding!.exposure, text).toBe('client');
      expect(finding!.severity).toBe('critical');
      expect(finding!.exposureReason).toContain(`${prefix}RUNTYPE`);
      expect(JSON.stringify(finding)).not.toContain(k);
    }
  });

  it.each([
    'public/config.js',
    'static/env.js',
    'dist/assets/index-3f2a.js',
    'build/static/js/main.js',
    '.next/static/chunks/pages/_app.js',
    'out/index.html',
    'site/index.html',
    'dist/app.js.map',
  ])('a key in %s is client-exposed', (file) => {
    const [finding] = detector.scan(`window.RUNTYPE_KEY = "${key('rt_test_')}";`, { file });
    expect(finding!.exposure).toBe('client');
    expect(finding!.severity).toBe('critical');
  });

  it.each(['server/runtype.ts', 'src/pages/api/chat.ts', 'app/routes/chat.server.ts', 'worker/main.py', '.env'])(
    'a key in %s is server-side, not client',
    (file) => {
      const [finding] = detector.scan(`RUNTYPE_API_KEY = "${key('rt_test_')}"`, { file });
      expect(finding!.exposure).toBe('server');
      expect(finding!.severity).toBe('high');
      expect(exposureAdvice(finding!.exposure)).toBeUndefined();
    },
  );

  it('an ordinary source file is unknown, and a test key keeps its severity', () => {
    const [finding] = detector.scan(`const runtypeKey = "${key('rt_test_')}";`, { file: 'src/lib/runtype.ts' });
    expect(finding!.exposure).toBe('unknown');
    expect(finding!.exposureReason).toBeUndefined();
    expect(finding!.severity).toBe('high');
  });

  it('a public variable far before the key on a minified line does not count, one right before it does', () => {
    const far = `var a=process.env.VITE_THEME;${'x=1;'.repeat(60)}var runtype="${key()}";`;
    expect(detector.scan(far, { file: 'src/a.ts' })[0]!.exposure).toBe('unknown');
    const next = `VITE_THEME=dark\nRUNTYPE_API_KEY=${key()}\n`;
    expect(detector.scan(next, { file: 'config/vars.txt' })[0]!.exposure).toBe('unknown');
  });

  it('client tokens in client code stay informational: they are public by design', () => {
    const [finding] = detector.scan(`NEXT_PUBLIC_RUNTYPE_CLIENT_TOKEN=${key('ct_live_')}`, { file: '.env' });
    expect(finding!.exposure).toBe('client');
    expect(finding!.severity).toBe('info');
  });

  it('an archive member is published unless the archive is served or a public variable holds it; a container never downgrades client', () => {
    const [inPackage] = detector.scan(`const runtype = "${key('rt_test_')}";`, { file: 'pkg-1.0.0.tgz!package/lib/index.js' });
    expect(inPackage!.exposure).toBe('unknown');
    applyContainerExposure(inPackage!, 'archive', 'pkg-1.0.0.tgz');
    expect(inPackage!.exposure).toBe('published');
    expect(inPackage!.severity).toBe('critical');
    expect(inPackage!.exposureReason).toContain('pkg-1.0.0.tgz');
    const [bundle] = detector.scan(`const runtype = "${key()}";`, { file: 'public/site.zip!dist/app.js' });
    applyContainerExposure(bundle!, 'archive');
    expect(bundle!.exposure).toBe('client');
    const [variable] = detector.scan(`VITE_RUNTYPE_KEY=${key()}`, { file: 'app.tgz!package/.env' });
    applyContainerExposure(variable!, 'archive');
    expect(variable!.exposure).toBe('client');
  });

  it('advice names the client token and the server-side proxy for client keys', () => {
    expect(exposureAdvice('client')).toMatch(/ct_…/);
    expect(exposureAdvice('client')).toMatch(/server-side proxy/);
    expect(exposureAdvice('published')).toMatch(/rotate/);
  });
});

describe('serverVariableName', () => {
  it.each([
    ['NEXT_PUBLIC_RUNTYPE_API_KEY', 'RUNTYPE_API_KEY'],
    ['VITE_RUNTYPE_KEY', 'RUNTYPE_KEY'],
    ['PUBLIC_RUNTYPE_KEY', 'RUNTYPE_KEY'],
    ['EXPO_PUBLIC_RUNTYPE', 'RUNTYPE'],
    ['VITE_1KEY', '_1KEY'],
  ])('%s → %s', (name, server) => expect(serverVariableName(name)).toBe(server));

  it('leaves names without a public prefix alone', () => {
    expect(serverVariableName('RUNTYPE_API_KEY')).toBeUndefined();
    expect(serverVariableName('NEXT_PUBLIC_')).toBeUndefined();
  });
});

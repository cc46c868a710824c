import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults.ts';
import type { Config } from '../config/types.ts';
import { scanText } from '../detect/engine.ts';
import { fillSlots } from '../detect/fill-slots.ts';
import { applyPolicy } from './apply-policy.ts';
import { createBaseline, formatBaseline, parseBaseline } from './baseline.ts';
import { isFailing } from './is-failing.ts';
import { createPathFilter } from './path-filter.ts';

const config = (over: Partial<Config> = {}): Config => ({ ...DEFAULT_CONFIG, ignore: [], allow: [], ...over });
const now = new Date('2026-06-15T12:00:00Z');

function findingsOf(template: string) {
  const { text, keys } = fillSlots(template);
  return { findings: scanText(text, { file: 'app.ts' }), keys };
}

describe('applyPolicy', () => {
  it('suppresses allowlisted fingerprints with the entry reason and keeps the secret', () => {
    const { findings, keys } = findingsOf('RUNTYPE_API_KEY={{rt_live}}\nB={{rt_test}}\n');
    const result = applyPolicy(findings, { config: config({ allow: [{ fingerprint: findings[0]!.fingerprint, reason: 'revoked demo key' }] }), now });
    expect(result.findings.map((f) => [f.suppressed, f.suppressionReason])).toEqual([
      ['allowlist', 'revoked demo key'],
      [undefined, undefined],
    ]);
    expect(result.findings[0]!.secret).toBe(keys[0]);
    expect(Object.keys(result.findings[0]!)).not.toContain('secret');
    expect(result.warnings).toEqual([]);
    // Pure: the input is left as it was.
    expect(findings[0]!.suppressed).toBeUndefined();
  });

  it('holds an allowlist entry through its expiry day and warns after it', () => {
    const { findings } = findingsOf('RUNTYPE_API_KEY={{rt_live}}\n');
    const entry = { fingerprint: findings[0]!.fingerprint, reason: 'rotating next sprint', expires: '2026-06-15' };
    expect(applyPolicy(findings, { config: config({ allow: [entry] }), now }).findings[0]!.suppressed).toBe('allowlist');
    const later = applyPolicy(findings, { config: config({ allow: [entry] }), now: new Date('2026-06-16T00:00:01Z') });
    expect(later.findings[0]!.suppressed).toBeUndefined();
    expect(later.warnings).toHaveLength(1);
    expect(later.warnings[0]).toContain('expired on 2026-06-15');
    expect(later.warnings[0]).toContain(findings[0]!.redacted);
    expect(later.warnings[0]).not.toContain(findings[0]!.secret);
  });

  it('suppresses baseline fingerprints, from a Baseline or a Set', () => {
    const { findings } = findingsOf('A={{rt_live}}\nB={{rt_test}}\n');
    const baseline = createBaseline([findings[1]!]);
    for (const given of [baseline, new Set(baseline.fingerprints)]) {
      const result = applyPolicy(findings, { config: config(), baseline: given, now });
      expect(result.findings.map((f) => f.suppressed)).toEqual([undefined, 'baseline']);
    }
  });

  it('keeps inline-comment suppression first and names it', () => {
    const { findings } = findingsOf('// rt-guard:allow\nA={{rt_live}}\n');
    const result = applyPolicy(findings, { config: config({ allow: [{ fingerprint: findings[0]!.fingerprint, reason: 'x' }] }), now });
    expect(result.findings[0]!.suppressed).toBe('inline-comment');
    expect(result.findings[0]!.suppressionReason).toBe('rt-guard:allow comment');
  });
});

describe('isFailing', () => {
  it.each([
    ['critical', 'high', true],
    ['high', 'high', true],
    ['medium', 'high', false],
    ['high', 'critical', false],
    ['low', 'low', true],
    ['info', 'info', false],
    ['info', 'low', false],
  ] as const)('%s with failOn %s → %s', (severity, failOn, expected) => {
    expect(isFailing({ severity }, { failOn })).toBe(expected);
  });

  it('never fails on a suppressed finding', () => {
    expect(isFailing({ severity: 'critical', suppressed: 'baseline' }, { failOn: 'low' })).toBe(false);
  });
});

describe('createPathFilter', () => {
  const isIgnored = createPathFilter({ ignore: ['dist/', '**/*.snap', '!keep.snap', '/docs/generated', 'fixtures/**/secret*.txt'] });
  it.each([
    ['dist/app.js', true],
    ['dist/', true],
    ['src/dist/app.js', true],
    ['src/a.snap', true],
    ['keep.snap', false],
    ['docs/generated', true],
    ['docs/generated/x.md', true],
    ['src/docs/generated', false],
    ['fixtures/a/b/secret-1.txt', true],
    ['test/fixtures/a/b/secret-1.txt', false], // a slash inside anchors the pattern to the root
    ['src/app.ts', false],
    ['./dist/app.js', true],
    ['../outside/dist/app.js', false],
    ['', false],
  ] as const)('%s → %s', (path, expected) => {
    expect(isIgnored(path)).toBe(expected);
  });

  // Review: `ignore` reads [!0-9] as the set {!, 0-9}: 'fixtures/x[!0-9].txt' hid fixtures/x1.txt.
  it('never ignores a file through a negated class it misreads', () => {
    const filter = createPathFilter({ ignore: ['fixtures/x[!0-9].txt', '*.log', '!keep[!0-9].log'] });
    expect(filter('fixtures/x1.txt')).toBe(false);
    expect(filter('keepa.log')).toBe(false);
    expect(filter('a.log')).toBe(true);
  });

  it('ignores nothing without patterns', () => {
    expect(createPathFilter({ ignore: [] })('anything/at/all.js')).toBe(false);
  });
});

describe('baseline files', () => {
  it('are sorted, unique, and hold only fingerprints', () => {
    const { findings, keys } = findingsOf('A={{rt_live}}\nB={{rt_test}}\nC={{rt_live}}\n');
    const text = formatBaseline(createBaseline([...findings, findings[0]!]));
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['version', 'fingerprints']);
    expect(parsed.fingerprints).toEqual([...new Set(findings.map((f) => f.fingerprint))].sort());
    expect(text.endsWith('}\n')).toBe(true);
    for (const key of keys) expect(text).not.toContain(key.slice(8));
    expect(parseBaseline(text, 'b.json')).toEqual(parsed);
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['{"version":2,"fingerprints":[]}', '"version" must be 1'],
    ['{"version":1}', '"fingerprints" must be an array'],
    ['{"version":1,"fingerprints":["abc"]}', 'fingerprints[0] is not a 64-character lowercase hex SHA-256'],
  ])('rejects %s', (text, why) => {
    expect(() => parseBaseline(text, 'base.json')).toThrow(`base.json is not an rt-guard baseline: ${why}. Write one with \`rt-guard baseline -o base.json\`.`);
  });
});

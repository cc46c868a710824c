import { describe, expect, it } from 'vitest';
import { createDetector } from './engine.ts';
import { fillSlots } from './fill-slots.ts';
import { builtinRules } from './rules/index.ts';

const detector = createDetector();
const truePositives = builtinRules.flatMap((rule) => rule.examples.truePositives.map((text) => [rule.id, text] as const));
const falsePositives = builtinRules.flatMap((rule) => rule.examples.falsePositives.map((example) => [rule.id, example.text, example.reason] as const));

describe('rule examples', () => {
  it('every rule has at least one true and one false positive, each false positive with a reason', () => {
    for (const rule of builtinRules) {
      expect(rule.examples.truePositives.length, rule.id).toBeGreaterThan(0);
      expect(rule.examples.falsePositives.length, rule.id).toBeGreaterThan(0);
      for (const example of rule.examples.falsePositives) expect(example.reason.trim(), rule.id).not.toBe('');
    }
  });

  it.each(truePositives)('%s finds the key in: %s', (ruleId, template) => {
    const { text, keys } = fillSlots(template);
    const findings = detector.scan(text, { file: 'example.txt' });
    expect(findings.map((f) => f.ruleId)).toEqual([ruleId]);
    expect(keys).toHaveLength(1);
    expect(findings[0]!.secret).toBe(keys[0]);
    expect(JSON.stringify(findings)).not.toContain(keys[0]);
  });

  it.each(falsePositives)('%s ignores: %s (%s)', (ruleId, template) => {
    const { text } = fillSlots(template);
    expect(detector.scan(text, { file: 'example.txt' }).filter((f) => f.ruleId === ruleId)).toEqual([]);
  });

  it('rule ids are unique and kebab-case', () => {
    const ids = builtinRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)+$/);
  });

  it('refuses a base64-scanned keyword too short to have a needle at every byte alignment', () => {
    const rule = builtinRules[0]!;
    expect(() => createDetector([{ ...rule, keywords: ['ab_'], prefix: 'ab_' }])).toThrow(/too short for scanBase64/);
    expect(() => createDetector([{ ...rule, keywords: ['ab_'], prefix: 'ab_', scanBase64: false }])).not.toThrow();
  });

  it('client tokens are informational only', () => {
    expect(builtinRules.find((rule) => rule.id === 'runtype-client-token')!.severity).toBe('info');
  });
});

describe('base64 blobs', () => {
  it('finds two padded blobs written back to back, and one after KEY=', () => {
    const { text, keys } = fillSlots('{{base64:rt_live}}={{base64:rt_test}} KEY={{base64:tv_live}}');
    expect(detector.scan(text).map((f) => f.secret)).toEqual(keys);
  });
});

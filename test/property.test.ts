import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPolicy,
  createDetector,
  createStreamScanner,
  DEFAULT_CONFIG,
  encodeBase64,
  formatReport,
  REPORT_FORMATS,
  type FindingWithSecret,
} from '@rt-guard/core';
import { generateKeyBody, seededRandomInt } from '../core/src/detect/fill-slots.ts';

const detector = createDetector();
const PREFIXES = ['rt_live_', 'rt_test_', 'tv_live_', 'tv_test_'];
// Filler without `_`, so it can never spell a key prefix itself; with multi-byte and astral characters.
const filler = fc.string({
  unit: fc.constantFrom(...'abcXYZ019 \n\t\r.,;:"\'=()[]{}<>/\\-+é日本😀'.match(/./gsu)!),
  maxLength: 300,
});
// What may sit right before and after a key: anything that ends an identifier.
const edge = fc.constantFrom(' ', '\n', '"', "'", '=', ':', '(', ')', ',', '\t', '`', '>');

const planted = fc.record({
  parts: fc.array(fc.tuple(filler, edge, fc.integer({ min: 0, max: 3 }), fc.integer(), fc.boolean(), edge), { minLength: 1, maxLength: 5 }),
  tail: filler,
});

type Planted = typeof planted extends fc.Arbitrary<infer T> ? T : never;

function build({ parts, tail }: Planted) {
  let text = '';
  const expected: { key: string; index: number; base64: boolean }[] = [];
  for (const [before, open, prefix, seed, asBase64, close] of parts) {
    const key = PREFIXES[prefix]! + generateKeyBody(24 + (Math.abs(seed) % 20), seededRandomInt(seed));
    text += before + open;
    expected.push({ key, index: text.length, base64: asBase64 });
    text += (asBase64 ? encodeBase64(key) : key) + close;
  }
  return { text: text + tail, expected };
}

function position(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}

describe('properties', () => {
  it('every planted key is found, once, at its line and column, plain or base64', () => {
    fc.assert(
      fc.property(planted, (input) => {
        const { text, expected } = build(input);
        const findings = detector.scan(text, { file: 'x' });
        expect(findings.map((f) => f.secret)).toEqual(expected.map((e) => e.key));
        findings.forEach((finding, i) => {
          const want = position(text, expected[i]!.index);
          expect([finding.line, finding.column]).toEqual([want.line, want.column]);
          expect(finding.encoding).toBe(expected[i]!.base64 ? 'base64' : 'plain');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the stream scanner finds the same keys at any chunking', () => {
    fc.assert(
      fc.property(planted, fc.integer({ min: 1, max: 700 }), (input, chunk) => {
        const { text } = build(input);
        const scanner = createStreamScanner({ detector });
        const streamed: FindingWithSecret[] = [];
        for (let i = 0; i < text.length; i += chunk) streamed.push(...scanner.write(text.slice(i, i + chunk)));
        streamed.push(...scanner.end());
        const whole = detector.scan(text);
        expect(streamed.map((f) => [f.secret, f.line, f.column])).toEqual(whole.map((f) => [f.secret, f.line, f.column]));
      }),
      { numRuns: 200 },
    );
  });

  it('no output format ever shows a planted key', () => {
    fc.assert(
      fc.property(planted, fc.boolean(), (input, color) => {
        const { text, expected } = build(input);
        const { findings } = applyPolicy(detector.scan(text, { file: 'src/a.ts' }), { config: { ...DEFAULT_CONFIG, ignore: [], allow: [] }, now: new Date(0) });
        for (const format of REPORT_FORMATS) {
          const output = formatReport(format, { findings, stats: { files: 1, bytes: text.length, skipped: 0, durationMs: 1 }, color });
          for (const { key } of expected) expect(output).not.toContain(key.slice(8));
        }
      }),
      { numRuns: 200 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { builtinRules, createDetector, encodeBase64, runtypeRules, type Rule } from '@rt-guard/core';
import { generateKey } from '../../../test/helpers/keys.ts';
import { NATIVE_PATTERN } from '../../../test/bench/native-pattern.mjs';
import { nativeExactPattern, nativeSearchPattern } from './native-patterns.ts';

const rule = (over: Partial<Rule>): Rule => ({ ...runtypeRules[0]!, ...over });

describe('the native search pattern, derived from the rules', () => {
  it('is what the bench runs as "git grep alone"', () => {
    expect(nativeSearchPattern(runtypeRules)).toBe(NATIVE_PATTERN);
  });

  it('asks for the body only when the prefix spells exactly the keywords, and base64 needles only for scanBase64 rules', () => {
    expect(nativeSearchPattern([rule({ keywords: ['ab_'], prefix: 'ab_', body: '[A-Za-z0-9]{20,40}', scanBase64: false })])).toBe('ab_[A-Za-z0-9]{20}');
    // A prefix that is a regex of its own: the keyword alone (the engine may match more than it spells).
    expect(nativeSearchPattern([rule({ keywords: ['ab_'], prefix: 'ab_+', body: '[A-Za-z0-9]{20,40}', scanBase64: false })])).toBe('ab_');
    // A body that is not one class with a minimum: the keyword alone.
    expect(nativeSearchPattern([rule({ keywords: ['ab_'], prefix: 'ab_', body: '(?:x|[A-Z]{5})', scanBase64: false })])).toBe('ab_');
    expect(nativeSearchPattern([rule({ keywords: ['x.y_'], prefix: 'x\\.y_', body: '[0-9]{4,}', scanBase64: false })])).toBe('x\\.y_');
  });

  it('matches every key the engine reports, and not the near-misses it rejects', () => {
    const pattern = new RegExp(nativeSearchPattern(runtypeRules));
    expect(pattern.test('k = "rt_live_' + 'Q7mK9m2ZpR4tW8vBx3Ln"')).toBe(true);
    expect(pattern.test('RUNTYPE_API_KEY=rt_' + 'live_your_api_key_here')).toBe(false);
    expect(pattern.test('"cnRfbGl2ZV9" base64')).toBe(true);
  });
});

describe('the exact pattern (second pass over the files the fast one picked)', () => {
  // ripgrep runs it with --no-unicode over raw bytes; a Latin-1 view of the bytes in JS has the same
  // classes (`[^A-Za-z0-9_]` matches any other byte) and, with the m flag, the same line anchors.
  const exact = new RegExp(nativeExactPattern(builtinRules), 'm');
  const fast = new RegExp(nativeSearchPattern(builtinRules), 'm');
  const detector = createDetector();
  const found = (bytes: Buffer): boolean => detector.scan(bytes.toString('utf8')).length > 0;
  const matches = (bytes: Buffer): boolean => exact.test(bytes.toString('latin1'));

  it('matches every file the engine finds a key in, whatever byte or escape stands before or after the key', () => {
    const prefixes = ['rt_live_', 'rt_test_', 'tv_live_', 'ct_test_', 'papi_', 'a2a_'];
    const contexts: [Buffer, Buffer][] = [];
    for (let byte = 0; byte < 256; byte++) {
      contexts.push([Buffer.from([byte]), Buffer.from('"')], [Buffer.from('"'), Buffer.from([byte])]);
      contexts.push([Buffer.from([0x41, byte]), Buffer.from([byte, 0x0a])]);
    }
    for (const escape of ['\\n', '\\t', '\\0', '\\r', '\\u0022', '\\u00e9', '%3D', '%3d', 'a\\n', '\\\\n', 'x%22', 'é', '\uFEFF', '\r\n', '']) {
      contexts.push([Buffer.from(escape), Buffer.from('')], [Buffer.from(`runtype ${escape}`), Buffer.from('\\n')]);
    }
    let keys = 0;
    for (const prefix of prefixes) {
      const key = generateKey(prefix);
      for (const [before, after] of contexts) {
        for (const body of [key, `${key}${'A'.repeat(120)}`, key.slice(0, prefix.length + 15)]) {
          const text = Buffer.concat([before, Buffer.from(body), after]);
          if (!found(text)) continue;
          keys++;
          expect(matches(text), JSON.stringify(text.toString('latin1'))).toBe(true);
          expect(fast.test(text.toString('latin1'))).toBe(true);
        }
      }
    }
    expect(keys).toBeGreaterThan(1000);
    // Base64: the needles, as before.
    const blob = Buffer.from(`data: ${encodeBase64(`user:${generateKey('rt_test_')}`)}\n`);
    expect(found(blob) && matches(blob)).toBe(true);
  });

  it('drops the near-misses the engine rejects at a boundary', () => {
    const key = generateKey('rt_live_');
    for (const miss of [`my_${key}`, `X${key}`, `0${key}`, `${key}_suffix`]) {
      const text = Buffer.from(`const ${miss} = 1;\n`);
      expect(found(text), miss).toBe(false);
      expect(matches(text), miss).toBe(false);
      expect(fast.test(text.toString('latin1')), miss).toBe(true);
    }
  });
});

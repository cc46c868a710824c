import { describe, expect, it } from 'vitest';
import { runtypeRules, type Rule } from '@rt-guard/core';
import { NATIVE_PATTERN } from '../../../test/bench/native-pattern.mjs';
import { nativeSearchPattern } from './native-patterns.ts';

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

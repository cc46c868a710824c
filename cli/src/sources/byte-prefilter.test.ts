import { describe, expect, it } from 'vitest';
import { base64Needles, createDetector, encodeBase64, runtypeRules } from '@rt-guard/core';
import { fillSlots } from '../../../core/src/detect/fill-slots.ts';
import { coveringPieces, createBytePrefilter } from './byte-prefilter.ts';

const detector = createDetector();
const prefilter = createBytePrefilter(detector);

describe('byte prefilter', () => {
  it('passes every rule example that the detector finds a key in (never drops a candidate)', () => {
    for (const rule of runtypeRules) {
      for (const template of rule.examples.truePositives) {
        const { text } = fillSlots(template);
        const hit = prefilter(Buffer.from(text));
        expect(hit.plain || hit.base64, template).toBe(true);
      }
    }
  });

  it('passes base64 keys at every byte alignment', () => {
    for (const pad of ['', 'x', 'xy']) {
      const { keys } = fillSlots('{{rt_live}} {{rt_test}} {{tv_live}} {{tv_test}}');
      for (const key of keys) {
        const blob = encodeBase64(pad + key);
        expect(prefilter(Buffer.from(`data: ${blob}`)), `${pad}+${key.slice(0, 8)}`).toEqual({ plain: false, base64: true });
        expect(detector.hasCandidate(`data: ${blob}`)).toBe(true);
      }
    }
  });

  it('covers every base64 needle with cheap 4-character pieces (one pass over the bytes each)', () => {
    const needles = ['rt_live_', 'rt_test_', 'tv_live_', 'tv_test_'].flatMap(base64Needles);
    expect(needles).toHaveLength(12);
    const pieces = coveringPieces(needles);
    for (const needle of needles)
      expect(
        pieces.some((piece) => needle.includes(piece)),
        needle,
      ).toBe(true);
    expect(pieces.length).toBeLessThan(needles.length);
    // Upper-case starts are preferred (memchr finds few false starts), and a shared piece covers both needles.
    expect(coveringPieces(['abcdXYZw', 'qqXYZwrr'])).toEqual(['XYZw']);
    expect(coveringPieces(['eeeeZeee'])).toEqual(['Zeee']);
  });

  it('rejects ordinary source code without touching the regex', () => {
    expect(prefilter(Buffer.from('const client_id = createClient({ max_retries: 3 });\nexport default client;\n'))).toEqual({ plain: false, base64: false });
  });

  it('finds keywords at the very start and end of the bytes, and only whole keywords', () => {
    expect(prefilter(Buffer.from('rt_live_')).plain).toBe(true);
    expect(prefilter(Buffer.from('x a2a_')).plain).toBe(true);
    expect(prefilter(Buffer.from('rt_liv')).plain).toBe(false);
    expect(prefilter(Buffer.from('_live_ t_live_ api_')).plain).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { attribute, fileAttribution } from './context.ts';
import { generateKeyBody } from './fill-slots.ts';
import { fingerprintOf } from './hash.ts';
import { redactKey, redactText } from './redact.ts';

describe('redaction', () => {
  it.each(['rt_live_', 'rt_test_', 'tv_live_', 'tv_test_', 'ct_live_', 'ct_test_', 'papi_', 'a2a_'])(
    '%s keys show the prefix and the last 4 characters',
    (prefix) => {
      const body = generateKeyBody();
      expect(redactKey(prefix + body)).toBe(`${prefix}…${body.slice(-4)}`);
    },
  );

  it('shows no tail for short bodies, so little of a key is ever shown', () => {
    expect(redactKey('rt_live_abcd1234')).toBe('rt_live_…');
  });

  it('redacts every key-shaped run in free text, valid or not', () => {
    const a = `rt_live_${generateKeyBody()}`;
    const b = `papi_${generateKeyBody(12)}`;
    const text = `error: key ${a} rejected; also ${b}.`;
    const out = redactText(text);
    expect(out).toBe(`error: key ${redactKey(a)} rejected; also ${redactKey(b)}.`);
    expect(out).not.toContain(a.slice(8));
  });

  it('fingerprints are the lowercase hex SHA-256 of the exact key', () => {
    expect(fingerprintOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('attribution', () => {
  it('names the vendor nearest to the key', () => {
    const text = 'RUNTOOLS_KEY=K1 ........ RUNTYPE_KEY=K2';
    expect(attribute(text, text.indexOf('K1'), text.indexOf('K1') + 2, 'ambiguous')).toBe('other');
    expect(attribute(text, text.indexOf('K2'), text.indexOf('K2') + 2, 'ambiguous')).toBe('runtype');
  });

  it('falls back to the file when nothing is near, computing it only then', () => {
    let calls = 0;
    const far = `${'x'.repeat(400)}KEY${'x'.repeat(400)}`;
    expect(attribute(far, 400, 403, () => (calls++, 'runtype'))).toBe('runtype');
    expect(calls).toBe(1);
    expect(attribute('RUNTYPE KEY', 8, 11, () => (calls++, 'other'))).toBe('runtype');
    expect(calls).toBe(1);
  });

  it.each([
    ['import x from "@runtypelabs/sdk"', 'runtype'],
    ['https://api.runtype.com/v1', 'runtype'],
    ['RUNTOOLS_API_KEY', 'other'],
    ['runtype and runtools both', 'ambiguous'],
    ['nothing at all', 'ambiguous'],
  ] as const)('file attribution of %s is %s', (text, expected) => {
    expect(fileAttribution(text)).toBe(expected);
  });
});

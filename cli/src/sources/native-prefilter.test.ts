import { describe, expect, it } from 'vitest';
import { parseSizes } from './native-prefilter.ts';

describe('parseSizes (find -printf "%s %P\\0")', () => {
  it('reads sizes and paths, spaces and newlines in names included', () => {
    expect(parseSizes('')).toEqual(new Map());
    expect(parseSizes('12 a.txt\0' + '0 sp ace/new\nline\0' + '9007199254740991 big\0')).toEqual(
      new Map([
        ['a.txt', 12],
        ['sp ace/new\nline', 0],
        ['big', 9007199254740991],
      ]),
    );
  });

  it('gives up (Node stats instead) on anything else', () => {
    for (const text of ['12 a.txt', 'x a\0', ' a\0', '12a\0', '12 \0', '99999999999999999999 a\0', '12 a\0\0'])
      expect(parseSizes(text), JSON.stringify(text)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { getEnvValue, setEnvValue } from './env-text.ts';

const V = 'rt_live_' + 'NEW'.repeat(2);

describe('setEnvValue', () => {
  it.each([
    ['plain', 'A=1\nKEY=old\nB=2\n', 'A=1\nKEY=NEWVAL\nB=2\n'],
    ['double quotes and a trailing comment', '# c\nKEY="old" # note\n', '# c\nKEY="NEWVAL" # note\n'],
    ['single quotes', "KEY='old'\n", "KEY='NEWVAL'\n"],
    ['export prefix and spaces', 'export KEY = old\n', 'export KEY = NEWVAL\n'],
    ['unquoted with comment', 'KEY=old   # why\n', 'KEY=NEWVAL   # why\n'],
    ['CRLF endings kept', 'A=1\r\nKEY=old\r\n', 'A=1\r\nKEY=NEWVAL\r\n'],
    ['appended when absent', 'A=1\n', 'A=1\nKEY=NEWVAL\n'],
    ['appended to a file without final newline', 'A=1', 'A=1\nKEY=NEWVAL\n'],
    ['new empty file', '', 'KEY=NEWVAL\n'],
    ['every assignment replaced', 'KEY=a\nKEY=b\n', 'KEY=NEWVAL\nKEY=NEWVAL\n'],
    ['similar names untouched', 'KEY_2=x\nMYKEY=y\nKEY=old\n', 'KEY_2=x\nMYKEY=y\nKEY=NEWVAL\n'],
  ])('%s', (_label, input, expected) => {
    expect(setEnvValue(input, 'KEY', 'NEWVAL')).toBe(expected);
  });

  it('round-trips with getEnvValue', () => {
    for (const text of ['KEY="x"', "KEY='x' # c", 'export KEY=x # c', '']) {
      expect(getEnvValue(setEnvValue(text, 'KEY', V), 'KEY')).toBe(V);
    }
  });

  it('refuses values that would need escaping', () => {
    expect(() => setEnvValue('', 'KEY', 'a b')).toThrow(/escaping/);
    expect(() => setEnvValue('', 'KEY', 'a\nB=1')).toThrow(/escaping/);
  });
});

describe('getEnvValue', () => {
  it('last assignment wins, undefined when absent', () => {
    expect(getEnvValue('KEY=a\nKEY=b\n', 'KEY')).toBe('b');
    expect(getEnvValue('OTHER=a\n', 'KEY')).toBeUndefined();
  });
});

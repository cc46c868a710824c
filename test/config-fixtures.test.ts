import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, isRtGuardError, parseConfig } from '@rt-guard/core';

/**
 * Config fixtures: valid/<name>.json parses to valid/<name>.expected.json; invalid/<name>.json
 * throws a ConfigError whose message is exactly invalid/<name>.expected.txt.
 * RT_GUARD_UPDATE_FIXTURES=1 writes the expected files from the current output, for review.
 */
const ROOT = join(import.meta.dirname, 'fixtures/config');
const update = process.env['RT_GUARD_UPDATE_FIXTURES'] === '1';
const inputs = (dir: string): string[] =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
    .sort();

describe('valid configs', () => {
  it.each(inputs('valid'))('%s', (name) => {
    const config = parseConfig(readFileSync(join(ROOT, 'valid', name), 'utf8'), '.rt-guard.json');
    const expected = JSON.parse(readFileSync(join(ROOT, 'valid', name.replace('.json', '.expected.json')), 'utf8'));
    expect(config).toEqual(expected);
  });
});

describe('invalid configs', () => {
  it.each(inputs('invalid'))('%s', (name) => {
    const text = readFileSync(join(ROOT, 'invalid', name), 'utf8');
    let error: unknown;
    try {
      parseConfig(text, '.rt-guard.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(isRtGuardError(error)).toBe(true);
    expect((error as ConfigError).code).toBe('E_CONFIG_INVALID');
    const message = (error as ConfigError).message;
    const expectedPath = join(ROOT, 'invalid', name.replace('.json', '.expected.txt'));
    if (update) writeFileSync(expectedPath, `${message}\n`);
    expect(`${message}\n`).toBe(readFileSync(expectedPath, 'utf8'));
  });

  it('names the file it was given', () => {
    expect(() => parseConfig('{"x":1}', 'config/custom.json')).toThrow(/^config\/custom\.json is invalid:\n {2}- x: unknown field/);
  });

  it('never quotes a key from a broken file', () => {
    const key = `rt_live_${'Q7mK9m2ZpR4tW8vBx3Ln'}K9m2ZpR4`;
    let message = '';
    try {
      parseConfig(`{"ignore": ["${key}"`, '.rt-guard.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/not valid JSON/);
    expect(message).not.toContain(key);
  });
});

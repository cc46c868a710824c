import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 12: one helper for generated keys (test/helpers/keys.ts) and one fake Io (test/helpers/io.ts).
const ROOT = resolve(import.meta.dirname, '..');

// The base62 alphabet of a key body, written out (not followed by base64's extra characters), or a
// draw of one of its 62 characters. Built from parts so this file does not match itself.
const LOWER_AND_DIGITS = 'abcdefghijklmnopqrstuvwxyz' + '0123456789';
const KEY_GENERATOR = new RegExp(`${LOWER_AND_DIGITS}(?![-+/_])|\\brandom(?:Int)?\\(\\s*6${'2'}\\s*\\)|\\*\\s*6${'2'}\\s*\\)|%\\s*6${'2'}\\s*\\]`);

/** Files that may spell the generator, and why. */
const MAY_GENERATE_KEYS: Record<string, string> = {
  'core/src/detect/fill-slots.ts': 'the generator itself (generateKeyBody, randomBase62); test/helpers/keys.ts wraps it',
  'test/helpers/random-base62.mjs': 'the same for the scripts node runs without TypeScript (the API emulator, the benchmarks)',
};

/** A fake of the CLI's Io: an object whose stdout member is an object with a write method. */
const FAKE_IO = /\bstdout:\s*\{\s*write\b/;
const MAY_BUILD_AN_IO: Record<string, string> = {
  'test/helpers/io.ts': 'the one fake Io (createTestIo)',
  'cli/src/io.ts': 'the Io interface',
  'cli/src/mcp/tools.ts': 'production code: a scan whose progress output is dropped (not a test fake)',
  'cli/src/mcp/key-actions.ts': 'production code: a scan whose progress output is dropped (not a test fake)',
};

function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => /\.(?:[cm]?js|tsx?|[cm]ts)$/.test(file) && !file.includes('/dist/') && !file.startsWith('test/fixtures/'));
}

function read(file: string): string {
  try {
    return readFileSync(join(ROOT, file), 'utf8');
  } catch {
    return ''; // deleted in the working tree
  }
}

describe('one test helper for generated keys and one fake Io', () => {
  const files = sourceFiles();

  it('no file outside the helpers spells out a key generator (use generateKey/liveKey from test/helpers/keys.ts)', () => {
    expect(files.length).toBeGreaterThan(100);
    const copies = files.filter((file) => !(file in MAY_GENERATE_KEYS) && KEY_GENERATOR.test(read(file)));
    expect(copies).toEqual([]);
  });

  it('no file outside the helpers builds its own fake Io (use createTestIo/runCliInProcess from test/helpers/io.ts)', () => {
    const copies = files.filter((file) => !(file in MAY_BUILD_AN_IO) && FAKE_IO.test(read(file)));
    expect(copies).toEqual([]);
  });

  it('every listed exception still needs to be one', () => {
    for (const file of Object.keys(MAY_GENERATE_KEYS)) expect(KEY_GENERATOR.test(read(file)), file).toBe(true);
    for (const file of Object.keys(MAY_BUILD_AN_IO)) expect(FAKE_IO.test(read(file)), file).toBe(true);
  });

  it.each([
    ["const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ" + LOWER_AND_DIGITS + "';"],
    ['for (let i = 0; i < 32; i++) out += B[randomInt(6' + '2)];'],
    ['body += ALPHABET[Math.floor(Math.random() * 6' + '2)];'],
    ['[...randomBytes(32)].map((b) => A[b % 6' + '2]).join("")'],
  ])('the check catches a copy: %s', (source) => {
    expect(KEY_GENERATOR.test(source)).toBe(true);
  });

  it('the check leaves base64 alphabets and other numbers alone', () => {
    expect(KEY_GENERATOR.test("const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ" + LOWER_AND_DIGITS + "+/';")).toBe(false);
    expect(KEY_GENERATOR.test('randomInt(6' + '4)')).toBe(false);
    expect(FAKE_IO.test('const io = createTestIo(dir, { env });')).toBe(false);
    expect(FAKE_IO.test('{ stdout: { ' + 'write: () => true } }')).toBe(true);
  });
});

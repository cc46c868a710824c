import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules } from '@rt-guard/core';
import { nativeSearchPattern } from './native-patterns.ts';
import { PRESTART_PATTERN, prestartFolders } from './native-prestart.ts';

const root = mkdtempSync(join(tmpdir(), 'rt-guard-prestart-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'src'));
mkdirSync(join(root, 'json'));
writeFileSync(join(root, 'file.txt'), 'x');

describe('the native search bin.ts starts before the CLI is loaded', () => {
  it('searches for exactly what the scan would search for (else it is never adopted)', () => {
    expect(PRESTART_PATTERN).toBe(nativeSearchPattern(builtinRules));
  });

  it('is started for the folders of a plain `scan`, and for nothing else', () => {
    const folders = (...argv: string[]) => prestartFolders(argv, root).map((dir) => dir.slice(root.length) || '/');
    expect(folders('scan')).toEqual(['/']);
    expect(folders('scan', 'src', 'file.txt', 'missing', '.')).toEqual(['/src', '/']);
    // Values of options are not paths (a folder named `json` is not scanned by `-f json`).
    expect(folders('scan', '-f', 'json', '--output', 'json', '-c', 'json', '--baseline', 'json', '--fail-on', 'json', '--concurrency', 'json', 'src')).toEqual([
      '/src',
    ]);
    expect(folders('scan', '--format=json', '--verbose', '--follow-symlinks', 'src')).toEqual(['/src']);
    expect(folders('scan', '--', '-f', 'src')).toEqual(['/src']);
    for (const other of [['--staged'], ['--git'], ['--git=HEAD~1..HEAD'], ['--pre-push'], ['--npm-pack', 'src'], ['-'], ['--help']])
      expect(folders('scan', ...other)).toEqual([]);
    expect(folders('baseline', 'src')).toEqual([]);
    expect(folders('hook', 'run', 'pre-commit')).toEqual([]);
  });
});

// One version for everything this repository ships: every package.json, the browser manifest, the
// CLI's --version and the changelogs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { buildCli, CLI_BIN, ROOT } from '../git/helpers.ts';

const MANIFESTS = [
  'package.json',
  'core/package.json',
  'cli/package.json',
  'extension-vscode/package.json',
  'extension-browser/package.json',
  'test/package.json',
  'extension-browser/src/manifest.json',
];
const read = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as { version: string };
const VERSION = read('package.json').version;

beforeAll(buildCli, 120_000);

it('every package.json and manifest.json carries the same semver version', () => {
  expect(VERSION).toMatch(/^\d+\.\d+\.\d+(?:-[\w.]+)?$/);
  expect(Object.fromEntries(MANIFESTS.map((path) => [path, read(path).version]))).toEqual(Object.fromEntries(MANIFESTS.map((path) => [path, VERSION])));
});

it('`rt-guard --version` prints it', () => {
  const result = spawnSync(process.execPath, [CLI_BIN, '--version'], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  expect(result.stdout.trim()).toBe(VERSION);
});

it('the changelogs have an entry for it', () => {
  for (const changelog of ['CHANGELOG.md', 'extension-vscode/CHANGELOG.md', 'extension-browser/CHANGELOG.md']) {
    expect(readFileSync(join(ROOT, changelog), 'utf8'), changelog).toMatch(new RegExp(`^## ${VERSION.replace(/\./g, '\\.')}\\b`, 'm'));
  }
});

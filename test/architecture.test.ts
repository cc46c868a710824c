import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const CORE = join(ROOT, 'core/src');

/** Every module specifier a TypeScript file imports, re-exports, dynamically imports or requires. */
export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) specifiers.push(m[1]!);
  return specifiers;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, name.split('/')[0]!]));

/** Why `specifier`, imported from core/src/<file>, breaks the dependency rules; undefined when fine. */
export function violation(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('node:')) return 'Node built-in (put Node-only code in core/src/node/)';
  if (NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]!)) return 'Node built-in without node: prefix';
  if (specifier === 'vscode') return 'VS Code API';
  if (specifier === 'webextension-polyfill' || specifier === 'chrome' || specifier.startsWith('chrome/')) return 'browser extension API';
  if (specifier.startsWith('@rt-guard/') || specifier === 'rt-guard') return 'another workspace';
  if (specifier.startsWith('.')) {
    const target = resolve(join(CORE, file, '..'), specifier);
    if (!target.startsWith(`${CORE}/`)) return `a file outside core/src (${relative(ROOT, target)})`;
    if (target.startsWith(`${join(CORE, 'node')}/`)) return 'core/src/node (Node-only) from pure core';
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join(CORE, 'node') ? [] : sourceFiles(path);
    // Tests are not shipped: they may use node:fs for fixtures.
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('architecture', () => {
  it('core/src outside core/src/node imports no node:*, vscode, webextension-polyfill, chrome or other workspace', () => {
    const problems: string[] = [];
    const files = sourceFiles(CORE);
    expect(files.length).toBeGreaterThan(20);
    for (const path of files) {
      const file = relative(CORE, path);
      for (const specifier of importsOf(readFileSync(path, 'utf8'))) {
        const why = violation(file, specifier);
        if (why) problems.push(`core/src/${file} imports "${specifier}": ${why}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each([
    ["import { readFile } from 'node:fs';", 'node:fs'],
    ["import path from 'path';", 'path'],
    ["import type { Uri } from 'vscode';", 'vscode'],
    ["import browser from 'webextension-polyfill';", 'webextension-polyfill'],
    ["export { run } from '@rt-guard/cli';", '@rt-guard/cli'],
    ["const x = await import('node:crypto');", 'node:crypto'],
    ["const fs = require('fs');", 'fs'],
    ["import { x } from '../../cli/src/run.ts';", '../../cli/src/run.ts'],
    ["import {\n  a,\n  b,\n} from 'node:os';", 'node:os'],
  ])('the check catches %s', (source, specifier) => {
    expect(importsOf(source)).toContain(specifier);
    expect(violation('detect/engine.ts', specifier)).toBeDefined();
  });

  it('allows pure dependencies and files inside core', () => {
    for (const specifier of ['zod', 'ignore', '@noble/hashes/sha2.js', './types.ts', '../errors.ts']) {
      expect(violation('detect/engine.ts', specifier), specifier).toBeUndefined();
    }
  });
});

describe('repository hygiene', () => {
  it('no committed file spells a key-shaped literal (rt_/tv_ + live/test + 16 alphanumerics)', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    // Built from parts so this file does not match itself.
    const pattern = new RegExp(`(?:rt|tv)_(?:live|test)_[A-Za-z0-9]{16,}`);
    const offenders = files.filter((file) => {
      try {
        return pattern.test(readFileSync(join(ROOT, file), 'latin1'));
      } catch {
        return false; // deleted in the working tree
      }
    });
    expect(offenders).toEqual([]);
  });
});

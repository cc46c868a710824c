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

// Issue 12: inspect, revoke, verify, rotate and audit live in core/src/actions; surfaces only render.
const SURFACES = ['cli/src', 'extension-vscode/src', 'extension-browser/src'];
const KEY_MANAGEMENT_CALL =
  /\.(listKeys|getKey|createKey|updateKey|revokeKey|regenerateKey)\s*\(|(?<![.\w])(revokeAndConfirm|runRotation|resumeRotation|finishRotation|rollbackRotation|matchKeyRecord|findKeyRecord)\b\s*[(,}]/g;
// Surfaces still to be moved onto core/src/actions (shrink this list, never grow it).
const NOT_YET_ON_ACTIONS = new Set<string>([]);

function surfaceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' || entry.name === 'node_modules' ? [] : surfaceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Key-management calls a surface makes itself instead of through core/src/actions. */
export function keyManagementCallsIn(source: string): string[] {
  return [...source.matchAll(KEY_MANAGEMENT_CALL)].map((m) => m[1] ?? m[2]!);
}

describe('surfaces render core actions', () => {
  it('no surface calls the key-management client methods (or the rotation steps) directly', () => {
    const problems: string[] = [];
    for (const dir of SURFACES) {
      for (const path of surfaceFiles(join(ROOT, dir))) {
        const file = relative(ROOT, path);
        if (NOT_YET_ON_ACTIONS.has(file)) continue;
        const calls = keyManagementCallsIn(readFileSync(path, 'utf8'));
        if (calls.length > 0) problems.push(`${file} calls ${[...new Set(calls)].join(', ')}: use core/src/actions instead`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the check catches a surface that revokes by itself', () => {
    expect(keyManagementCallsIn('await client.revokeKey(token, id);')).toEqual(['revokeKey']);
    expect(keyManagementCallsIn('const { apiKeys } = await session.client.listKeys(t);')).toEqual(['listKeys']);
    expect(keyManagementCallsIn("import { revokeAndConfirm } from '@rt-guard/core';")).toEqual(['revokeAndConfirm']);
    expect(keyManagementCallsIn('await revokeLeakedKey(key, ctx);')).toEqual([]);
    expect(keyManagementCallsIn('registerCommand(COMMANDS.finishRotation, run)')).toEqual([]);
  });
});

// Issue 12: in extension-vscode/src, what runs under plain Node (vitest) lives in logic/, what needs the
// editor in host/; extension.ts (activate/deactivate) wires them. eslint.config.js has the same rule.
const VSCODE_SRC = join(ROOT, 'extension-vscode/src');
const VSCODE_ROOT_FILES = new Set(['extension.ts', 'no-process.test.ts']);

/** Why `source`, the text of extension-vscode/src/<file>, breaks the logic/host split; undefined when fine. */
export function hostSplitViolation(file: string, source: string): string | undefined {
  const specifiers = importsOf(source);
  const usesVscode = specifiers.includes('vscode');
  if (file.startsWith('logic/')) {
    if (usesVscode) return 'imports vscode: a module that needs the VS Code API goes in host/';
    const intoHost = specifiers.find((specifier) => {
      if (!specifier.startsWith('.')) return false;
      const target = relative(VSCODE_SRC, resolve(join(VSCODE_SRC, file, '..'), specifier));
      return target.startsWith('host/') || target === 'extension.ts';
    });
    return intoHost ? `imports ${intoHost}: logic/ is host-free, it must not reach host/` : undefined;
  }
  if (file.startsWith('host/')) {
    return usesVscode || file.endsWith('.test.ts') ? undefined : 'does not use vscode: a host-free module goes in logic/ (tested under plain Node)';
  }
  return VSCODE_ROOT_FILES.has(file) ? undefined : 'is neither in logic/ (host-free) nor in host/ (uses vscode)';
}

describe('VS Code extension: host-free modules apart from those that use the editor', () => {
  it('logic/ never imports vscode or host/; host/ holds only modules that use vscode; nothing else at the top', () => {
    const files = readdirSync(VSCODE_SRC, { recursive: true, encoding: 'utf8' })
      .map((name) => name.split('\\').join('/'))
      .filter((name) => name.endsWith('.ts'));
    expect(files.filter((file) => file.startsWith('logic/')).length).toBeGreaterThan(10);
    expect(files.filter((file) => file.startsWith('host/')).length).toBeGreaterThan(10);
    const problems = files.flatMap((file) => {
      const why = hostSplitViolation(file, readFileSync(join(VSCODE_SRC, file), 'utf8'));
      return why ? [`extension-vscode/src/${file} ${why}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it.each([
    ['logic/new.ts', "import * as vscode from 'vscode';"],
    ['logic/new.ts', "import type { Uri } from 'vscode';"],
    ['logic/new.test.ts', "vi.mock('vscode', () => ({}));\nconst vscode = await import('vscode');"],
    ['logic/new.ts', "import type { Log } from '../host/output.ts';"],
    ['logic/deep/new.ts', "import { activate } from '../../extension.ts';"],
    ['host/new.ts', "import { toDiagnostic } from '../logic/to-diagnostic.ts';"],
    ['new.ts', "import * as vscode from 'vscode';"],
  ])('the check catches %s with %s', (file, source) => {
    expect(hostSplitViolation(file, source)).toBeDefined();
  });

  it('allows logic/ to import logic/ and core, and host/ to import vscode and logic/', () => {
    expect(hostSplitViolation('logic/new.ts', "import { x } from './to-diagnostic.ts';\nimport { y } from '@rt-guard/core';")).toBeUndefined();
    expect(hostSplitViolation('host/new.ts', "import * as vscode from 'vscode';\nimport { x } from '../logic/to-diagnostic.ts';")).toBeUndefined();
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

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCliCommand, hasRtGuardHook, installPreCommitHook } from './hook-install.ts';

function repo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-hook-')));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

describe('hook install (real git)', () => {
  const nodeDir = dirname(process.execPath);

  it('finds the project CLI in node_modules/.bin and records absolute node + bin paths', async () => {
    const dir = repo();
    const bin = join(dir, 'cli.js');
    writeFileSync(bin, '#!/usr/bin/env node\n');
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync(bin, join(dir, 'node_modules/.bin/rt-guard'));
    expect(await findCliCommand(dir, { PATH: nodeDir })).toEqual([join(nodeDir, 'node'), bin]);
  });

  it('explains what to install when no CLI is found, and changes nothing', async () => {
    const dir = repo();
    await expect(installPreCommitHook(dir, { PATH: nodeDir })).rejects.toThrow(/npm install -D rt-guard/);
    expect(await hasRtGuardHook(dir)).toBe(false);
  });

  it('installs the pre-commit hook with core\'s installer, once', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'cli.js'), '');
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync(join(dir, 'cli.js'), join(dir, 'node_modules/.bin/rt-guard'));
    const result = await installPreCommitHook(dir, { PATH: nodeDir });
    expect(result.installed.map((h) => h.hook)).toEqual(['pre-commit']);
    expect(readFileSync(join(dir, '.git/hooks/pre-commit'), 'utf8')).toContain(join(dir, 'cli.js'));
    expect(await hasRtGuardHook(dir)).toBe(true);
    await expect(installPreCommitHook(dir, { PATH: nodeDir })).rejects.toThrow(/already installed/);
  });
});

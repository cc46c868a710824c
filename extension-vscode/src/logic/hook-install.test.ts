import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installCliCopy, refreshCliCopy } from './cli-copy.ts';
import { findCliCommand, gitSafeEnv, hasRtGuardHook, installPreCommitHook } from './hook-install.ts';

function repo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-hook-')));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

/** The extension's own CLI, as dist/cli holds it. */
function ownCli(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-own-cli-')));
  writeFileSync(join(dir, 'bin.cjs'), "// the extension's CLI\n");
  return join(dir, 'bin.cjs');
}

/** A repository shipping its own node_modules/.bin/rt-guard (issue 10: code the repository chose). */
function shipsItsOwnCli(dir: string): string {
  const planted = join(dir, 'planted.js');
  writeFileSync(planted, 'require("fs").writeFileSync("pwned", "")\n');
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(planted, join(dir, 'node_modules/.bin/rt-guard'));
  return planted;
}

describe('hook install (real git)', () => {
  const nodeDir = dirname(process.execPath);

  it("records the extension's own CLI, never the node_modules/.bin/rt-guard the repository ships (issue 10)", async () => {
    const dir = repo();
    const planted = shipsItsOwnCli(dir);
    const cli = ownCli();
    expect(await findCliCommand(cli, { PATH: nodeDir })).toEqual([join(nodeDir, 'node'), cli]);
    await installPreCommitHook(dir, { PATH: nodeDir }, cli);
    const hook = readFileSync(join(dir, '.git/hooks/pre-commit'), 'utf8');
    expect(hook).toContain(cli);
    expect(hook).not.toContain(planted);
    expect(hook).not.toContain('node_modules');
  });

  it("falls back to rt-guard on PATH, and never to the repository's copy", async () => {
    const dir = repo();
    shipsItsOwnCli(dir);
    const bin = realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-path-')));
    writeFileSync(join(bin, 'rt-guard'), '#!/usr/bin/env node\n');
    expect(await findCliCommand(undefined, { PATH: `${nodeDir}:${bin}` })).toEqual([join(nodeDir, 'node'), join(bin, 'rt-guard')]);
    expect(await findCliCommand(undefined, { PATH: nodeDir })).toBeUndefined();
  });

  it('explains what to do when there is no CLI, and changes nothing', async () => {
    const dir = repo();
    await expect(installPreCommitHook(dir, { PATH: nodeDir }, undefined)).rejects.toThrow(/reinstall the extension/);
    expect(await hasRtGuardHook(dir)).toBe(false);
  });

  it("installs the pre-commit hook with core's installer, once", async () => {
    const dir = repo();
    const cli = ownCli();
    const result = await installPreCommitHook(dir, { PATH: nodeDir }, cli);
    expect(result.installed.map((h) => h.hook)).toEqual(['pre-commit']);
    expect(await hasRtGuardHook(dir)).toBe(true);
    await expect(installPreCommitHook(dir, { PATH: nodeDir }, cli)).rejects.toThrow(/already installed/);
  });

  it('runs git at the repository root, found without git, and says so when there is none', async () => {
    const dir = repo();
    mkdirSync(join(dir, 'packages/app'), { recursive: true });
    const result = await installPreCommitHook(join(dir, 'packages/app'), { PATH: nodeDir }, ownCli());
    expect(result.hooksDir).toBe(join(dir, '.git/hooks'));
    const plain = realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-plain-')));
    await expect(installPreCommitHook(plain, { PATH: nodeDir }, ownCli())).rejects.toThrow(/not inside a git repository/);
  });

  it('runs git with core.fsmonitor off, keeping configuration the user passed in the environment', () => {
    expect(gitSafeEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.fsmonitor', GIT_CONFIG_VALUE_0: 'false' });
    expect(gitSafeEnv({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'me' })).toMatchObject({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'user.name',
      GIT_CONFIG_KEY_1: 'core.fsmonitor',
      GIT_CONFIG_VALUE_1: 'false',
    });
    const dir = repo();
    expect(execFileSync('git', ['config', 'core.fsmonitor'], { cwd: dir, env: gitSafeEnv({ PATH: process.env['PATH'] }), encoding: 'utf8' }).trim()).toBe(
      'false',
    );
  });
});

describe("the extension's CLI copy for hooks", () => {
  it('copies dist/cli to a stable place once per version, and refreshes it after an update', () => {
    const source = dirname(ownCli());
    const target = join(realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-storage-'))), 'globalStorage/cli');
    refreshCliCopy(source, target, '1.0.0');
    expect(existsSync(target)).toBe(false);
    const bin = installCliCopy(source, target, '1.0.0');
    expect(bin).toBe(join(target, 'bin.cjs'));
    expect(readFileSync(bin, 'utf8')).toContain("the extension's CLI");
    writeFileSync(join(source, 'bin.cjs'), '// version 2\n');
    installCliCopy(source, target, '1.0.0');
    expect(readFileSync(bin, 'utf8')).toContain("the extension's CLI");
    refreshCliCopy(source, target, '2.0.0');
    expect(readFileSync(bin, 'utf8')).toContain('version 2');
  });

  it("says what to do when the extension's CLI is missing", () => {
    const empty = realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-empty-')));
    expect(() => installCliCopy(empty, join(empty, 'out'), '1')).toThrow(/reinstall the extension/);
  });
});

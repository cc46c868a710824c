// The npm package `rt-guard` as a user gets it: `npm pack -w cli` (what `npm publish` uploads),
// installed from the tarball into a fresh project outside this repository, then used with real git.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '@rt-guard/core';
import { installedCommands, runHookCommand } from '../agents/helpers.ts';
import { cleanupTempDirs, generateKey, makeTempDir, ROOT, tail } from '../git/helpers.ts';
import { freshProject, npm, packCli, userEnv, write, type PackedCli } from './helpers.ts';

const SIZE_BUDGET = 400 * 1024;
let packed: PackedCli;

beforeAll(() => {
  packed = packCli();
}, 180_000);
afterAll(cleanupTempDirs);

function git(dir: string, env: Record<string, string>, ...args: string[]) {
  return spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
}

function commitCount(dir: string, env: Record<string, string>): number {
  return Number(git(dir, env, 'rev-list', '--count', 'HEAD').stdout.trim() || '0');
}

describe('npm pack -w cli', () => {
  it(`is self-contained and within the size budget (≤ ${SIZE_BUDGET / 1024} KB packed)`, () => {
    const paths = packed.report.files.map((file) => file.path).sort();
    expect(packed.report.size).toBeLessThanOrEqual(SIZE_BUDGET);
    for (const path of paths) {
      expect(path).toMatch(/^(LICENSE|README\.md|package\.json|bin\/rt-guard\.cjs|dist\/[\w-]+\.c?js|dist\/chunks\/[\w-]+\.js)$/);
    }
    for (const needed of [
      'LICENSE',
      'README.md',
      'package.json',
      'bin/rt-guard.cjs',
      'dist/bin.cjs',
      'dist/cli.js',
      'dist/scan-worker.js',
      'dist/agent-hook.cjs',
      'dist/agent-config.cjs',
      'dist/agent-verify.js',
    ]) {
      expect(paths).toContain(needed);
    }
    expect(paths.filter((path) => /\.(ts|map)$|test|src\//.test(path))).toEqual([]);
  });

  it('declares what a registry needs and no runtime dependency (core and the rest are bundled)', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'cli/package.json'), 'utf8')) as Record<string, any>;
    expect(manifest.private).toBeUndefined();
    expect(manifest.name).toBe('rt-guard');
    expect(manifest.bin).toEqual({ 'rt-guard': 'bin/rt-guard.cjs' });
    expect(manifest.engines).toEqual({ node: '>=20' });
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository.url).toMatch(/^git\+https:\/\//);
    expect(manifest.scripts.prepack).toContain('build.mjs');
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(readFileSync(join(ROOT, 'cli/LICENSE'), 'utf8')).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
  });
});

describe('installed with `npm install -D rt-guard` into a fresh project', () => {
  let env: Record<string, string>;
  let project: string;

  beforeAll(() => {
    env = userEnv();
    project = freshProject(env);
    const install = npm(['install', '-D', packed.tarball], project, env);
    expect(install.status, install.stderr).toBe(0);
  }, 180_000);

  it('`npx rt-guard --version` prints the package version, and `npx rt-guard scan` finds a key, redacted', () => {
    const version = spawnSync('npx', ['--no-install', 'rt-guard', '--version'], { cwd: project, env, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'cli/package.json'), 'utf8')).version);

    const key = generateKey();
    write(project, 'src/config.js', `export const runtype = { apiKey: '${key}' };\n`);
    const scan = spawnSync('npx', ['--no-install', 'rt-guard', 'scan'], { cwd: project, env, encoding: 'utf8' });
    expect(scan.status, scan.stderr).toBe(1);
    expect(scan.stdout).toContain('src/config.js:1');
    expect(scan.stdout).toContain(`rt_live_…${tail(key)}`);
    expect(scan.stdout + scan.stderr).not.toContain(key);
    expect(scan.stdout).not.toContain('node_modules'); // the package itself scans clean
  });

  it('`npx rt-guard hook install` installs a hook that blocks a real commit adding a key and passes a clean one', () => {
    const dir = freshProject(env);
    expect(npm(['install', '-D', packed.tarball], dir, env).status).toBe(0);
    write(dir, '.gitignore', 'node_modules/\n');
    const install = spawnSync('npx', ['--no-install', 'rt-guard', 'hook', 'install'], { cwd: dir, env, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    expect(install.stdout).toContain(join(dir, 'node_modules/rt-guard/dist/bin.cjs'));

    git(dir, env, 'add', '.');
    const first = git(dir, env, 'commit', '-q', '-m', 'init');
    expect(first.status, first.stderr).toBe(0);

    const key = generateKey('rt_test_');
    write(dir, '.env.production', `RUNTYPE_API_KEY=${key}\n`);
    git(dir, env, 'add', '.env.production');
    const blocked = git(dir, env, 'commit', '-q', '-m', 'env');
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain('.env.production:1');
    expect(blocked.stderr).toContain(`rt_test_…${tail(key)}`);
    expect(blocked.stdout + blocked.stderr).not.toContain(key);
    expect(commitCount(dir, env)).toBe(1);

    write(dir, '.env.production', 'RUNTYPE_API_KEY=${RUNTYPE_API_KEY}\n');
    git(dir, env, 'add', '.env.production');
    expect(git(dir, env, 'commit', '-q', '-m', 'env from the environment').status).toBe(0);
    expect(commitCount(dir, env)).toBe(2);
  });

  it('`npx rt-guard agent install --claude-code` installs a hook that runs from the package: dist/agent-hook.cjs, with its config and verification parts', async () => {
    const dir = freshProject(env);
    expect(npm(['install', '-D', packed.tarball], dir, env).status).toBe(0);
    const install = spawnSync('npx', ['--no-install', 'rt-guard', 'agent', 'install', '--claude-code'], { cwd: dir, env, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    const command = installedCommands(join(dir, '.claude/settings.json')).UserPromptSubmit![0]!;
    expect(command).toContain(join(dir, 'node_modules/rt-guard/dist/agent-hook.cjs'));
    const hookEnv = { ...env, CLAUDE_PROJECT_DIR: dir };
    const key = generateKey();
    const prompt = { hook_event_name: 'UserPromptSubmit', prompt: `why does ${key} fail?`, cwd: dir };

    const blocked = await runHookCommand(command, prompt, { cwd: dir, env: hookEnv });
    expect(blocked.json?.decision).toBe('block');
    expect(String(blocked.json?.reason)).toContain(`rt_live_…${tail(key)}`);
    expect(blocked.stdout + blocked.stderr).not.toContain(key);

    // A config file is parsed by dist/agent-config.cjs: its allowlist lets the same prompt through.
    write(dir, '.rt-guard.json', JSON.stringify({ allow: [{ fingerprint: fingerprintOf(key), reason: 'a test fixture' }] }));
    expect(await runHookCommand(command, prompt, { cwd: dir, env: hookEnv })).toMatchObject({ status: 0, stdout: '', stderr: '' });
    rmSync(join(dir, '.rt-guard.json'));

    // A key in a tool's output, with a management token: dist/agent-verify.js loads the API client (nothing answers).
    const output = { hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'cat notes.txt' }, tool_response: { stdout: key }, cwd: dir };
    const told = await runHookCommand(command, output, {
      cwd: dir,
      env: { ...hookEnv, RUNTYPE_ADMIN_TOKEN: 'rt-admin-test', RUNTYPE_API_URL: 'http://127.0.0.1:9' },
    });
    expect(told.json?.decision, told.stderr).toBe('block');
    expect(String(told.json?.reason)).toMatch(/status unknown|not checked/);
    expect(told.stdout + told.stderr).not.toContain(key);
  });

  it('works from node_modules under husky + lint-staged (both installed in the project, as users do)', () => {
    const husky = JSON.parse(readFileSync(join(ROOT, 'node_modules/husky/package.json'), 'utf8')).version as string;
    const lintStaged = JSON.parse(readFileSync(join(ROOT, 'node_modules/lint-staged/package.json'), 'utf8')).version as string;
    const dir = freshProject(env, { 'lint-staged': { '*': 'rt-guard scan' } });
    write(dir, '.gitignore', 'node_modules/\n');
    const install = npm(['install', '-D', packed.tarball, `husky@${husky}`, `lint-staged@${lintStaged}`], dir, env);
    expect(install.status, install.stderr).toBe(0);
    const init = spawnSync('npx', ['--no-install', 'husky', 'init'], { cwd: dir, env, encoding: 'utf8' }); // husky's own setup step
    expect(init.status, init.stderr).toBe(0);
    expect(git(dir, env, 'config', 'core.hooksPath').stdout.trim()).toBe('.husky/_');
    // The hook husky users write: no PATH set up by the test, husky adds node_modules/.bin itself.
    write(dir, '.husky/pre-commit', 'npx lint-staged\n');
    chmodSync(join(dir, '.husky/pre-commit'), 0o755);
    git(dir, env, 'add', '.');
    const first = git(dir, env, 'commit', '-q', '-m', 'init');
    expect(first.status, first.stdout + first.stderr).toBe(0);

    const staged = generateKey();
    const unstaged = generateKey();
    write(dir, 'src/client.ts', `const client = new Runtype({ apiKey: "${staged}" });\n`);
    write(dir, 'notes.txt', `not staged ${unstaged}\n`);
    git(dir, env, 'add', 'src/client.ts');
    const blocked = git(dir, env, 'commit', '-q', '-m', 'client');
    const output = blocked.stdout + blocked.stderr;
    expect(blocked.status).not.toBe(0);
    expect(output).toContain(`rt_live_…${tail(staged)}`);
    expect(output).not.toContain(`…${tail(unstaged)}`);
    expect(output).not.toContain(staged);
    expect(commitCount(dir, env)).toBe(1);

    write(dir, 'src/client.ts', 'const client = new Runtype({ apiKey: process.env.RUNTYPE_API_KEY });\n');
    git(dir, env, 'add', 'src/client.ts');
    const clean = git(dir, env, 'commit', '-q', '-m', 'client from env');
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
  });
});

describe('installed with `npm install -g`', () => {
  it('works from PATH: scan, and a hook that blocks a real commit', () => {
    const env = userEnv();
    const prefix = makeTempDir('rt-guard-global-');
    const install = npm(['install', '-g', '--prefix', prefix, packed.tarball], prefix, env);
    expect(install.status, install.stderr).toBe(0);
    env.PATH = `${join(prefix, 'bin')}:${env.PATH}`;
    const which = spawnSync('sh', ['-c', 'command -v rt-guard'], { env, encoding: 'utf8' });
    expect(which.stdout.trim()).toBe(join(prefix, 'bin/rt-guard'));

    const dir = freshProject(env);
    const key = generateKey();
    write(dir, 'deploy/values.yaml', `runtype:\n  apiKey: ${key}\n`);
    const scan = spawnSync('rt-guard', ['scan', '--format', 'json'], { cwd: dir, env, encoding: 'utf8' });
    expect(scan.status, scan.stderr).toBe(1);
    const report = JSON.parse(scan.stdout) as { findings: Array<{ file: string; line: number }> };
    expect(report.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['deploy/values.yaml:2']);
    expect(scan.stdout).not.toContain(key);

    expect(spawnSync('rt-guard', ['hook', 'install'], { cwd: dir, env, encoding: 'utf8' }).status).toBe(0);
    git(dir, env, 'add', '.');
    const blocked = git(dir, env, 'commit', '-q', '-m', 'values');
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain(`rt_live_…${tail(key)}`);
    expect(blocked.stderr).not.toContain(key);
    expect(commitCount(dir, env)).toBe(0);
  });
});

import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeTempDir, ROOT } from '../git/helpers.ts';

export interface PackedCli {
  tarball: string;
  /** What `npm pack --json` reports: files and sizes. */
  report: { size: number; unpackedSize: number; files: Array<{ path: string; size: number; mode: number }> };
}

let packed: PackedCli | undefined;

/**
 * `npm pack -w cli`, exactly what `npm publish` would upload: runs the package's prepack (the
 * production build), once per test process.
 */
export function packCli(): PackedCli {
  if (packed) return packed;
  const destination = makeTempDir('rt-guard-pack-');
  const stdout = execFileSync('npm', ['pack', '-w', 'cli', '--pack-destination', destination, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [report] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [PackedCli['report'] & { filename: string }];
  const [tarball] = readdirSync(destination).filter((file) => file.endsWith('.tgz'));
  packed = { tarball: join(destination, tarball!), report };
  return packed;
}

/** npm, offline-friendly: the tarball has no dependencies, the rest comes from npm's cache. */
export function npm(args: string[], cwd: string, env: Record<string, string>): SpawnSyncReturns<string> {
  return spawnSync('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env, encoding: 'utf8' });
}

/**
 * The environment of a user's shell, for a project outside this repository: npm's own cache (so
 * installs need no network), a throwaway HOME and git config, and no rt-guard on PATH.
 */
export function userEnv(): Record<string, string> {
  const home = makeTempDir('rt-guard-user-home-');
  const globalConfig = join(home, 'gitconfig');
  writeFileSync(globalConfig, '[user]\n\tname = Test\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n');
  const cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
  // vitest runs under npm/npx, which put this repository's node_modules/.bin (with its rt-guard) on PATH.
  const PATH = (process.env.PATH ?? '/usr/bin:/bin')
    .split(':')
    .filter((entry) => entry !== '' && !entry.includes('node_modules'))
    .join(':');
  if (spawnSync('sh', ['-c', 'command -v rt-guard'], { env: { PATH } }).status === 0)
    throw new Error('rt-guard is on PATH: the test would not prove what it installs');
  return {
    PATH,
    HOME: home,
    GIT_CONFIG_GLOBAL: globalConfig,
    GIT_CONFIG_NOSYSTEM: '1',
    LC_ALL: 'C',
    npm_config_cache: cache,
    npm_config_update_notifier: 'false',
  };
}

/** A fresh project folder in the OS temp folder (never inside this repository), with git and a package.json. */
export function freshProject(env: Record<string, string>, packageJson: Record<string, unknown> = {}): string {
  const dir = makeTempDir('rt-guard-user-project-');
  if (dir.startsWith(ROOT)) throw new Error(`the temp folder ${tmpdir()} is inside the repository`);
  execFileSync('git', ['init', '-q'], { cwd: dir, env });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'user-app', version: '1.0.0', private: true, ...packageJson }, null, 2)}\n`);
  return dir;
}

export function write(dir: string, path: string, content: string): void {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
}

/**
 * A git repository holding this repository's files as they are now (tracked and new, not ignored),
 * committed: what a user's `repo:` URL points at (a clone of this repository at a tag). Returns its
 * folder and commit.
 */
export function cloneOfWorkingTree(): { dir: string; rev: string } {
  const dir = makeTempDir('rt-guard-clone-');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  const env = { ...userEnv() };
  execFileSync('git', ['init', '-q'], { cwd: dir, env });
  execFileSync('git', ['add', '.'], { cwd: dir, env });
  execFileSync('git', ['commit', '-q', '-m', 'rt-guard'], { cwd: dir, env });
  return { dir, rev: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, env, encoding: 'utf8' }).trim() };
}

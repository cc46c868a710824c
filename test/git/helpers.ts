import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI_BIN = join(ROOT, 'cli/dist/bin.cjs');

export { generateKey, tail } from '../helpers/keys.ts';

/** A throwaway repository, isolated from the user's global and system git config. */
export interface TempRepo {
  dir: string;
  env: Record<string, string>;
  git(...args: string[]): string;
  /** Runs git without throwing; for commands expected to fail (a blocked commit). */
  tryGit(args: string[], options?: { input?: string }): SpawnSyncReturns<string>;
  write(path: string, content: string | Buffer): void;
  cleanup(): void;
}

const created: string[] = [];

export function makeTempDir(label = 'rt-guard-git-'): string {
  const dir = mkdtempSync(join(tmpdir(), label));
  created.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Environment for git in tests: no global/system config, fixed identity, PATH kept. */
export function gitEnv(home: string): Record<string, string> {
  const globalConfig = join(home, 'gitconfig');
  writeFileSync(globalConfig, '[user]\n\tname = Test\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n');
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GIT_CONFIG_GLOBAL: globalConfig,
    GIT_CONFIG_NOSYSTEM: '1',
    LC_ALL: 'C',
  };
}

export function createRepo(options: { bare?: boolean; dir?: string; env?: Record<string, string> } = {}): TempRepo {
  const home = makeTempDir('rt-guard-home-');
  const env = options.env ?? gitEnv(home);
  const dir = options.dir ?? makeTempDir();
  mkdirSync(dir, { recursive: true });
  const repo: TempRepo = {
    dir,
    env,
    git: (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }),
    tryGit: (args, opts = {}) => spawnSync('git', args, { cwd: dir, env, encoding: 'utf8', input: opts.input ?? '' }),
    write(path, content) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  repo.git('init', '-q', ...(options.bare ? ['--bare'] : []));
  return repo;
}

/** A repository with one commit (README.md), so HEAD exists. */
export function repoWithCommit(): TempRepo {
  const repo = createRepo();
  repo.write('README.md', 'hello\n');
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'init');
  return repo;
}

/**
 * Builds the CLI when its sources are newer than the build (tests that run hooks call the built bin,
 * as users do). Test files run in parallel: a lock keeps them from writing cli/dist at the same time.
 */
export function buildCli(): void {
  const script = `[ -f cli/dist/cli.js ] && [ -z "$(find cli/src core/src cli/build.mjs -newer cli/dist/cli.js -print -quit)" ] || npm run build -w cli`;
  const lock = join(tmpdir(), 'rt-guard-cli-build.lock');
  const hasFlock = spawnSync('flock', ['--version']).status === 0;
  execFileSync(hasFlock ? 'flock' : 'sh', hasFlock ? [lock, 'sh', '-c', script] : ['-c', script], { cwd: ROOT, stdio: 'pipe' });
}

/** Runs the built CLI in `cwd`. */
export function runCli(args: string[], cwd: string, env: Record<string, string>, input = ''): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI_BIN, ...args], { cwd, env, encoding: 'utf8', input });
}

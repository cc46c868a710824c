// The pre-commit framework (Debian's `pre-commit`) installing rt-guard by itself from a clone of this
// repository (`language: node`: npm install, npm pack, npm install -g into its own environment), in a
// project whose PATH has no rt-guard. Slow (the first install builds rt-guard from source, as it does
// for users), so it is an e2e test. .ci/run installs pre-commit.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, generateKey, makeTempDir, tail } from '../git/helpers.ts';
import { cloneOfWorkingTree, freshProject, userEnv, write } from './helpers.ts';

afterAll(cleanupTempDirs);

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });

describe.skipIf(preCommit.status !== 0)(`pre-commit framework, hook id rt-guard (${preCommit.stdout?.trim() || 'not installed'})`, () => {
  it('installs rt-guard from the repository URL with no global install, blocks a commit adding a key, passes a clean one', () => {
    const hookRepo = cloneOfWorkingTree();
    const env = { ...userEnv(), PRE_COMMIT_HOME: makeTempDir('rt-guard-pre-commit-home-'), npm_config_prefer_offline: 'true' };
    const project = freshProject(env);
    write(project, '.pre-commit-config.yaml', `repos:\n  - repo: file://${hookRepo.dir}\n    rev: ${hookRepo.rev}\n    hooks:\n      - id: rt-guard\n`);
    const run = (command: string, ...args: string[]) => spawnSync(command, args, { cwd: project, env, encoding: 'utf8' });

    expect(run('pre-commit', 'install').status).toBe(0);
    const installed = run('pre-commit', 'install-hooks');
    expect(installed.status, installed.stdout + installed.stderr).toBe(0);
    // The framework's own node environment now has the rt-guard bin; the user's PATH still has none.
    const [envRepo] = readdirSync(env.PRE_COMMIT_HOME).filter((name) => name.startsWith('repo'));
    const nodeEnv = readdirSync(join(env.PRE_COMMIT_HOME, envRepo!)).find((name) => name.startsWith('node_env'));
    expect(readdirSync(join(env.PRE_COMMIT_HOME, envRepo!, nodeEnv!, 'bin'))).toContain('rt-guard');
    expect(run('sh', '-c', 'command -v rt-guard').status).not.toBe(0);

    run('git', 'add', '.');
    const first = run('git', 'commit', '-q', '-m', 'init');
    expect(first.status, first.stdout + first.stderr).toBe(0);

    const unstaged = generateKey();
    write(project, 'local.env', `RUNTYPE_API_KEY=${unstaged}\n`);
    write(project, 'docs/notes.md', 'a clean change\n');
    run('git', 'add', 'docs/notes.md');
    const clean = run('git', 'commit', '-q', '-m', 'notes');
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout + clean.stderr).toContain('rt-guard (Runtype API keys)');
    expect(clean.stdout + clean.stderr).not.toContain(tail(unstaged));

    const key = generateKey();
    write(project, 'src/app config.env', `RUNTYPE_API_KEY=${key}\n`);
    run('git', 'add', 'src/app config.env');
    const blocked = run('git', 'commit', '-q', '-m', 'config');
    const output = blocked.stdout + blocked.stderr;
    expect(blocked.status).not.toBe(0);
    expect(output).toContain('rt-guard (Runtype API keys)');
    expect(output).toContain('src/app config.env:1:17');
    expect(output).toContain(`rt_live_…${tail(key)}`);
    expect(output).not.toContain(key);
    expect(run('git', 'rev-list', '--count', 'HEAD').stdout.trim()).toBe('2');
  }, 900_000);
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, cleanupTempDirs, createRepo, generateKey, makeTempDir, runCli, tail } from './helpers.ts';

beforeAll(buildCli, 120_000);
afterAll(cleanupTempDirs);

// The built bin answers a clean `scan --staged` itself and hands everything else to the full CLI;
// these check both paths give the answers the full pipeline would.

/** A repository without commits whose index holds one file without any key. */
function repoWithCleanStagedFile(): ReturnType<typeof createRepo> {
  const repo = createRepo();
  repo.write('a.txt', 'hello\n');
  repo.git('add', '.');
  return repo;
}

describe('rt-guard scan --staged (built bin)', () => {
  it('prints the clean summary and exits 0 when nothing is staged or nothing matches', () => {
    const repo = repoWithCleanStagedFile();
    const result = runCli(['scan', '--staged'], repo.dir, repo.env);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^No keys found · 1 files, \d+ B scanned in \d+\.\d\d s\n$/);
    expect(result.stderr).toBe('');
  });

  it('exits 1 with a redacted report when a key is staged, in every format', () => {
    const repo = createRepo();
    const key = generateKey();
    repo.write('deploy/.env', `RUNTYPE_API_KEY=${key}\n`);
    repo.git('add', '.');
    const text = runCli(['scan', '--staged'], repo.dir, repo.env);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('deploy/.env:1:17');
    expect(text.stdout).toContain(`rt_live_…${tail(key)}`);
    for (const format of ['json', 'sarif', 'github']) {
      const out = runCli(['scan', '--staged', '--format', format], repo.dir, repo.env);
      expect(out.status).toBe(1);
      expect(out.stdout).toContain('deploy/.env');
      expect(out.stdout + out.stderr).not.toContain(key);
    }
    expect(text.stdout + text.stderr).not.toContain(key);
  });

  it('applies .rt-guard.json: an allowlisted staged key passes, an ignored path is not reported', () => {
    const repo = createRepo();
    const key = generateKey();
    repo.write('fixtures/key.txt', `RUNTYPE_API_KEY=${key}\n`);
    repo.git('add', '.');
    const first = runCli(['scan', '--staged', '--format', 'json'], repo.dir, repo.env);
    const fingerprint = JSON.parse(first.stdout).findings[0].fingerprint as string;
    writeFileSync(join(repo.dir, '.rt-guard.json'), JSON.stringify({ allow: [{ fingerprint, reason: 'revoked test fixture' }] }));
    const allowed = runCli(['scan', '--staged'], repo.dir, repo.env);
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain('1 suppressed');
    writeFileSync(join(repo.dir, '.rt-guard.json'), JSON.stringify({ ignore: ['fixtures/'] }));
    const ignored = runCli(['scan', '--staged'], repo.dir, repo.env);
    expect(ignored.status).toBe(0);
    expect(ignored.stdout).toContain('No keys found');
  });

  it('answers the same with a config present whether the quick path or the full CLI runs, and never passes a broken config', () => {
    const repo = createRepo();
    repo.write('src/app.ts', 'export const a = 1;\n');
    repo.write('fixtures/key.txt', `RUNTYPE_API_KEY=${generateKey()}\n`); // ignored by the config
    repo.write('.rt-guard.json', JSON.stringify({ ignore: ['fixtures/'], failOn: 'high' }));
    repo.git('add', '.');
    // `scan --staged` alone takes bin.cjs's quick path; any other flag goes through the full CLI.
    const quick = runCli(['scan', '--staged'], repo.dir, repo.env);
    const full = runCli(['scan', '--staged', '--format', 'text'], repo.dir, repo.env);
    expect(quick.status).toBe(0);
    expect(full.status).toBe(0);
    const summary = (out: string) => out.replace(/ in \d+(?:\.\d+)? ?m?s/g, ' in <time>');
    expect(summary(quick.stdout)).toBe(summary(full.stdout));
    expect(quick.stdout).toContain('No keys found');
    repo.write('.rt-guard.json', '{"allow": [{"reason": "no fingerprint"}]}');
    const broken = runCli(['scan', '--staged'], repo.dir, repo.env);
    expect(broken.status).toBe(2);
    // The built CLI's zod messages are the English ones (a missing field reads "required").
    expect(broken.stderr).toContain('allow[0].fingerprint: required');
  });

  it('runs git once on the quick path: the entry point starts git diff --cached and the scan adopts it', () => {
    const repo = repoWithCleanStagedFile();
    for (const args of [
      ['scan', '--staged'],
      ['hook', 'run', 'pre-commit'],
    ]) {
      const trace = join(makeTempDir(), 'trace2.json');
      const result = runCli(args, repo.dir, { ...repo.env, GIT_TRACE2_EVENT: trace });
      expect(result.status, args.join(' ')).toBe(0);
      const commands = readFileSync(trace, 'utf8')
        .split('\n')
        .filter((line) => line.includes('"event":"cmd_name"'))
        .map((line) => JSON.parse(line).name);
      expect(commands, args.join(' ')).toEqual(['diff']);
    }
  });

  it('exits 2 with a clear message when git is not installed (quick path and hook run alike)', () => {
    const repo = repoWithCleanStagedFile();
    const noGit = { ...repo.env, PATH: makeTempDir('rt-guard-no-git-') };
    for (const args of [
      ['scan', '--staged'],
      ['hook', 'run', 'pre-commit'],
      ['scan', '--git'],
    ]) {
      const result = runCli(args, repo.dir, noGit);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain('git was not found on PATH');
      expect(result.stderr, args.join(' ')).not.toMatch(/\bat \S+ \(/); // a message, not a stack trace
    }
  });

  it('exits 2 with a clear message outside a git repository', () => {
    const repo = createRepo();
    const outside = join(repo.dir, '..');
    const result = runCli(['scan', '--staged'], repo.dir + '/..', { ...repo.env, GIT_CEILING_DIRECTORIES: join(outside, '..') });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('not a git repository');
  });

  it('hook run pre-commit is silent and exits 0 on a clean index', () => {
    const repo = repoWithCleanStagedFile();
    const result = runCli(['hook', 'run', 'pre-commit'], repo.dir, repo.env);
    expect(result).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });
});

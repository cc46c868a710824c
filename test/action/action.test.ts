// The GitHub Action as the runner runs it: `node action/dist/index.cjs` (the committed bundle) with
// INPUT_* and GITHUB_* variables and an event payload, over real git repositories.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, createRepo, generateKey, ROOT, tail, type TempRepo } from '../git/helpers.ts';
import { actionInputs, actionManifest, runAction } from './run-action.ts';

afterAll(cleanupTempDirs);

const ZERO = '0'.repeat(40);

function commit(repo: TempRepo, files: Record<string, string>, message: string): string {
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', message);
  return repo.git('rev-parse', 'HEAD').trim();
}

function annotations(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('::error') || line.startsWith('::warning'));
}

describe('action.yml', () => {
  it('is a JavaScript action running the committed bundle, with every input the action reads', () => {
    const yml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    expect(yml).toMatch(/^runs:\n {2}using: node(20|24)\n {2}main: action\/dist\/index\.cjs$/m);
    expect(Object.fromEntries(actionInputs())).toEqual({
      'full-history': 'false',
      paths: '',
      format: 'text',
      'fail-on': '',
      'sarif-file': 'rt-guard.sarif',
      verify: 'false',
      baseline: '',
      config: '',
    });
    expect(yml).toMatch(/^outputs:\n {2}findings:/m);
    expect(yml).toMatch(/^ {2}sarif-file:\n {4}description: Absolute path/m);
  });

  it('is valid YAML as GitHub reads it (a description with ": " must be quoted), every input described', () => {
    const manifest = actionManifest();
    expect(manifest.runs).toMatchObject({ main: 'action/dist/index.cjs' });
    for (const [name, input] of Object.entries(manifest.inputs)) expect(input.description, name).toMatch(/\S/);
    expect(manifest.inputs['format']?.description).toContain("step's log: text, json, sarif or github");
  });
});

describe('on push', () => {
  it('scans only the pushed commits: annotation, summary row, SARIF and outputs name the redacted key; exit 1', () => {
    const repo = createRepo();
    const old = generateKey();
    const before = commit(repo, { 'legacy.env': `RUNTYPE_API_KEY=${old}\n`, 'README.md': 'app\n' }, 'old');
    const key = generateKey();
    commit(repo, { 'docs/a.md': 'notes\n' }, 'docs');
    const after = commit(
      repo,
      { 'src/client.js': `import { Runtype } from '@runtype/sdk';\nexport const client = new Runtype({ apiKey: '${key}' });\n` },
      'client',
    );

    const run = runAction(repo, 'push', { before, after, forced: false, ref: 'refs/heads/main' });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain(`scanning the pushed commits ${before.slice(0, 12)}..${after.slice(0, 12)}`);
    const [annotation, ...rest] = annotations(run.stdout);
    expect(rest).toEqual([]);
    expect(annotation).toMatch(/^::error file=src\/client\.js,line=2,col=\d+,/);
    expect(annotation).toContain(`rt_live_…${tail(key)}`);
    expect(run.everything).not.toContain(`…${tail(old)}`); // before the push: not this run's business
    expect(run.outputs.findings).toBe('1');
    expect(run.outputs['sarif-file']).toBe(join(repo.dir, 'rt-guard.sarif'));
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as {
      version: string;
      runs: Array<{ results: Array<{ ruleId: string; locations: any[] }> }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(
      sarif.runs[0]!.results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]),
    ).toEqual([['runtype-api-key-live', 'src/client.js', 2]]);
    expect(run.summary).toContain('| severity | key | location | commit | rule | status |');
    expect(run.summary).toContain(`| critical | \`rt_live_…${tail(key)}\` | src/client.js:2 | \`${after.slice(0, 12)}\` | runtype-api-key-live |`);
    expect(run.everything).not.toContain(key);
  });

  it('a first push (`before` all zeros) scans every commit reachable from the pushed one', () => {
    const repo = createRepo();
    const first = generateKey('rt_test_');
    const second = generateKey();
    commit(repo, { 'a.env': `RUNTYPE_API_KEY=${first}\n` }, 'one');
    commit(repo, { 'a.env': 'RUNTYPE_API_KEY=\n' }, 'remove it');
    const after = commit(repo, { 'b/config.yaml': `runtype:\n  key: ${second}\n` }, 'three');

    const run = runAction(repo, 'push', { before: ZERO, after, created: true });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('the first push of this ref');
    expect(run.outputs.findings).toBe('2');
    const found = annotations(run.stdout).join('\n');
    expect(found).toContain(`rt_test_…${tail(first)}`); // removed since, but still in the history
    expect(found).toContain(`rt_live_…${tail(second)}`);
    expect(run.everything).not.toContain(first);
    expect(run.everything).not.toContain(second);
  });

  it('a force push scans the commits that are new against the old tip, not the rewritten ones', () => {
    const repo = createRepo();
    const base = commit(repo, { 'README.md': 'app\n' }, 'base');
    const rewritten = generateKey();
    const oldTip = commit(repo, { 'x.env': `RUNTYPE_API_KEY=${rewritten}\n` }, 'oops');
    repo.git('reset', '-q', '--hard', base);
    const fresh = generateKey('rt_test_');
    const after = commit(repo, { 'y.env': `RUNTYPE_API_KEY=${fresh}\n` }, 'new history');

    const run = runAction(repo, 'push', { before: oldTip, after, forced: true });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('a force push');
    expect(run.outputs.findings).toBe('1');
    expect(run.stdout).toContain(`rt_test_…${tail(fresh)}`);
    expect(run.everything).not.toContain(`…${tail(rewritten)}`);
    expect(run.everything).not.toContain(fresh);
  });

  it('a force push whose old tip is not in the checkout scans all history of the new tip, with a warning', () => {
    const repo = createRepo();
    const key = generateKey();
    commit(repo, { 'a.env': `RUNTYPE_API_KEY=${key}\n` }, 'one');
    const after = commit(repo, { 'README.md': 'two\n' }, 'two');
    const missing = 'f'.repeat(40);

    const run = runAction(repo, 'push', { before: missing, after, forced: true });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^::warning::.*not in the checkout \(a force push\)/m);
    expect(run.stdout).toContain(`rt_live_…${tail(key)}`);
    expect(run.everything).not.toContain(key);
  });

  it('a clean push passes: exit 0, findings 0, an empty SARIF run, a summary saying so', () => {
    const repo = createRepo();
    const key = generateKey();
    const before = commit(repo, { 'old.env': `RUNTYPE_API_KEY=${key}\n` }, 'old');
    const after = commit(repo, { 'src/app.js': 'const key = process.env.RUNTYPE_API_KEY;\n', 'old.env': 'RUNTYPE_API_KEY=\n' }, 'from env');

    const run = runAction(repo, 'push', { before, after });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(annotations(run.stdout)).toEqual([]);
    expect(run.outputs.findings).toBe('0');
    expect((JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as { runs: Array<{ results: unknown[] }> }).runs[0]!.results).toEqual([]);
    expect(run.summary).toContain('No keys found.');
  });

  it('a deleted branch has nothing to scan', () => {
    const repo = createRepo();
    const before = commit(repo, { 'README.md': 'x\n' }, 'x');
    const run = runAction(repo, 'push', { before, after: ZERO, deleted: true });
    expect(run.status).toBe(0);
    expect(run.outputs.findings).toBe('0');
  });
});

describe('on pull_request', () => {
  function pullRequest(): { repo: TempRepo; base: string; head: string; key: string } {
    const repo = createRepo();
    const base = commit(repo, { 'README.md': 'app\n' }, 'base');
    repo.git('checkout', '-q', '-b', 'feature');
    const key = generateKey('rt_test_');
    commit(repo, { 'test/setup.ts': `process.env.RUNTYPE_API_KEY = '${key}';\n` }, 'tests');
    const head = commit(repo, { 'src/index.ts': 'export {};\n' }, 'more');
    return { repo, base, head, key };
  }

  it("scans base..head of the payload and fails at the config's threshold (high)", () => {
    const { repo, base, head, key } = pullRequest();
    const run = runAction(repo, 'pull_request', { pull_request: { base: { sha: base }, head: { sha: head } } });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain(`the pull request's commits ${base.slice(0, 12)}..${head.slice(0, 12)}`);
    expect(annotations(run.stdout)).toEqual([expect.stringMatching(/^::error file=test\/setup\.ts,line=1,/)]);
    expect(run.summary).toContain(`\`rt_test_…${tail(key)}\``);
    expect(run.everything).not.toContain(key);
  });

  it('`fail-on: critical` reports a test key without failing the step; `format: json` prints the JSON report', () => {
    const { repo, base, head, key } = pullRequest();
    const run = runAction(
      repo,
      'pull_request',
      { pull_request: { base: { sha: base }, head: { sha: head } } },
      { 'fail-on': 'critical', format: 'json', 'sarif-file': '' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.findings).toBe('1');
    expect(run.outputs['sarif-file']).toBe('');
    const json = JSON.parse(run.stdout.slice(run.stdout.indexOf('\n{') + 1)) as { findings: Array<{ file: string; redacted: string }> };
    expect(json.findings.map((f) => [f.file, f.redacted])).toEqual([['test/setup.ts', `rt_test_…${tail(key)}`]]);
    expect(run.everything).not.toContain(key);
  });

  it('a baseline holding the key lets the pull request pass', () => {
    const { repo, base, head, key } = pullRequest();
    const baseline = runAction(repo, 'pull_request', { pull_request: { base: { sha: base }, head: { sha: head } } }, { format: 'json', 'sarif-file': '' });
    const fingerprint = (JSON.parse(baseline.stdout.slice(baseline.stdout.indexOf('\n{') + 1)) as { findings: Array<{ fingerprint: string }> }).findings[0]!
      .fingerprint;
    repo.write('.rt-guard-baseline.json', JSON.stringify({ version: 1, fingerprints: [fingerprint] }));
    const run = runAction(repo, 'pull_request', { pull_request: { base: { sha: base }, head: { sha: head } } }, { baseline: '.rt-guard-baseline.json' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.findings).toBe('0');
    expect(run.everything).not.toContain(key);
  });
});

describe('other inputs and bad input', () => {
  it('`paths` scans files instead of commits', () => {
    const repo = createRepo();
    const key = generateKey();
    repo.write('deploy/values.yaml', `runtype:\n  apiKey: ${key}\n`);
    repo.write('other/x.env', `RUNTYPE_API_KEY=${generateKey()}\n`);
    const run = runAction(repo, 'workflow_dispatch', {}, { paths: 'deploy\n' });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.outputs.findings).toBe('1');
    expect(annotations(run.stdout)).toEqual([expect.stringMatching(/^::error file=deploy\/values\.yaml,line=2,/)]);
    expect(run.everything).not.toContain(key);
  });

  it('`full-history: true` scans every commit of every ref', () => {
    const repo = createRepo();
    const key = generateKey();
    const main = commit(repo, { 'README.md': 'x\n' }, 'x');
    repo.git('checkout', '-q', '-b', 'side');
    commit(repo, { 'side.env': `RUNTYPE_API_KEY=${key}\n` }, 'side');
    repo.git('checkout', '-q', 'main');
    const run = runAction(repo, 'push', { before: main, after: main }, { 'full-history': 'true' });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain(`rt_live_…${tail(key)}`);
  });

  it.each([
    [{ format: 'xml' }, 'input `format` is "xml": expected one of text, json, sarif, github'],
    [{ 'fail-on': 'severe' }, 'input `fail-on` is "severe"'],
    [{ verify: 'yes' }, 'input `verify` is "yes": expected one of true, false'],
  ])('bad input %o is exit 2 with an error naming it', (inputs, message) => {
    const repo = createRepo();
    const head = commit(repo, { 'README.md': 'x\n' }, 'x');
    const run = runAction(repo, 'push', { before: ZERO, after: head }, inputs);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(`::error title=rt-guard::${message}`);
  });

  it('a payload without commit ids, or a head that is not checked out, is exit 2 with advice', () => {
    const repo = createRepo();
    commit(repo, { 'README.md': 'x\n' }, 'x');
    const bad = runAction(repo, 'push', { before: ZERO, after: '--output=/tmp/x' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain("the event payload's `after` is not a commit id");
    const missing = runAction(repo, 'pull_request', { pull_request: { base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) } } });
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain('fetch-depth: 0');
  });
});

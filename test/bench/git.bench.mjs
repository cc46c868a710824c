#!/usr/bin/env node
// Benchmark of the git sources (issue 3). Run: `node test/bench/git.bench.mjs` (or `npm run bench`).
// Needs the built CLI (`npm run build -w cli`). Generates its repositories in a temp folder.
//
// 1. --staged on a ~20k-file repository with 20 staged changed files: process wall time p50/p95 of
//    `rt-guard scan --staged`, next to a bare `node -e 0` and `git diff --cached` alone, same run,
//    interleaved. Target: p50 ≤ node-e-0 p50 + 50 ms. Also the installed pre-commit hook end to end.
// 2. History: commits/s of `rt-guard scan --git` on a generated 1,000-commit history, next to
//    `git log -p | rg` for reference.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBase62 } from '../helpers/random-base62.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'cli/dist/bin.cjs');
const FILES = Number(process.env.GIT_BENCH_FILES ?? 20000);
const STAGED = 20;
const RUNS = Number(process.env.GIT_BENCH_RUNS ?? 41);
const COMMITS = Number(process.env.GIT_BENCH_COMMITS ?? 1000);
const work = mkdtempSync(join(tmpdir(), 'rt-guard-git-bench-'));
const home = join(work, 'home');
mkdirSync(home);
writeFileSync(join(home, 'gitconfig'), '[user]\n\tname = Bench\n\temail = bench@example.invalid\n[init]\n\tdefaultBranch = main\n');
const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_GLOBAL: join(home, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };

const key = (prefix = 'rt_live_') => prefix + randomBase62(32);
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });

function sourceFile(i) {
  const lines = [`// module ${i}`, `import { helper${i % 97} } from './helper-${i % 97}.js';`, ''];
  for (let f = 0; f < 12; f++) lines.push(`export function fn${i}_${f}(value) {`, `  return helper${i % 97}(value) * ${f} + ${i};`, '}', '');
  return lines.join('\n');
}

// GNU time, when present, adds CPU time (user + sys, children included): on a shared, busy machine
// wall time mostly measures the queue, CPU time what the command itself costs.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuFile = join(work, 'cpu.txt');

function time(cmd, args, options = {}) {
  const [program, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(program, argv, { env, maxBuffer: 1 << 30, ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let cpuMs = NaN;
  if (GNU_TIME) {
    const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpuMs = (user + sys) * 1000;
  }
  return { ms, cpuMs, status: result.status, stdout: result.stdout?.toString() ?? '', stderr: result.stderr?.toString() ?? '' };
}

const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const fmt = (ms) => `${ms.toFixed(1)} ms`.padStart(10);

function stagedBench() {
  const repo = join(work, 'big');
  mkdirSync(repo);
  git(repo, 'init', '-q');
  let t = performance.now();
  for (let i = 0; i < FILES; i++) {
    const dir = join(repo, 'src', `pkg-${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `file-${i}.js`), sourceFile(i));
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'generated');
  console.log(`generated ${FILES} files and committed them in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  for (let n = 0; n < STAGED; n++) {
    const i = Math.floor((n * FILES) / STAGED);
    appendFileSync(join(repo, 'src', `pkg-${Math.floor(i / 100)}`, `file-${i}.js`), `export const changed${n} = ${n};\n`);
  }
  git(repo, 'add', '-u');
  // The installed hook, in the same repository.
  execFileSync(process.execPath, [BIN, 'hook', 'install'], { cwd: repo, env });
  const hookPath = git(repo, 'rev-parse', '--git-path', 'hooks/pre-commit').trim();

  const commands = {
    'node -e 0': () => time(process.execPath, ['-e', '0']),
    'git diff --cached': () => time('git', ['diff', '--cached'], { cwd: repo }),
    'node + git diff --cached (floor)': () => time(process.execPath, [join(ROOT, 'test/bench/staged-floor.cjs')], { cwd: repo }),
    'rt-guard scan --staged': () => time(process.execPath, [BIN, 'scan', '--staged'], { cwd: repo }),
    'pre-commit hook (no candidate)': () => time('sh', [join(repo, hookPath)], { cwd: repo }),
  };
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  const cpu = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (const run of Object.values(commands)) run(); // warm the page cache
  for (let r = 0; r < RUNS; r++) {
    for (const [name, run] of Object.entries(commands)) {
      const result = run();
      if (result.status !== 0) throw new Error(`${name} exited ${result.status}: ${result.stderr.slice(0, 300)}`);
      samples[name].push(result.ms);
      cpu[name].push(result.cpuMs);
    }
  }
  // One staged key: the hook's slow path (Node starts, finds it, blocks).
  appendFileSync(join(repo, 'src/pkg-0/file-0.js'), `const RUNTYPE_API_KEY = '${key()}';\n`);
  git(repo, 'add', '-u');
  samples['scan --staged (1 key staged)'] = [];
  cpu['scan --staged (1 key staged)'] = [];
  for (let r = 0; r < Math.ceil(RUNS / 2); r++) {
    const result = time(process.execPath, [BIN, 'scan', '--staged'], { cwd: repo });
    if (result.status !== 1) throw new Error(`expected exit 1 with a staged key, got ${result.status}: ${result.stderr.slice(0, 300)}`);
    samples['scan --staged (1 key staged)'].push(result.ms);
    cpu['scan --staged (1 key staged)'].push(result.cpuMs);
  }

  console.log(`\n--staged: ${FILES} files, ${STAGED} staged changes, ${RUNS} runs each (interleaved)`);
  console.log(`${'command'.padEnd(34)}${'wall p50'.padStart(10)}${'wall p95'.padStart(10)}${'cpu p50'.padStart(10)}`);
  for (const [name, values] of Object.entries(samples)) {
    console.log(`${name.padEnd(34)}${fmt(pct(values, 50))}${fmt(pct(values, 95))}${fmt(pct(cpu[name], 50))}`);
  }
  const nodeP50 = pct(samples['node -e 0'], 50);
  const scanP50 = pct(samples['rt-guard scan --staged'], 50);
  const over = scanP50 - nodeP50;
  // Paired: each round runs node -e 0 and scan --staged back to back, so their difference is
  // steadier than the difference of two medians on a machine whose speed drifts.
  const paired = pct(
    samples['rt-guard scan --staged'].map((ms, r) => ms - samples['node -e 0'][r]),
    50,
  );
  const floorOver = pct(
    samples['node + git diff --cached (floor)'].map((ms, r) => ms - samples['node -e 0'][r]),
    50,
  );
  console.log(`floor: a Node process that only runs the same git diff --cached is ${floorOver.toFixed(1)} ms above node -e 0 (paired median)`);
  console.log(
    `scan --staged p50 is ${over.toFixed(1)} ms above node -e 0; median of the paired differences ${paired.toFixed(1)} ms (target ≤ 50 ms): ${over <= 50 && paired <= 50 ? 'MET' : 'NOT MET'}`,
  );
  const cpuOver = pct(cpu['rt-guard scan --staged'], 50) - pct(cpu['node -e 0'], 50);
  if (GNU_TIME) console.log(`scan --staged CPU p50 is ${cpuOver.toFixed(1)} ms above node -e 0 (git diff included)`);
  return { nodeP50, scanP50, over };
}

function historyBench() {
  const repo = join(work, 'history');
  mkdirSync(repo);
  git(repo, 'init', '-q');
  // fast-import: COMMITS commits, each changing 3 of 300 files by ~20 lines; every 50th adds a key.
  const chunks = [];
  const contents = new Map();
  let keys = 0;
  for (let c = 1; c <= COMMITS; c++) {
    chunks.push(
      `commit refs/heads/main\ncommitter Bench <bench@example.invalid> ${1700000000 + c * 60} +0000\ndata 11\ncommit ${String(c).padStart(4, '0')}\n`,
    );
    for (let f = 0; f < 3; f++) {
      const path = `src/mod-${(c * 7 + f * 101) % 300}.js`;
      let text = contents.get(path) ?? '';
      for (let l = 0; l < 20; l++) text += `export const v${c}_${f}_${l} = compute(${c}, ${l}); // update ${c}\n`;
      if (f === 0 && c % 50 === 0) {
        text += `const RUNTYPE_API_KEY = '${key()}';\n`;
        keys++;
      }
      contents.set(path, text);
      const data = Buffer.from(text);
      chunks.push(`M 100644 inline ${path}\ndata ${data.length}\n${text}\n`);
    }
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, env, input: chunks.join('') });
  git(repo, 'checkout', '-q', 'main');

  const runs = Math.max(3, Math.ceil(RUNS / 5));
  const samples = { scan: [], rg: [], log: [] };
  let found = 0;
  for (let r = 0; r < runs; r++) {
    const scan = time(process.execPath, [BIN, 'scan', '--git', '--format', 'json'], { cwd: repo });
    if (scan.status !== 1) throw new Error(`scan --git exited ${scan.status}: ${scan.stderr.slice(0, 300)}`);
    found = JSON.parse(scan.stdout).findings.length;
    samples.scan.push(scan.ms);
    samples.rg.push(time('sh', ['-c', "git log -p --all | rg -c 'rt_(live|test)_[A-Za-z0-9]{16,}' > /dev/null"], { cwd: repo }).ms);
    samples.log.push(time('sh', ['-c', 'git log -p -U0 --all > /dev/null'], { cwd: repo }).ms);
  }
  console.log(`\nhistory: ${COMMITS} commits (${keys} with a key), ${runs} runs each`);
  const rate = (ms) => `${Math.round(COMMITS / (ms / 1000))} commits/s`.padStart(16);
  console.log(`rt-guard scan --git                 ${fmt(pct(samples.scan, 50))}${rate(pct(samples.scan, 50))}  (${found} findings)`);
  console.log(`git log -p | rg (reference)         ${fmt(pct(samples.rg, 50))}${rate(pct(samples.rg, 50))}`);
  console.log(`git log -p -U0 alone                ${fmt(pct(samples.log, 50))}${rate(pct(samples.log, 50))}`);
  if (found !== keys) throw new Error(`expected ${keys} findings in history, got ${found}`);
}

try {
  if (process.env.GIT_BENCH_ONLY !== 'history') stagedBench();
  historyBench();
} finally {
  rmSync(work, { recursive: true, force: true });
}

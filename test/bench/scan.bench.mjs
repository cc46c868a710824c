#!/usr/bin/env node
// Benchmark of `rt-guard scan` (issue 2). Run: `node test/bench/scan.bench.mjs` (or `npm run bench`).
// Needs the built CLI. Generates a deterministic ~200 MB / 20,000-file corpus into test/bench/.corpus/
// (git-ignored, reused), then times, side by side in one run:
//   - rt-guard scan (JSON report to a file), RT_GUARD_THREADS as set (default: one worker per core),
//     as it runs by default (RT_GUARD_PREFILTER unset), reading every file (=off), and with each
//     native prefilter of issue 16 forced (=rg, =git: a native search picks the files Node reads)
//   - the native searches alone (git grep, ripgrep) with rt-guard's prefilter pattern
//   - ripgrep with the same regex over the same files (--hidden, as rt-guard reads dotfiles)
//   - secretlint 12 + @secretlint/secretlint-rule-pattern with the same regex, on a 5% subset only
//     (it takes ~90 s on the whole corpus); rt-guard and ripgrep are timed on that subset too.
//     `--no-secretlint` skips it.
// Each command runs once to warm the page cache, then RUNS times; wall = median, RSS = max
// (`/usr/bin/time -v`, which counts worker threads since they share the process).
// Targets: wall ≤ 1.5× ripgrep, peak RSS ≤ 150 MB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';
import { NATIVE_PATTERN } from './native-pattern.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const BIN = join(ROOT, 'cli/dist/bin.cjs');
const RUNS = Number(process.env.SCAN_BENCH_RUNS ?? 5);
const REGEX = '(?:rt|tv|ct)_(?:live|test)_[A-Za-z0-9]{16,128}|papi_[A-Za-z0-9]{16,128}|a2a_[A-Za-z0-9]{16,128}';
const SECRETLINT = join(ROOT, 'test/node_modules/.bin/secretlint');
const withSecretlint = !process.argv.includes('--no-secretlint') && existsSync(SECRETLINT);

if (!existsSync('/usr/bin/time') || !existsSync('/usr/bin/rg')) {
  console.error('scan.bench: needs /usr/bin/time and /usr/bin/rg (apt-get install -y time ripgrep)');
  process.exit(2);
}
if (!existsSync(BIN)) {
  console.error('scan.bench: build the CLI first (npm run build)');
  process.exit(2);
}
const corpus = ensureCorpus(HERE);
const work = mkdtempSync(join(tmpdir(), 'rt-guard-scan-bench-'));

/** Runs `argv` under /usr/bin/time -v; returns wall seconds, peak RSS MB, exit code, stdout. */
function measure(argv, options = {}) {
  const result = spawnSync('/usr/bin/time', ['-v', ...argv], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (result.status !== 0 && result.status !== 1) throw new Error(`${argv.join(' ')} exited with ${result.status}: ${result.stderr.slice(-500)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(result.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  if (!wall || !rss) throw new Error(`cannot measure ${argv.join(' ')}: ${result.stderr.slice(-500)}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(result.stderr)?.[1] ?? NaN);
  const system = Number(/System time \(seconds\): ([\d.]+)/.exec(result.stderr)?.[1] ?? NaN);
  return { seconds, cpu: user + system, rssMb: Number(rss[1]) / 1024, code: result.status, stdout: result.stdout };
}

function series(name, argv, options, runs = RUNS) {
  measure(argv, options); // warm the page cache
  const samples = Array.from({ length: runs }, () => measure(argv, options));
  const walls = samples.map((s) => s.seconds).sort((a, b) => a - b);
  const cpus = samples.map((s) => s.cpu).sort((a, b) => a - b);
  return {
    name,
    wall: walls[Math.floor(walls.length / 2)],
    cpu: cpus[Math.floor(cpus.length / 2)],
    rssMb: Math.max(...samples.map((s) => s.rssMb)),
    last: samples.at(-1),
  };
}

function compare(title, targets, runs, secretlint = false, floors = false) {
  const out = join(work, 'report.json');
  // The default: RT_GUARD_PREFILTER unset, whatever this shell has.
  const { RT_GUARD_PREFILTER: _prefilter, ...defaultEnv } = process.env;
  const rtGuard = series('rt-guard', [process.execPath, BIN, 'scan', ...targets, '--format', 'json', '-o', out], { env: defaultEnv }, runs);
  const found = JSON.parse(readFileSync(out, 'utf8')).findings.length;
  const rg = series('ripgrep', ['/usr/bin/rg', '--hidden', '--no-messages', '-c', '-e', REGEX, ...targets], {}, runs);
  const rgMatches = rg.last.stdout
    .split('\n')
    .filter(Boolean)
    .reduce((n, l) => n + Number(l.split(':').at(-1)), 0);
  const rows = [
    { ...rtGuard, found },
    { ...rg, found: rgMatches },
  ];
  if (floors) {
    // rt-guard without a native prefilter (reads every file, as before issue 16), and with each one forced.
    for (const [name, prefilter] of [
      ['rt-guard off', 'off'],
      ['rt-guard rg', 'rg'],
      ['rt-guard git', 'git'],
    ]) {
      const env = { ...process.env, RT_GUARD_PREFILTER: prefilter };
      rows.push({ ...series(name, [process.execPath, BIN, 'scan', ...targets, '--format', 'json', '-o', out], { env }, runs), found: NaN });
    }
    // The native search alone, exactly as rt-guard runs it (its pattern; the NUL search is a second, cheaper run).
    const gitGrep = series('git grep', ['git', '-C', targets[0], 'grep', '--no-index', '-a', '-l', '-z', '-P', '-e', NATIVE_PATTERN], {}, runs);
    rows.push({ ...gitGrep, found: gitGrep.last.stdout.split('\0').filter(Boolean).length });
    const rgPre = series('rg prefilter', ['/usr/bin/rg', '--no-config', '-uu', '-a', '-E', 'none', '-l', '-0', '-e', NATIVE_PATTERN, targets[0]], {}, runs);
    rows.push({ ...rgPre, found: rgPre.last.stdout.split('\0').filter(Boolean).length });
    // What Node itself costs for the same walk and reads, with none of rt-guard's work (scan-floor.mjs).
    const floorScript = join(HERE, 'scan-floor.mjs');
    rows.push({ ...series('node floor', [process.execPath, floorScript, ...targets], {}, runs), found: NaN });
    rows.push({ ...series('node floor2', [process.execPath, floorScript, '--processes', '2', ...targets], {}, runs), found: NaN });
  }
  if (secretlint && withSecretlint) {
    const rc = join(work, '.secretlintrc.json');
    writeFileSync(
      rc,
      JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-pattern', options: { patterns: [{ name: 'runtype', pattern: `/${REGEX}/` }] } }] }),
    );
    // --output: secretlint exits before a piped stdout is flushed, which cuts its JSON.
    const slOut = join(work, 'secretlint.json');
    const sl = series(
      'secretlint',
      [SECRETLINT, ...targets.map((t) => `${t}/**/*`), '--secretlintrc', rc, '--format', 'json', '--no-color', '--output', slOut],
      { cwd: join(ROOT, 'test') },
      1,
    );
    let slFound = 0;
    try {
      slFound = JSON.parse(readFileSync(slOut, 'utf8')).reduce((n, file) => n + file.messages.length, 0);
    } catch {
      slFound = NaN;
    }
    rows.push({ ...sl, found: slFound });
  }
  console.log(`\n${title}`);
  // CPU time (user + system) is printed too: on a shared machine it is steadier than wall time.
  console.log('tool        wall (s)   × ripgrep   cpu (s)   × ripgrep   peak RSS (MB)   matches');
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(11)} ${row.wall.toFixed(3).padStart(8)}   ${(row.wall / rg.wall).toFixed(2).padStart(9)}   ${row.cpu.toFixed(2).padStart(7)}   ${(row.cpu / rg.cpu).toFixed(2).padStart(9)}   ${row.rssMb.toFixed(0).padStart(13)}   ${(Number.isNaN(row.found) ? '-' : String(row.found)).padStart(7)}`,
    );
  }
  return { rtGuard, rg, rows, found };
}

console.log(
  `scan.bench: load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} on ${(await import('node:os')).availableParallelism()} cores; corpus ${corpus.files} files, ${(corpus.bytes / 1048576).toFixed(0)} MiB, ${corpus.planted} planted keys; ${RUNS} runs after one warm-up; ${process.env.RT_GUARD_THREADS ? `RT_GUARD_THREADS=${process.env.RT_GUARD_THREADS}` : 'default threads'}`,
);
const full = compare(
  'Full corpus (node floor: walk + open/read/close + one search per file, nothing else; floor2: the same in two processes)',
  [corpus.dir],
  RUNS,
  false,
  true,
);
const nodeFloor = full.rows.find((row) => row.name === 'node floor');
const row = (name) => full.rows.find((r) => r.name === name);
console.log(
  `rt-guard / node floor: ${(full.rtGuard.wall / nodeFloor.wall).toFixed(2)}x; node floor / ripgrep: ${(nodeFloor.wall / full.rg.wall).toFixed(2)}x (the target, 1.5x ripgrep, is ${(1.5 * full.rg.wall).toFixed(2)} s)`,
);
const subset = compare(
  `Subset (pkg-000…pkg-009, 1,000 files, 5%)${withSecretlint ? ' with secretlint' : ''}`,
  Array.from({ length: 10 }, (_, i) => join(corpus.dir, `pkg-00${i}`)),
  3,
  true,
);
const ok = full.found === corpus.planted;
const summary = {
  files: corpus.files,
  mib: Math.round(corpus.bytes / 1048576),
  rtGuardWallS: Number(full.rtGuard.wall.toFixed(3)),
  ripgrepWallS: Number(full.rg.wall.toFixed(3)),
  nodeFloorWallS: Number(nodeFloor.wall.toFixed(3)),
  gitGrepWallS: Number(row('git grep').wall.toFixed(3)),
  rtGuardGitWallS: Number(row('rt-guard git').wall.toFixed(3)),
  rtGuardOffWallS: Number(row('rt-guard off').wall.toFixed(3)),
  rtGuardOffCpuS: Number(row('rt-guard off').cpu.toFixed(2)),
  rtGuardRgWallS: Number(row('rt-guard rg').wall.toFixed(3)),
  rtGuardRgCpuS: Number(row('rt-guard rg').cpu.toFixed(2)),
  rtGuardGitCpuS: Number(row('rt-guard git').cpu.toFixed(2)),
  ratio: Number((full.rtGuard.wall / full.rg.wall).toFixed(2)),
  rtGuardCpuS: Number(full.rtGuard.cpu.toFixed(2)),
  ripgrepCpuS: Number(full.rg.cpu.toFixed(2)),
  loadAverage: (await import('node:os')).loadavg()[0].toFixed(1),
  rtGuardPeakRssMb: Math.round(full.rtGuard.rssMb),
  plantedFound: `${full.found}/${corpus.planted}`,
  targets: { ratio: '≤ 1.5', rss: '≤ 150 MB' },
  meetsRatio: full.rtGuard.wall / full.rg.wall <= 1.5,
  meetsRss: full.rtGuard.rssMb <= 150,
  subset: Object.fromEntries(
    subset.rows.map((r) => [r.name, { wallS: Number(r.wall.toFixed(3)), cpuS: Number(r.cpu.toFixed(2)), rssMb: Math.round(r.rssMb) }]),
  ),
};
console.log(`\n${JSON.stringify(summary, null, 2)}`);
rmSync(work, { recursive: true, force: true });
if (!ok) {
  console.error(`scan.bench: expected ${corpus.planted} findings, got ${full.found}`);
  process.exitCode = 1;
}

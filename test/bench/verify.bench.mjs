#!/usr/bin/env node
// Benchmark of `scan --verify` (issue 4). Run: `node test/bench/verify.bench.mjs` (or `npm run bench -- verify`).
// Needs the built CLI (`npm run build -w cli`).
//
// 1,000 distinct live keys in 100 files, the emulator answering with 20 ms latency per request.
// Target: the first `rt-guard scan --verify` (default concurrency 8) verifies them all in ≤ 3 s
// wall time, process start included. Then a second scan must be answered from the disk cache with
// 0 API requests. Also reported: concurrency 16, and a scan without --verify for the baseline.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'cli/dist/bin.cjs');
const KEYS = Number(process.env.VERIFY_BENCH_KEYS ?? 1000);
const LATENCY = Number(process.env.VERIFY_BENCH_LATENCY_MS ?? 20);
const TARGET_MS = 3000;
// Extra node flags for the CLI runs, e.g. VERIFY_BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile.
const NODE_ARGS = (process.env.VERIFY_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

if (!existsSync(BIN)) {
  console.error('verify.bench: build the CLI first (npm run build -w cli)');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'rt-guard-verify-bench-'));
const emulator = await startEmulator({ faults: { latencyMs: LATENCY } });
let failed = false;
try {
  const dir = join(work, 'project');
  mkdirSync(dir);
  const perFile = 10;
  const minted = [];
  for (let f = 0; f < KEYS / perFile; f++) {
    const lines = [];
    for (let i = 0; i < perFile; i++) {
      const key = emulator.mintKey({ name: `Bench ${f}-${i}` }).plainKey;
      minted.push(key);
      lines.push(`RUNTYPE_API_KEY_${i}=${key}`);
    }
    writeFileSync(join(dir, `service-${f}.env`), `${lines.join('\n')}\n`);
  }

  // Async spawn: the emulator lives in this process, so its event loop must keep running.
  // CPU seconds (user+sys) of the CLI via /usr/bin/time when present: on a machine shared with other
  // work, wall time says little, CPU time says what the verification itself costs.
  const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const run = (args, env) =>
    new Promise((resolveRun, reject) => {
      const [cmd, argv] = TIME ? [TIME, ['-f', 'CPU %U %S', process.execPath, ...args]] : [process.execPath, args];
      const child = spawn(cmd, argv, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const chunks = [];
      let stderr = '';
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => (stderr += c));
      child.once('error', reject);
      child.once('exit', (status) => {
        const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(stderr);
        resolveRun({ status, stderr, stdout: Buffer.concat(chunks), cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined });
      });
    });
  // The least any Node client can do here: verify-floor-client.mjs, a bare undici loop.
  const floorClient = (keys, concurrency) =>
    new Promise((resolveFloor, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn(process.execPath, [join(ROOT, 'test/bench/verify-floor-client.mjs'), emulator.url, String(concurrency)], {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.once('error', reject);
      child.once('exit', (status) => {
        if (status !== 0) return reject(new Error(`floor client exited ${status}`));
        resolveFloor({ processMs: Number(process.hrtime.bigint() - started) / 1e6, loopMs: JSON.parse(out).ms });
      });
      child.stdin.end(JSON.stringify(keys));
    });
  const scan = async (label, args, cacheDir) => {
    emulator.resetStats();
    const env = { PATH: process.env.PATH, HOME: work, RUNTYPE_API_URL: emulator.url, RT_GUARD_CACHE_DIR: cacheDir };
    const started = process.hrtime.bigint();
    const result = await run([...NODE_ARGS, BIN, 'scan', '--format', 'json', ...args, '.'], env);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.stdout.length === 0) throw new Error(`rt-guard ${args.join(' ')} printed nothing (exit ${result.status}): ${result.stderr}`);
    const report = JSON.parse(result.stdout.toString());
    const statuses = {};
    for (const f of report.findings) statuses[f.verification?.status ?? 'none'] = (statuses[f.verification?.status ?? 'none'] ?? 0) + 1;
    const cpu = result.cpuMs === undefined ? '' : `  cpu ${`${result.cpuMs.toFixed(0)} ms`.padStart(8)}`;
    console.log(
      `${label.padEnd(44)} ${`${ms.toFixed(0)} ms`.padStart(9)}${cpu}  requests ${String(emulator.requestCount).padStart(5)}  findings ${JSON.stringify(statuses)}`,
    );
    return { ms, cpuMs: result.cpuMs, requests: emulator.requestCount, statuses, exit: result.status };
  };

  console.log(
    `${KEYS} distinct keys, emulator latency ${LATENCY} ms per request, node ${process.version}, load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`,
  );
  const baseline = await scan('scan without --verify (baseline)', [], join(work, 'cache-none'));
  const first = await scan('scan --verify, cold cache (concurrency 8)', ['--verify'], join(work, 'cache-a'));
  const second = await scan('scan --verify, warm cache', ['--verify'], join(work, 'cache-a'));
  const floor = await floorClient(minted, 8);
  console.log(
    `${'floor: bare undici loop, same keys (concurrency 8)'.padEnd(44)} ${`${floor.processMs.toFixed(0)} ms`.padStart(9)}  (requests alone ${floor.loopMs.toFixed(0)} ms; node start-up included)`,
  );
  await scan('scan --verify, cold cache (concurrency 16)', ['--verify', '--concurrency', '16'], join(work, 'cache-b'));

  console.log(
    `verification cost over the baseline scan: ${(first.ms - baseline.ms).toFixed(0)} ms wall` +
      (first.cpuMs === undefined ? '' : `, ${(first.cpuMs - baseline.cpuMs).toFixed(0)} ms CPU in the CLI`) +
      ` (floor at concurrency 8: ${Math.ceil(KEYS / 8) * LATENCY} ms of emulator latency)`,
  );
  const okFirst = first.ms <= TARGET_MS && first.statuses.live === KEYS && first.requests === KEYS;
  const okSecond = second.requests === 0 && second.statuses.live === KEYS;
  console.log(
    `rt-guard scan --verify / bare client floor: ${(first.ms / floor.processMs).toFixed(2)}x (${(first.ms - floor.processMs).toFixed(0)} ms more, for start-up of the CLI, the scan of ${KEYS / perFile} files, parsing and the report)`,
  );
  console.log(
    `target: first verify ≤ ${TARGET_MS} ms with ${KEYS} live → ${okFirst ? 'PASS' : 'FAIL'} (${first.ms.toFixed(0)} ms, ${first.requests} requests)`,
  );
  console.log(`target: second scan sends 0 requests → ${okSecond ? 'PASS' : 'FAIL'} (${second.requests} requests)`);
  failed = !okFirst || !okSecond;
} finally {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;

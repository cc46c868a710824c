#!/usr/bin/env node
// Benchmark of the agent hooks (issue 13): what one hook run costs an agent, measured as the agent
// runs it: the installed command under `sh -c`, the event JSON on stdin, the project as cwd.
// Run: `npm run bench -- agent` (needs the built CLI: `npm run build -w cli`). Next to it, in the
// same run and interleaved: `node -e 0` (one bare Node start, the floor) and `sh -c 'node -e 0'`.
// Target: p50 of a hook run ≤ about one Node start more than the floor (issue 13: "about one Node start").
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBase62 } from '../helpers/random-base62.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'cli/dist/bin.cjs');
const RUNS = Number(process.env.AGENT_BENCH_RUNS ?? 31);
const work = mkdtempSync(join(tmpdir(), 'rt-guard-agent-bench-'));
const project = join(work, 'project');
mkdirSync(project);
const env = { PATH: [dirname(process.execPath), '/usr/bin', '/bin'].join(':'), HOME: work, LC_ALL: 'C', CLAUDE_PROJECT_DIR: project };
execFileSync('git', ['init', '-q'], { cwd: project, env });
writeFileSync(join(project, '.gitignore'), '.env\n');
execFileSync(process.execPath, [BIN, 'agent', 'install', '--claude-code'], { cwd: project, env });
const settings = JSON.parse(readFileSync(join(project, '.claude/settings.json'), 'utf8'));
const command = settings.hooks.PreToolUse[0].hooks[0].command;

const key = 'rt_live_' + randomBase62(32);
// A realistic prompt (~4 KB of pasted code) and a 200 KB Write: the hook's scan cost on top of its start.
const code = Array.from({ length: 80 }, (_, i) => `export function handler${i}(event) { return fetch(url + event.path, { headers }); }`).join('\n');
const cases = {
  'prompt, no key (4 KB)': { hook_event_name: 'UserPromptSubmit', prompt: `Why does this fail?\n${code}`, cwd: project },
  'prompt with a key': { hook_event_name: 'UserPromptSubmit', prompt: `Why does this fail?\nconst key = "${key}";\n${code}`, cwd: project },
  'Bash, no key': { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test -- --run' }, cwd: project },
  'Write 200 KB, no key': {
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: join(project, 'src/big.ts'), content: code.repeat(30) },
    cwd: project,
  },
  'Write key into git-ignored .env': {
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: join(project, '.env'), content: `RUNTYPE_API_KEY=${key}\n` },
    cwd: project,
  },
};

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuFile = join(work, 'cpu.txt');
function time(argv, input) {
  const [program, args] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, ...argv]] : [argv[0], argv.slice(1)];
  const start = process.hrtime.bigint();
  const result = spawnSync(program, args, { cwd: project, env, input: input ?? '' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpuMs = GNU_TIME
    ? readFileSync(cpuFile, 'utf8')
        .trim()
        .split('\n')
        .pop()
        .split(' ')
        .map(Number)
        .reduce((a, b) => a + b, 0) * 1000
    : NaN;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, cpuMs, stdout: result.stdout.toString() };
}
const pct = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const fmt = (ms) => `${ms.toFixed(1)} ms`.padStart(10);

const rows = { 'node -e 0': [], "sh -c 'node -e 0'": [], ...Object.fromEntries(Object.keys(cases).map((name) => [name, []])) };
for (let i = 0; i < RUNS; i++) {
  rows['node -e 0'].push(time([process.execPath, '-e', '0']));
  rows["sh -c 'node -e 0'"].push(time(['sh', '-c', `'${process.execPath}' -e 0`]));
  for (const [name, event] of Object.entries(cases)) {
    const run = time(['sh', '-c', command], JSON.stringify(event));
    if (i === 0) console.log(`${name}: ${run.stdout.trim() ? 'answered ' + JSON.stringify(JSON.parse(run.stdout)).slice(0, 60) + '…' : 'allowed (no output)'}`);
    if (run.stdout.includes(key)) throw new Error('a full key reached the output');
    rows[name].push(run);
  }
}
console.log(`\n${RUNS} runs each, interleaved; wall p50 / p95, CPU p50 (user+sys)`);
const floor = pct(
  rows['node -e 0'].map((r) => r.ms),
  50,
);
for (const [name, list] of Object.entries(rows)) {
  const p50 = pct(
    list.map((r) => r.ms),
    50,
  );
  console.log(
    `${name.padEnd(34)} ${fmt(p50)} ${fmt(
      pct(
        list.map((r) => r.ms),
        95,
      ),
    )} ${fmt(
      pct(
        list.map((r) => r.cpuMs),
        50,
      ),
    )}   ${(p50 / floor).toFixed(2)}× node -e 0`,
  );
}
rmSync(work, { recursive: true, force: true });

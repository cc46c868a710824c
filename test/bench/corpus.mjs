// Deterministic benchmark corpus: ~200 MB in ~20,000 source-like files with near-misses and a few
// planted keys, written to test/bench/.corpus/ (git-ignored) and reused when already complete.
// Keys are generated here from a seeded PRNG, so none is ever committed.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBase62 } from '../helpers/random-base62.mjs';

export const CORPUS_VERSION = 5;
export const DIRS = 200;
export const FILES_PER_DIR = 100;
export const PLANTED = 12;

function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'const',
  'let',
  'return',
  'function',
  'import',
  'export',
  'await',
  'client',
  'request',
  'response',
  'config',
  'value',
  'items',
  'index',
  'runtype',
  'flow',
  'record',
  'agent',
  'handler',
  'options',
  'error',
  'result',
  'token',
  'live',
  'test',
  'apiKey',
  'header',
  'user',
  'session',
];
// Near-misses: prefixes that must be looked at and then rejected (placeholders, identifiers, short bodies).
// Built from parts so this file never spells a key-shaped literal.
const NEAR_MISSES = [
  'RUNTYPE_API_KEY=rt_' + 'live_your_api_key_here',
  'apiKey: "rt_' + 'test_abc123..."',
  'const prefix = "rt_' + 'live_";',
  'function rt_' + 'test_' + 'handlesExpiredKeysGracefully() {}',
  'my_rt_' + 'live_' + 'Q7mK9m2ZpR4tW8vBx3Ln = 1',
  'key = "rt_' + 'test_' + 'short12"',
  '// docs: rt_' + 'live_... and rt_' + 'test_xxx',
  'papi_' + 'version = 2; a2a_' + 'enabled = true',
  'ct_' + 'live_' + 'your_client_token',
];

function line(random) {
  if (random() < 0.004) return NEAR_MISSES[Math.floor(random() * NEAR_MISSES.length)];
  const n = 4 + Math.floor(random() * 10);
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(WORDS[Math.floor(random() * WORDS.length)]);
  const indent = '  '.repeat(Math.floor(random() * 4));
  return `${indent}${parts.join(random() < 0.5 ? ' ' : '.')}(${Math.floor(random() * 1e6)});`;
}

function key(random, prefix) {
  const body = randomBase62(32, (n) => Math.floor(random() * n));
  return prefix + body + '7'; // a digit, so no body is a word-only identifier
}

/** Builds the corpus if missing; returns { dir, files, bytes, planted }. */
export function ensureCorpus(root) {
  const dir = join(root, '.corpus');
  const stamp = join(dir, 'STAMP.json');
  if (existsSync(stamp)) {
    const info = JSON.parse(readFileSync(stamp, 'utf8'));
    if (info.version === CORPUS_VERSION) return { dir, ...info };
  }
  rmSync(dir, { recursive: true, force: true });
  const random = prng(20261127);
  const extensions = ['ts', 'js', 'py', 'json', 'md', 'yaml', 'go', 'env'];
  const plantAt = new Set();
  while (plantAt.size < PLANTED) plantAt.add(Math.floor(random() * DIRS * FILES_PER_DIR));
  let files = 0;
  let bytes = 0;
  for (let d = 0; d < DIRS; d++) {
    const sub = join(dir, `pkg-${String(d).padStart(3, '0')}`);
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < FILES_PER_DIR; f++) {
      const id = d * FILES_PER_DIR + f;
      // Sizes spread like source files: mostly a few KB, some large.
      const target = Math.floor(1500 + random() * 12000 + (random() < 0.05 ? 50000 : 0));
      const lines = [];
      let size = 0;
      while (size < target) {
        const l = line(random);
        lines.push(l);
        size += l.length + 1;
      }
      if (plantAt.has(id)) {
        const prefix = random() < 0.5 ? 'rt_live_' : 'rt_test_';
        lines.splice(Math.floor(random() * lines.length), 0, `RUNTYPE_API_KEY="${key(random, prefix)}"`);
      }
      const text = `${lines.join('\n')}\n`;
      writeFileSync(join(sub, `file-${String(f).padStart(3, '0')}.${extensions[id % extensions.length]}`), text);
      files++;
      bytes += Buffer.byteLength(text);
    }
  }
  const info = { version: CORPUS_VERSION, files, bytes, planted: PLANTED };
  writeFileSync(stamp, JSON.stringify(info));
  return { dir, ...info };
}

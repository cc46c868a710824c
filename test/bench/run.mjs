#!/usr/bin/env node
// `npm run bench`: runs every test/bench/*.bench.mjs in turn, each in its own process (so one's
// memory does not count against another's), and prints their output. Arguments are passed on,
// e.g. `npm run bench -- --no-secretlint`. `npm run bench -- scan` runs only names containing "scan".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const flags = process.argv.slice(2).filter((arg) => arg.startsWith('-'));
const benches = readdirSync(HERE)
  .filter((name) => name.endsWith('.bench.mjs'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();
let failed = 0;
for (const name of benches) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(HERE, name), ...flags], { stdio: 'inherit' });
  console.log(`=== ${name}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;

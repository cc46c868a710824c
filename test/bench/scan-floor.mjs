#!/usr/bin/env node
// The floor for scan.bench.mjs: the least Node itself can do for the same job, with none of
// rt-guard's work. Walks the folders (readdir, skipping .git and node_modules), then reads each
// file into one reused buffer (open, read, close) and searches it for "rt_" once.
// `node scan-floor.mjs <dir>`: one thread. `--processes 2 <dir>`: two processes, each taking every
// other top-level folder (both cores, no coordination). Prints the files read and hits found.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const processes = args[0] === '--processes' ? Number(args[1]) : 1;
const root = args.at(-1);
const part = process.env.SCAN_FLOOR_PART === undefined ? undefined : Number(process.env.SCAN_FLOOR_PART);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

if (processes > 1 && part === undefined) {
  const children = Array.from(
    { length: processes },
    (_, i) =>
      new Promise((resolve) =>
        spawn(process.execPath, [process.argv[1], root], { env: { ...process.env, SCAN_FLOOR_PART: `${i}/${processes}` }, stdio: 'inherit' }).once(
          'exit',
          resolve,
        ),
      ),
  );
  await Promise.all(children);
} else {
  const [index, count] = part === undefined ? [0, 1] : String(process.env.SCAN_FLOOR_PART).split('/').map(Number);
  const buffer = Buffer.allocUnsafe(8 << 20);
  const needle = Buffer.from('rt_');
  let files = 0;
  let hits = 0;
  const tops = readdirSync(root, { withFileTypes: true }).filter((_, i) => i % count === index);
  for (const top of tops) {
    const paths = top.isDirectory() ? walk(join(root, top.name)) : top.isFile() ? [join(root, top.name)] : [];
    for (const path of paths) {
      const fd = openSync(path, 'r');
      const length = readSync(fd, buffer, 0, buffer.length, null);
      closeSync(fd);
      files++;
      if (buffer.subarray(0, length).indexOf(needle) !== -1) hits++;
    }
  }
  process.stdout.write(`${files} files, ${hits} with "rt_"\n`);
}

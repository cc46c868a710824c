#!/usr/bin/env node
// The floor for git.bench.mjs: the least a Node process can do for `scan --staged`. It starts the
// same `git diff --cached` as rt-guard (same flags), reads its output and exits: no scanning, no
// config, no report. CommonJS, like rt-guard's entry point.
const { spawn } = require('node:child_process');

const child = spawn(
  'git',
  [
    '-c',
    'core.quotePath=false',
    '-c',
    'color.ui=false',
    '-c',
    'diff.noprefix=false',
    '-c',
    'diff.mnemonicPrefix=false',
    '-c',
    'core.fsmonitor=false',
    'diff',
    '--cached',
    '-U0',
    '--full-index',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--no-relative',
    '-M',
    '--src-prefix=a/',
    '--dst-prefix=b/',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let bytes = 0;
child.stdout.on('data', (chunk) => (bytes += chunk.length));
child.on('close', (code) => {
  process.exitCode = code === 0 && bytes >= 0 ? 0 : 2;
});

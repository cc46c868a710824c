import { writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: !production,
  // Always minified: parsing half the bytes saves ~50 ms of start-up on every command and hook run.
  // keepNames keeps class names, which error `name`s are built from.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
  banner: {
    // Shebang for the bin, and `require` for bundled CommonJS dependencies.
    js: "#!/usr/bin/env node\nimport { createRequire as __rtCreateRequire } from 'node:module';\nconst require = __rtCreateRequire(import.meta.url);",
  },
};

const builds = [
  // bin.cjs: a tiny entry that starts git for a commit-time check, then loads main.cjs (bin.ts).
  // main.cjs stays one self-contained file: it answers a clean `scan --staged` / hook run on every
  // commit without loading the full CLI, and imports dist/cli.js only when it has to. Both are
  // CommonJS because Node starts a CommonJS file ~10 ms sooner than an ES module.
  ...['bin', 'main'].map((name) => ({
    ...common,
    format: 'cjs',
    entryPoints: { [name]: `src/${name}.ts` },
    outExtension: { '.js': '.cjs' },
    external: ['./main.cjs'],
    define: { 'import.meta.url': '__rtImportMetaUrl' },
    banner: { js: "#!/usr/bin/env node\nconst __rtImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  })),
  // The scan worker (loaded by worker_threads from dist/) is self-contained, so threads start fast.
  { ...common, entryPoints: { 'scan-worker': 'src/sources/scan-worker.ts' } },
  // The full CLI. Splitting puts lazily imported modules (undici, loaded on the first API request)
  // into chunks/, so commands that never call the API do not pay for evaluating them.
  {
    ...common,
    entryPoints: { cli: 'src/run.ts' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // Hooks installed by rt-guard 0.1 ran dist/bin.js: keep that path working.
  writeFileSync('dist/bin.js', "// Former entry point, kept for git hooks installed by older versions.\nimport './bin.cjs';\n");
}

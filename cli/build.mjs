import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const options = {
  // The scan worker is a second entry: worker_threads load it from dist/ beside bin.js.
  // bin.js is small (the `scan --staged` fast path); it loads the full CLI, cli.js, only when needed.
  entryPoints: { bin: 'src/bin.ts', cli: 'src/run.ts', 'scan-worker': 'src/sources/scan-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  banner: {
    // Shebang for the bin, and `require` for bundled CommonJS dependencies.
    js: "#!/usr/bin/env node\nimport { createRequire as __rtCreateRequire } from 'node:module';\nconst require = __rtCreateRequire(import.meta.url);",
  },
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}

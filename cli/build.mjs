import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

// Flags: --watch (rebuild on change). The same bytes are built with or without --production (no
// source maps either way), so `npm pack`'s prepack build never changes a dist/ another process runs.
const watch = process.argv.includes('--watch');
const here = dirname(fileURLToPath(import.meta.url));
const DIST = join(here, 'dist');

/** @type {esbuild.BuildOptions} */
const common = {
  absWorkingDir: here,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  // Always minified: parsing half the bytes saves ~50 ms of start-up on every command and hook run.
  // keepNames keeps class names, which error `name`s are built from.
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    // Shebang for the bin, and `require` for bundled CommonJS dependencies.
    js: "#!/usr/bin/env node\nimport { createRequire as __rtCreateRequire } from 'node:module';\nconst require = __rtCreateRequire(import.meta.url);",
  },
};

/** Resolves imports of source files matching `filter` to `file`, an output of another build (left external). */
function externalFile(filter, file) {
  return { name: 'external-file', setup: (build) => build.onResolve({ filter }, () => ({ path: file, external: true })) };
}

// CommonJS entry points: Node starts a CommonJS file ~10 ms sooner than an ES module.
const commonJs = {
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__rtImportMetaUrl' },
  banner: { js: "#!/usr/bin/env node\nconst __rtImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

const builds = [
  // bin.cjs: the entry point (bin.ts). It answers a clean `scan --staged` / hook run itself and
  // imports dist/cli.js (a computed specifier esbuild leaves alone) for everything else.
  { ...commonJs, entryPoints: { bin: 'src/bin.ts' } },
  // agent-hook.cjs: what AI agent hooks run on every prompt and tool call (agent/hook-main.ts), one
  // file with what deciding allow/block needs. Two parts load only when needed, from files of their
  // own (inside one bundle, esbuild would evaluate them with the rest of core on every run):
  // parsing a config file (zod, ~3 ms) from agent-config.cjs, and verifying a leaked key with
  // RUNTYPE_ADMIN_TOKEN (the API client, undici: ~5 ms just to parse) from agent-verify.js, an entry
  // of the full CLI's build.
  {
    ...commonJs,
    entryPoints: { 'agent-hook': 'src/agent/hook-main.ts' },
    plugins: [externalFile(/\/sources\/load-config\.ts$/, './agent-config.cjs'), externalFile(/\/verify-leak\.ts$/, './agent-verify.js')],
  },
  { ...commonJs, entryPoints: { 'agent-config': 'src/sources/load-config.ts' } },
  // The scan worker (loaded by worker_threads from dist/) is self-contained, so threads start fast.
  { ...common, entryPoints: { 'scan-worker': 'src/sources/scan-worker.ts' } },
  // The full CLI. Splitting puts lazily imported modules (undici, loaded on the first API request)
  // into chunks/, so commands that never call the API do not pay for evaluating them.
  {
    ...common,
    entryPoints: { cli: 'src/run.ts', 'agent-verify': 'src/agent/verify-leak.ts' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  },
];

/**
 * Writes what changed, each file atomically (a temporary file renamed over it), chunks before the
 * entry points that import them, and removes whatever an older build left (stale chunks, maps): a
 * CLI that another process is running at that moment (a test, a git hook) never reads half a file,
 * and `npm pack` ships exactly this build.
 */
function writeOutputs(files) {
  const rank = (path) => (path.includes(`${join('dist', 'chunks')}`) ? 0 : path.endsWith('bin.cjs') ? 2 : 1);
  const sorted = [...files].sort((a, b) => rank(a.path) - rank(b.path));
  for (const { path, contents } of sorted) {
    const bytes = Buffer.from(contents);
    if (existsSync(path) && readFileSync(path).equals(bytes)) continue;
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, bytes, { mode: path.endsWith('.cjs') ? 0o755 : 0o644 });
    renameSync(temporary, path);
  }
  const keep = new Set(files.map((file) => resolve(file.path)));
  for (const entry of readdirSync(DIST, { recursive: true, withFileTypes: true })) {
    const path = resolve(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !keep.has(path)) rmSync(path, { force: true });
  }
  return sorted.map(({ path }) => relative(here, path));
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build({ ...options, write: false })));
  const files = results.flatMap((result) => result.outputFiles.map(({ path, contents }) => ({ path, contents })));
  writeOutputs(files);
}

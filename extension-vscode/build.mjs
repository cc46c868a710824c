// Bundles the extension (and, with --tests, the in-host integration tests) with esbuild:
// cjs, platform node, `vscode` provided by the host. `--watch` rebuilds, `--production` minifies.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const args = new Set(process.argv.slice(2));
const production = args.has('--production');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

const builds = [{ ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' }];
if (args.has('--tests')) {
  builds.push({
    ...common,
    entryPoints: { index: '../test/e2e/vscode/suite/index.ts' },
    outdir: '../test/e2e/vscode/.out',
    // test/package.json says "type": "module"; the host loads tests with require().
    outExtension: { '.js': '.cjs' },
    // mocha is loaded from node_modules at run time (it requires its own files dynamically).
    external: ['vscode', 'mocha'],
  });
}

/**
 * The extension ships its own rt-guard CLI (dist/cli/, a copy of cli/dist without source maps) for
 * the pre-commit hook: a hook must never run a `node_modules/.bin/rt-guard` the repository ships
 * (issue 10). cli/dist's .js files are ES modules, hence the package.json saying so.
 */
function copyCli() {
  const cliDist = join(root, '../cli/dist');
  if (!existsSync(join(cliDist, 'bin.cjs'))) execFileSync(process.execPath, ['build.mjs'], { cwd: join(root, '../cli'), stdio: 'inherit' });
  const target = join(root, 'dist/cli');
  rmSync(target, { recursive: true, force: true });
  cpSync(cliDist, target, { recursive: true, filter: (source) => !source.endsWith('.map') });
  writeFileSync(join(target, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);
}

if (args.has('--watch')) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  copyCli();
}

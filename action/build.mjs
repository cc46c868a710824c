// Builds the GitHub Action's single-file bundle, action/dist/index.cjs (committed: GitHub runs it
// as is, with no install step). Run `npm run build:action` after changing action/, cli/src or core/src
// and commit the result; test/action/bundle-fresh.test.ts fails while the committed file is stale.
// Flag: --outfile <path> builds elsewhere (the freshness test compares such a build).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--outfile');
const outfile = at === -1 ? join(root, 'action/dist/index.cjs') : resolve(process.argv[at + 1]);

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['action/src/main.ts'],
  outfile,
  write: false,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  keepNames: true,
  legalComments: 'eof',
  logLevel: 'warning',
  define: { 'import.meta.url': '__rtImportMetaUrl' },
  banner: { js: "const __rtImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const [output] = result.outputFiles;
mkdirSync(dirname(outfile), { recursive: true });
writeFileSync(`${outfile}.tmp`, output.contents);
renameSync(`${outfile}.tmp`, outfile);

// Builds the extension for Chrome and Firefox from one manifest:
//   dist/chrome/, dist/firefox/ (unpacked) and dist/rt-guard-<browser>-<version>.zip (store uploads).
// Flags: --watch (rebuild on change, no zips), --production (no source maps),
//   --emulator: dist/emulator/{chrome,firefox}, a test build that may also call the local API
//   emulator (http://127.0.0.1, http://localhost); no zips. The store build never can.
import { build, context } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIcon } from './scripts/icon.mjs';
import { zipDirectory } from './scripts/zip.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const isWatch = process.argv.includes('--watch');
const isProduction = process.argv.includes('--production');
const isEmulator = process.argv.includes('--emulator');
const manifest = withEmulatorHosts(JSON.parse(readFileSync(join(here, 'src/manifest.json'), 'utf8')), isEmulator);
const distOf = (browser) => (isEmulator ? join(here, 'dist', 'emulator', browser) : join(here, 'dist', browser));

/** The emulator build's manifest: the store manifest plus local hosts in host_permissions and connect-src. */
function withEmulatorHosts(base, isEmulatorBuild) {
  if (!isEmulatorBuild) return base;
  const local = ['http://127.0.0.1', 'http://localhost'];
  const csp = base.content_security_policy.extension_pages.replace(
    /connect-src ([^;]*)/,
    (_all, hosts) => `connect-src ${hosts} ${local.map((h) => `${h}:*`).join(' ')}`,
  );
  return {
    ...base,
    host_permissions: [...base.host_permissions, ...local.map((h) => `${h}/*`)],
    content_security_policy: { ...base.content_security_policy, extension_pages: csp },
  };
}
const BROWSERS = ['chrome', 'firefox'];

// One entry per extension context (style guide §8). All IIFE: content scripts and Firefox
// background scripts cannot be modules.
const entryPoints = {
  background: 'src/background/index.ts',
  content: 'src/content/index.ts',
  'popup/popup': 'src/popup/popup.ts',
  'options/options': 'src/options/options.ts',
  'rotate/rotate': 'src/rotate/rotate.ts',
};

function copyStatic(out) {
  mkdirSync(join(out, 'popup'), { recursive: true });
  mkdirSync(join(out, 'options'), { recursive: true });
  mkdirSync(join(out, 'rotate'), { recursive: true });
  mkdirSync(join(out, 'icons'), { recursive: true });
  cpSync(join(here, 'src/popup/popup.html'), join(out, 'popup/popup.html'));
  cpSync(join(here, 'src/options/options.html'), join(out, 'options/options.html'));
  cpSync(join(here, 'src/rotate/rotate.html'), join(out, 'rotate/rotate.html'));
  cpSync(join(here, 'src/ui.css'), join(out, 'ui.css'));
  for (const size of [16, 48, 128]) writeFileSync(join(out, `icons/icon-${size}.png`), createIcon(size));
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

function options(browser) {
  return {
    absWorkingDir: here,
    entryPoints,
    outdir: distOf(browser),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: browser === 'chrome' ? ['chrome120'] : ['firefox128'],
    sourcemap: isProduction ? false : 'linked',
    // Readable output: store reviewers read it, and it is small enough.
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
  };
}

if (isWatch) {
  for (const browser of BROWSERS) {
    const out = distOf(browser);
    mkdirSync(out, { recursive: true });
    copyStatic(out);
    const ctx = await context(options(browser));
    await ctx.watch();
  }
  console.log('rt-guard-browser: watching src/ for changes');
} else {
  for (const browser of BROWSERS) {
    const out = distOf(browser);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    await build(options(browser));
    copyStatic(out);
    if (isEmulator) continue;
    const zip = join(here, 'dist', `rt-guard-${browser}-${manifest.version}.zip`);
    writeFileSync(
      zip,
      zipDirectory(out, (path) => !path.endsWith('.map')),
    );
  }
  console.log(
    isEmulator
      ? 'rt-guard-browser: built the emulator test build in dist/emulator/{chrome,firefox} (not for the stores)'
      : `rt-guard-browser: built dist/chrome, dist/firefox and their zips (${manifest.version})`,
  );
}

// The editor and browser artifacts as users and stores get them: `npm run package` builds the VSIX
// and the store zips; the VSIX meets Open VSX's (and the VS Code Marketplace's) requirements, the
// Firefox zip passes `web-ext lint`, the Chrome zip loads in real Chromium, and the VSIX installs in a real
// VS Code (code-server, as `code --install-extension` does). The VS Code e2e test runs the installed extension.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir, ROOT } from '../git/helpers.ts';
import { chromiumArgs } from '../e2e/browser/harness.ts';
import { ENTRY, NODE24 } from '../e2e/vscode/code-server.mjs';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const VSIX = join(ROOT, 'extension-vscode/rt-guard-vscode.vsix');
const zipOf = (browser: string) => join(ROOT, `extension-browser/dist/rt-guard-${browser}-${VERSION}.zip`);

beforeAll(() => {
  execFileSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'pipe' });
}, 240_000);
afterAll(cleanupTempDirs);

function unzipTo(zip: string): { dir: string; files: string[] } {
  const dir = makeTempDir('rt-guard-artifact-');
  const entries = unzipSync(readFileSync(zip));
  for (const [name, bytes] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return { dir, files: Object.keys(entries) };
}

describe('the VSIX (npm run package)', () => {
  it('meets Open VSX requirements offline: name rules, semver version, license + LICENSE file, repository, changelog', () => {
    const { dir, files } = unzipTo(VSIX);
    const manifest = JSON.parse(readFileSync(join(dir, 'extension/package.json'), 'utf8')) as Record<string, any>;
    // Open VSX: namespace (publisher) and name match [\w\-\+\$~]+; VS Code also wants lowercase, no spaces.
    for (const id of [manifest.publisher, manifest.name]) {
      expect(id).toMatch(/^[\w\-+$~]+$/);
      expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    }
    expect(manifest.version).toBe(VERSION);
    expect(manifest.displayName.length).toBeLessThanOrEqual(255);
    expect(manifest.description.length).toBeLessThanOrEqual(2048);
    expect(manifest.engines.vscode).toMatch(/^\^\d+\.\d+\.\d+$/);
    // ovsx refuses to publish without a license: an SPDX id and the license text in the package.
    expect(manifest.license).toBe('MIT');
    expect(files).toContain('extension/LICENSE.txt');
    expect(new URL(manifest.repository.url).protocol).toBe('https:');
    expect(files).toEqual(
      expect.arrayContaining(['extension.vsixmanifest', '[Content_Types].xml', 'extension/readme.md', 'extension/changelog.md', 'extension/dist/extension.js']),
    );
    expect(files.filter((file) => /\.(ts|map)$|node_modules|\/src\//.test(file))).toEqual([]);
    const vsixManifest = readFileSync(join(dir, 'extension.vsixmanifest'), 'utf8');
    expect(vsixManifest).toContain(`<Identity Language="en-US" Id="${manifest.name}" Version="${VERSION}" Publisher="${manifest.publisher}" />`);
    expect(vsixManifest).toContain('Microsoft.VisualStudio.Services.Content.Changelog');
  });

  it('installs in VS Code (code-server --install-extension) and is listed with the shared version', () => {
    if (!existsSync(NODE24) || !existsSync(ENTRY)) throw new Error(`code-server is not installed (${ENTRY}): run 'bash scripts/install-code-server.sh'`);
    const temp = makeTempDir('rt-guard-vsix-install-');
    const env = { ...process.env, HOME: temp, XDG_CONFIG_HOME: join(temp, 'config'), XDG_DATA_HOME: join(temp, 'data'), XDG_CACHE_HOME: join(temp, 'cache') };
    writeFileSync(join(temp, 'config.yaml'), 'auth: none\ncert: false\n');
    const dirs = ['--config', join(temp, 'config.yaml'), '--user-data-dir', join(temp, 'udd'), '--extensions-dir', join(temp, 'ext')];
    execFileSync(NODE24, [ENTRY, ...dirs, '--install-extension', VSIX], { env, stdio: 'pipe', timeout: 180_000 });
    const listed = execFileSync(NODE24, [ENTRY, ...dirs, '--list-extensions', '--show-versions'], { env, encoding: 'utf8', timeout: 120_000 });
    const manifest = JSON.parse(readFileSync(join(ROOT, 'extension-vscode/package.json'), 'utf8')) as { publisher: string; name: string };
    expect(listed.split('\n')).toContain(`${manifest.publisher}.${manifest.name}@${VERSION}`);
  }, 300_000);
});

describe('the browser store zips (npm run package)', () => {
  it('the Firefox zip, unpacked as AMO does, passes web-ext lint with no errors', async () => {
    const { dir, files } = unzipTo(zipOf('firefox'));
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const bin = join(ROOT, 'node_modules/.bin/web-ext');
    const { stdout } = await promisify(execFile)(bin, ['lint', '-s', dir, '--no-config-discovery', '--output', 'json'], { maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    const report = JSON.parse(stdout) as { summary: { errors: number }; errors: Array<{ code: string; message: string }> };
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).version).toBe(VERSION);
  });

  it('the Chrome zip, unpacked, loads in real Chromium: its service worker runs with the shared version', async () => {
    const { dir } = unzipTo(zipOf('chrome'));
    const context = await chromium.launchPersistentContext(makeTempDir('rt-guard-chromium-profile-'), {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: false,
      args: chromiumArgs(dir),
    });
    try {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      expect(worker.url()).toMatch(/^chrome-extension:\/\/[a-p]{32}\/background\.js$/);
      const manifest = (await worker.evaluate('chrome.runtime.getManifest()')) as { version: string; name: string };
      expect(manifest.version).toBe(VERSION);
    } finally {
      await context.close();
    }
  });
});

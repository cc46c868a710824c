// The build's outputs: both unpacked folders pass `web-ext lint` with no errors, the store zips
// hold the same files, and the manifest asks for the minimum. The store build may only call
// https://api.runtype.com; only the emulator test build adds 127.0.0.1/localhost.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExtension, buildStoreExtension, DIST_CHROME, EXTENSION_DIR, REPO_ROOT, STORE_CHROME, STORE_FIREFOX } from './harness.ts';

const run = promisify(execFile);

beforeAll(() => {
  buildStoreExtension();
  buildExtension();
});

type Manifest = Record<string, any>;
const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

describe('extension package', () => {
  it.each([
    ['firefox', STORE_FIREFOX],
    ['chrome', STORE_CHROME],
  ])('web-ext lint reports no errors for dist/%s', async (_name, dist) => {
    const bin = join(REPO_ROOT, 'node_modules/.bin/web-ext');
    const { stdout } = await run(bin, ['lint', '-s', dist, '--no-config-discovery', '--output', 'json'], { maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    const report = JSON.parse(stdout) as { summary: { errors: number }; errors: { code: string; message: string }[] };
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });

  it('builds store zips holding the manifest and every bundle, without source maps', () => {
    for (const browser of ['chrome', 'firefox']) {
      const zip = readFileSync(join(EXTENSION_DIR, `dist/rt-guard-${browser}-0.1.0.zip`));
      const listing = zip.toString('latin1');
      for (const file of [
        'manifest.json',
        'background.js',
        'content.js',
        'popup/popup.html',
        'popup/popup.js',
        'options/options.html',
        'options/options.js',
        'rotate/rotate.html',
        'rotate/rotate.js',
      ]) {
        expect(listing).toContain(file);
      }
      expect(listing).not.toContain('.js.map');
      expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50); // end of central directory
    }
  });

  it('the store zips hold the store manifest: only https://api.runtype.com, no local hosts anywhere', () => {
    for (const browser of ['chrome', 'firefox']) {
      const files = unzipSync(readFileSync(join(EXTENSION_DIR, `dist/rt-guard-${browser}-0.1.0.zip`)));
      const text = new TextDecoder().decode(files['manifest.json']);
      expect(text).toBe(readFileSync(join(STORE_CHROME, 'manifest.json'), 'utf8'));
      const manifest = JSON.parse(text) as Manifest;
      expect(manifest.host_permissions).toEqual(['https://api.runtype.com/*']);
      expect(manifest.content_security_policy.extension_pages).toContain('connect-src https://api.runtype.com;');
      expect(text).not.toMatch(/127\.0\.0\.1|localhost/);
    }
  });

  it('only the emulator test build adds the local API hosts, to host_permissions and connect-src alike', () => {
    const store = readManifest(STORE_CHROME);
    const emulator = readManifest(DIST_CHROME);
    expect(emulator.host_permissions).toEqual(['https://api.runtype.com/*', 'http://127.0.0.1/*', 'http://localhost/*']);
    expect(emulator.content_security_policy.extension_pages).toContain('connect-src https://api.runtype.com http://127.0.0.1:* http://localhost:*;');
    // Nothing else differs.
    expect({ ...emulator, host_permissions: store.host_permissions, content_security_policy: store.content_security_policy }).toEqual(store);
  });

  it('asks for minimal permissions, one background for both browsers, and a strict CSP', () => {
    const manifest = readManifest(STORE_CHROME);
    expect(manifest.permissions).toEqual(['storage']);
    expect(manifest.host_permissions).toEqual(['https://api.runtype.com/*']);
    expect(manifest.background).toEqual({ service_worker: 'background.js', scripts: ['background.js'] });
    expect(manifest.browser_specific_settings.gecko.id).toBe('rt-guard@rt-guard.invalid');
    const csp = manifest.content_security_policy.extension_pages as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    expect(manifest.content_scripts[0]).toMatchObject({ run_at: 'document_start', all_frames: true, match_about_blank: true, match_origin_as_fallback: true });
    expect(readFileSync(join(STORE_FIREFOX, 'manifest.json'), 'utf8')).toBe(readFileSync(join(STORE_CHROME, 'manifest.json'), 'utf8'));
  });

  it('the content script bundle holds no code that could reach the management token', () => {
    const content = readFileSync(join(STORE_CHROME, 'content.js'), 'utf8');
    expect(content).not.toContain('rt-guard-secrets');
    expect(content).not.toContain('indexedDB');
    expect(content).not.toContain('managementToken');
    for (const bundle of ['background.js', 'options/options.js']) expect(readFileSync(join(STORE_CHROME, bundle), 'utf8')).toContain('rt-guard-secrets');
  });

  it('confines webextension-polyfill to src/platform/browser.ts', () => {
    const src = join(EXTENSION_DIR, 'src');
    const importers = (readdirSync(src, { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts') && readFileSync(join(src, file), 'utf8').includes("from 'webextension-polyfill'"))
      .map((file) => file.split(sep).join('/'));
    expect(importers).toEqual(['platform/browser.ts']);
  });
});

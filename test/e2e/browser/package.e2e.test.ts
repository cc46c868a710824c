// The build's outputs: both unpacked folders pass `web-ext lint` with no errors, the store zips
// hold the same files, and the manifest asks for the minimum.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExtension, DIST_CHROME, DIST_FIREFOX, EXTENSION_DIR, REPO_ROOT } from './harness.ts';

const run = promisify(execFile);

beforeAll(() => buildExtension());

describe('extension package', () => {
  it.each([
    ['firefox', DIST_FIREFOX],
    ['chrome', DIST_CHROME],
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
      for (const file of ['manifest.json', 'background.js', 'content.js', 'popup/popup.html', 'popup/popup.js', 'options/options.html', 'options/options.js']) {
        expect(listing).toContain(file);
      }
      expect(listing).not.toContain('.js.map');
      expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50); // end of central directory
    }
  });

  it('asks for minimal permissions, one background for both browsers, and a strict CSP', () => {
    const manifest = JSON.parse(readFileSync(join(DIST_CHROME, 'manifest.json'), 'utf8')) as Record<string, any>;
    expect(manifest.permissions).toEqual(['storage']);
    expect(manifest.host_permissions).toEqual(['https://api.runtype.com/*', 'http://127.0.0.1/*', 'http://localhost/*']);
    expect(manifest.background).toEqual({ service_worker: 'background.js', scripts: ['background.js'] });
    expect(manifest.browser_specific_settings.gecko.id).toBe('rt-guard@rt-guard.invalid');
    const csp = manifest.content_security_policy.extension_pages as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    expect(manifest.content_scripts[0]).toMatchObject({ run_at: 'document_start', all_frames: true, match_about_blank: true });
    expect(readFileSync(join(DIST_FIREFOX, 'manifest.json'), 'utf8')).toBe(readFileSync(join(DIST_CHROME, 'manifest.json'), 'utf8'));
  });

  it('confines webextension-polyfill to src/platform/browser.ts', () => {
    const src = join(EXTENSION_DIR, 'src');
    const importers = (readdirSync(src, { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts') && readFileSync(join(src, file), 'utf8').includes("from 'webextension-polyfill'"))
      .map((file) => file.split(sep).join('/'));
    expect(importers).toEqual(['platform/browser.ts']);
  });
});

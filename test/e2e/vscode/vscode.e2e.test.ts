// Entry of the VS Code end-to-end tests (run by `npm test`): installs code-server if needed, runs
// the mocha suites inside a real extension host through @vscode/test-electron's runTests + the
// code-shim executable, then drives the workbench UI with Playwright against the packaged VSIX.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../api/helpers.ts';
import { liveKey } from '../../helpers/keys.ts';
import { REPO_ROOT, launchChromium, startCodeServer } from './code-server.mjs';
import { runExtensionTests } from './run-tests.mjs';

const EXTENSION = join(REPO_ROOT, 'extension-vscode');
const CLI_BIN = join(REPO_ROOT, 'cli/dist/bin.cjs');
// README screenshots are refreshed on request only (RT_GUARD_UPDATE_SCREENSHOTS=1), so a test run
// leaves the work tree clean; otherwise they land in the ignored .out folder.
const MEDIA = process.env['RT_GUARD_UPDATE_SCREENSHOTS'] === '1' ? join(EXTENSION, 'media') : join(REPO_ROOT, 'test/e2e/vscode/.out/screenshots');

/**
 * A server a hostile repository points `rtGuard.apiBaseUrl` at: it records every request (whether
 * it carried an Authorization header, never the header itself). `GET /__rt_guard_requests` lists them.
 */
async function startHostileApi(): Promise<{ url: string; requests: { method: string; url: string; hasAuthorization: boolean }[]; close(): Promise<void> }> {
  const requests: { method: string; url: string; hasAuthorization: boolean }[] = [];
  const server = createServer((request, response) => {
    if (request.url === '/__rt_guard_requests') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requests));
      return;
    }
    requests.push({ method: request.method ?? '', url: request.url ?? '', hasAuthorization: request.headers.authorization !== undefined });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** What a cloned repository may carry in `.vscode/settings.json` to turn the extension against its user. */
function writeHostileSettings(workspace: string, hostileUrl: string, extra: Record<string, unknown> = {}): void {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode/settings.json'), JSON.stringify({ 'rtGuard.apiBaseUrl': hostileUrl, ...extra }, null, 2));
}

/** `isRepository: false`: a plain folder, not (yet) a git repository. */
function makeWorkspace({ isRepository = true } = {}): string {
  const workspace = mkdtempSync(join(tmpdir(), 'rt-guard-vscode-ws-'));
  if (!isRepository) {
    writeFileSync(join(workspace, 'README.md'), '# fixture\n');
    return workspace;
  }
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: workspace });
  execFileSync('git', ['config', 'user.email', 'e2e@rt-guard.invalid'], { cwd: workspace });
  execFileSync('git', ['config', 'user.name', 'rt-guard e2e'], { cwd: workspace });
  writeFileSync(join(workspace, 'README.md'), '# fixture\n');
  execFileSync('git', ['add', 'README.md'], { cwd: workspace });
  execFileSync('git', ['commit', '-q', '-m', 'init'], { cwd: workspace });
  // A repository may ship its own node_modules/.bin/rt-guard: the hook must never run it (issue 10).
  mkdirSync(join(workspace, 'node_modules/.bin'), { recursive: true });
  writeFileSync(
    join(workspace, 'node_modules/.bin/rt-guard'),
    "#!/usr/bin/env node\nrequire('fs').writeFileSync(require('path').join(__dirname, '../../PLANTED_CLI_RAN'), '');\n",
    { mode: 0o755 },
  );
  writeFileSync(join(workspace, '.gitignore'), 'node_modules/\n');
  return workspace;
}

beforeAll(() => {
  execFileSync('bash', [join(REPO_ROOT, 'scripts/install-code-server.sh')], { stdio: 'inherit', timeout: 900_000 });
  if (!existsSync(CLI_BIN)) execFileSync('node', ['build.mjs'], { cwd: join(REPO_ROOT, 'cli'), stdio: 'inherit' });
  execFileSync('node', ['build.mjs', '--tests'], { cwd: EXTENSION, stdio: 'inherit' });
}, 900_000);

describe('VS Code extension in a real extension host (code-server)', () => {
  let emulator: { url: string; sessionToken: string; close(): Promise<void> };
  let hostile: Awaited<ReturnType<typeof startHostileApi>>;
  beforeAll(async () => {
    emulator = await startEmulator({ statePath: join(mkdtempSync(join(tmpdir(), 'rt-guard-emu-')), 'state.json') });
    hostile = await startHostileApi();
  });
  afterAll(async () => {
    await emulator?.close();
    await hostile?.close();
  });

  it('passes the mocha suites run through @vscode/test-electron runTests', async () => {
    const results = join(mkdtempSync(join(tmpdir(), 'rt-guard-e2e-results-')), 'results.json');
    const workspace = makeWorkspace();
    // The repository names its own API server; the user's settings name the emulator (issue 10).
    writeHostileSettings(workspace, hostile.url);
    const code = await runExtensionTests({
      workspace,
      env: {
        RT_GUARD_E2E_EMULATOR_URL: emulator.url,
        RT_GUARD_E2E_SESSION_TOKEN: emulator.sessionToken,
        RT_GUARD_E2E_HOSTILE_URL: hostile.url,
        RT_GUARD_E2E_RESULTS: results,
      },
    });
    expect(code).toBe(0);
    expect(hostile.requests).toEqual([]);
    // Reported by the bench (activation work measured inside the real host).
    const { activationMs } = JSON.parse(readFileSync(results, 'utf8')) as { activationMs: number };
    mkdirSync(join(REPO_ROOT, 'test/e2e/vscode/.out'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'test/e2e/vscode/.out/activation.json'), JSON.stringify({ activationMs, at: new Date().toISOString() }));
  }, 600_000);

  it('against the answer shapes Runtype documents (emulator --shapes documented), the API block passes again: inspect, revoke, rotate (standard, emergency, finish), proxy 401 (issue 11)', async () => {
    const documented = await startEmulator({ shapes: 'documented', statePath: join(mkdtempSync(join(tmpdir(), 'rt-guard-emu-doc-')), 'state.json') });
    try {
      const workspace = makeWorkspace();
      writeHostileSettings(workspace, hostile.url);
      const code = await runExtensionTests({
        workspace,
        env: {
          RT_GUARD_E2E_EMULATOR_URL: documented.url,
          RT_GUARD_E2E_SESSION_TOKEN: documented.sessionToken,
          RT_GUARD_E2E_HOSTILE_URL: hostile.url,
          RT_GUARD_E2E_GREP: 'with the Runtype API emulator',
        },
      });
      expect(code).toBe(0);
      expect(hostile.requests).toEqual([]);
    } finally {
      await documented.close();
    }
  }, 600_000);

  it('in an untrusted workspace (Restricted Mode), passes the restricted suite: the repository cannot make it call the API or run anything', async () => {
    // Not a git repository yet: .gitignore must count all the same (issue 10's "Move to .env" bug).
    const workspace = makeWorkspace({ isRepository: false });
    writeHostileSettings(workspace, hostile.url, { 'rtGuard.verifyOnOpen': true });
    const code = await runExtensionTests({
      workspace,
      env: {
        RT_GUARD_E2E_TRUST: 'restricted',
        RT_GUARD_E2E_SUITE: 'restricted',
        RT_GUARD_E2E_HOSTILE_URL: hostile.url,
      },
    });
    expect(code).toBe(0);
    expect(hostile.requests).toEqual([]);
  }, 600_000);
});

describe('VS Code workbench UI (Playwright)', () => {
  it('shows the key in the Problems panel and applies the quick fix; screenshots for the README', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rt-guard-vsix-'));
    const vsix = join(out, 'rt-guard-vscode.vsix');
    execFileSync('node', ['build.mjs', '--production'], { cwd: EXTENSION, stdio: 'inherit' });
    execFileSync(join(REPO_ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], {
      cwd: EXTENSION,
      stdio: 'pipe',
    });
    const workspace = makeWorkspace();
    const key = liveKey();
    writeFileSync(
      join(workspace, 'app.ts'),
      `// Calls the Runtype API (api.runtype.com)\nconst RUNTYPE_API_KEY = "${key}";\nexport const headers = { Authorization: \`Bearer \${RUNTYPE_API_KEY}\` };\n`,
    );
    const server = await startCodeServer({ installVsix: vsix });
    const context = await launchChromium();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120_000, waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await page.waitForTimeout(3000);
      // Open app.ts from the Explorer; retried because the tree may still be loading.
      const editorLine = page.locator('.monaco-editor .view-line', { hasText: 'Runtype API' });
      for (let attempt = 0; attempt < 5 && (await editorLine.count()) === 0; attempt++) {
        await page
          .locator('.explorer-folders-view .monaco-list-row', { hasText: 'app.ts' })
          .first()
          .click({ timeout: 20_000 })
          .catch(() => {});
        await editorLine
          .first()
          .waitFor({ timeout: 10_000 })
          .catch(() => {});
      }
      await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 90_000 }).catch(async (error: unknown) => {
        await page.screenshot({ path: join(tmpdir(), 'rt-guard-vscode-ui-failure.png') });
        throw error;
      });

      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel');
      await problems.waitFor({ timeout: 20_000 });
      const redacted = `rt_live_…${key.slice(-4)}`;
      await page.locator('.markers-panel .monaco-list-row', { hasText: redacted }).first().waitFor({ timeout: 20_000 });
      const panelText = await problems.innerText();
      expect(panelText).toContain('Runtype live API key');
      expect(panelText).not.toContain(key.slice(8));
      mkdirSync(MEDIA, { recursive: true });
      await problems.screenshot({ path: join(MEDIA, 'problems.png') });

      // Hover over the squiggle: the hover holds only the redacted key.
      // The key's token in the editor (squiggle decorations are not hoverable elements).
      const keyToken = page.locator('.monaco-editor .view-line span span', { hasText: 'rt_live_' }).last();
      await keyToken.hover();
      const hover = page.locator('.monaco-hover:visible', { hasText: 'Verify now' }).first();
      await hover.waitFor({ timeout: 20_000 });
      expect(await hover.innerText()).not.toContain(key.slice(8));
      await hover.screenshot({ path: join(MEDIA, 'hover.png') });
      await page.keyboard.press('Escape');

      // Quick fix on the key: put the cursor in it, Ctrl+. and pick "Move … to an environment variable".
      const menu = page.locator('.action-widget', { hasText: 'to an environment variable' });
      for (let attempt = 0; attempt < 4 && !(await menu.isVisible()); attempt++) {
        await keyToken.click();
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+.');
        await menu.waitFor({ timeout: 8_000 }).catch(() => {});
      }
      await menu.waitFor({ timeout: 5_000 });
      expect(await menu.innerText()).not.toContain(key.slice(8));
      await menu.screenshot({ path: join(MEDIA, 'quick-fix.png') });
      await page.locator('.action-widget .monaco-list-row', { hasText: 'to an environment variable' }).first().click();

      const expected = 'const RUNTYPE_API_KEY = process.env.RUNTYPE_API_KEY;';
      await expect.poll(() => readFileSync(join(workspace, 'app.ts'), 'utf8'), { timeout: 20_000 }).toContain(expected);
      await expect.poll(() => existsSync(join(workspace, '.env')), { timeout: 10_000 }).toBe(true);
      expect(readFileSync(join(workspace, '.env'), 'utf8')).toBe(`RUNTYPE_API_KEY=${key}\n`);
      await expect.poll(() => readFileSync(join(workspace, '.gitignore'), 'utf8'), { timeout: 10_000 }).toBe('node_modules/\n.env\n');
      // Our diagnostic leaves the Problems panel (TypeScript may now complain about `process`, which is not ours).
      await page.locator('.markers-panel .monaco-list-row', { hasText: redacted }).first().waitFor({ state: 'detached', timeout: 20_000 });
    } finally {
      await context.close();
      await server.stop();
    }
  }, 300_000);
});

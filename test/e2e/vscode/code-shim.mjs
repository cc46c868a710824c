#!/usr/bin/env node
// Stands in for "the VS Code executable" that @vscode/test-electron's runTests spawns: it takes the
// same arguments (--extensionDevelopmentPath=…, --extensionTestsPath=…, a folder), starts a fresh
// code-server with the smoke-test driver, opens the workbench in Chromium with the test payload,
// and exits with the code the extension host's test runner reports.
import { format } from 'node:util';
import { startCodeServer, launchChromium } from './code-server.mjs';

const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const developmentPath = option('extensionDevelopmentPath');
const testsPath = option('extensionTestsPath');
const folder = args.find((a) => !a.startsWith('-'));
if (!developmentPath || !testsPath) {
  console.error('code-shim: needs --extensionDevelopmentPath=… and --extensionTestsPath=…');
  process.exit(2);
}
const timeoutMs = Number(process.env.RT_GUARD_E2E_TIMEOUT_MS ?? 300_000);
const verbose = process.env.RT_GUARD_E2E_VERBOSE === '1';

// RT_GUARD_E2E_TRUST=restricted (passed by the vitest entry through runTests' env): the folder opens untrusted.
const workspaceTrust = process.env.RT_GUARD_E2E_TRUST === 'restricted';
const server = await startCodeServer({ smokeTestDriver: true, workspaceTrust, log: verbose ? (l) => process.stderr.write(`[code-server] ${l}`) : undefined });
let context;
let code = 1;
try {
  context = await launchChromium();
  const page = context.pages()[0] ?? (await context.newPage());
  let resolveExit;
  const done = new Promise((r) => {
    resolveExit = r;
  });
  // Both must exist before the workbench loads: it looks for them once.
  await page.exposeFunction('codeAutomationExit', (exitCode) => resolveExit(Number(exitCode)));
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    const text = Array.isArray(logArgs) ? format(...logArgs) : String(logArgs);
    (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
  });
  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(testsPath)],
  ]);
  const query = `${folder ? `folder=${encodeURIComponent(folder)}&` : ''}payload=${encodeURIComponent(payload)}`;
  if (verbose) page.on('console', (m) => process.stderr.write(`[page] ${m.text()}\n`));
  await page.goto(`${server.url}/?${query}`, { timeout: 120_000, waitUntil: 'domcontentloaded' });
  code = await Promise.race([
    done,
    new Promise((r) =>
      setTimeout(() => {
        console.error(`code-shim: no result within ${timeoutMs} ms`);
        r(3);
      }, timeoutMs),
    ),
  ]);
} catch (error) {
  console.error(`code-shim: ${error instanceof Error ? error.stack : error}`);
  code = 2;
} finally {
  await context?.close().catch(() => {});
  await server.stop();
}
process.exit(code);

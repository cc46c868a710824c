import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN, buildCli } from '../git/helpers.ts';
import { tempDir } from './cli-harness.ts';
import { expectNoSecrets, startEmulator, type Emulator } from './helpers.ts';

// The bundled CLI loads undici lazily from a split chunk; in-process tests run the sources and
// would not notice if the bundle could not reach the API. These run the built bin.
let emulator: Emulator;
beforeAll(async () => {
  buildCli();
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

// Asynchronous on purpose: the emulator runs in this process and must keep answering.
function runBuilt(
  args: string[],
  options: { cwd: string; input?: string; env?: Record<string, string> },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: tempDir(), RUNTYPE_API_URL: emulator.url, RT_GUARD_NO_CACHE: '1', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe('the built rt-guard talks to the API', () => {
  it('scan --verify marks a live key live', async () => {
    const key = emulator.mintKey({ name: 'Built CLI check' }).plainKey;
    const dir = tempDir('rt-guard-built-verify-');
    writeFileSync(join(dir, 'app.env'), `RUNTYPE_API_KEY=${key}\n`);
    const result = await runBuilt(['scan', '--verify', '--format', 'json', '.'], { cwd: dir });
    expectNoSecrets(result.stdout + result.stderr, [key, emulator.sessionToken]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const findings = JSON.parse(result.stdout).findings as Array<{ verification: { status: string } }>;
    expect(findings.map((f) => f.verification.status)).toEqual(['live']);
  });

  it('inspect reads the key from stdin and says live', async () => {
    const key = emulator.mintKey({ name: 'Built CLI inspect' }).plainKey;
    const result = await runBuilt(['inspect', '--format', 'json'], { cwd: tempDir(), input: `${key}\n` });
    expectNoSecrets(result.stdout + result.stderr, [key]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).status).toBe('live');
  });
});

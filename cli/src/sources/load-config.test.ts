import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestIo, runCliInProcess } from '../../../test/helpers/io.ts';
import { runAgentHook } from '../agent/run-hook.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-guard-config-'));
  dirs.push(dir);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  writeFileSync(join(dir, 'a.txt'), 'nothing\n');
  return dir;
}

// Review: .rt-guard.json is repository content. A FIFO made `rt-guard scan .` (and the agent hook,
// on every event) wait forever; a committed link to /dev/zero read until memory ran out.
describe.skipIf(platform() === 'win32')('a found .rt-guard.json that is not a regular file', () => {
  const hostile: Record<string, (file: string) => void> = {
    FIFO: (file) => execFileSync('mkfifo', [file]),
    'link to /dev/zero': (file) => symlinkSync('/dev/zero', file),
  };

  for (const [what, make] of Object.entries(hostile)) {
    it(`${what}: scan exits 2 at once, saying what is wrong`, async () => {
      const dir = project();
      make(join(dir, '.rt-guard.json'));
      const started = Date.now();
      const result = await runCliInProcess(['scan', '.'], dir);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(result.code).toBe(2);
      expect(result.err).toContain('.rt-guard.json is not a regular file');
    });

    it(`${what}: the agent hook answers with the default settings`, async () => {
      const dir = project();
      make(join(dir, '.rt-guard.json'));
      const io = createTestIo(dir);
      const event = JSON.stringify({ hook_event_name: 'UserPromptSubmit', prompt: 'hello', cwd: dir });
      expect(await runAgentHook(io, 'claude-code', () => Promise.resolve(event))).toBe(0);
      expect(io.err()).toContain('uses the default settings');
    });
  }

  it('a link to a regular config file is still read', async () => {
    const dir = project();
    writeFileSync(join(dir, 'shared.json'), '{"failOn": "critical"}\n');
    symlinkSync('shared.json', join(dir, '.rt-guard.json'));
    const result = await runCliInProcess(['scan', '.'], dir);
    expect(result.code).toBe(0);
  });
});

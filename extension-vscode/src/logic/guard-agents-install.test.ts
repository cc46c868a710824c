import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installAgentGuards } from './guard-agents-install.ts';

// The real CLI (built), as the command runs it: [node, bin.cjs] agent install --<agent>.
const CLI = [process.execPath, resolve(import.meta.dirname, '../../../cli/dist/bin.cjs')];
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-guard-guard-agents-'));
  dirs.push(dir);
  return dir;
}

describe('installAgentGuards (the host-free part of rtGuard.guardAgents)', () => {
  it('installs the hooks of each agent asked for, recording the absolute CLI', async () => {
    const dir = folder();
    const outcomes = await installAgentGuards(CLI, dir, ['claude-code', 'cursor'], { PATH: '/usr/bin:/bin', HOME: dir });
    expect(outcomes.map((o) => [o.agent, o.ok])).toEqual([
      ['claude-code', true],
      ['cursor', true],
    ]);
    expect(outcomes[0]!.message).toContain('.claude/settings.json');
    const claude = readFileSync(join(dir, '.claude/settings.json'), 'utf8');
    expect(claude).toContain('rt-guard:agent-hook v1');
    expect(claude).toContain(join(dirname(CLI[1]!), 'agent-hook.cjs'));
    expect(readFileSync(join(dir, '.cursor/hooks.json'), 'utf8')).toContain('agent hook --cursor');
  });

  it("reports each agent's problem in the CLI's words, without stopping the others", async () => {
    const dir = folder();
    mkdirSync(join(dir, '.claude'));
    writeFileSync(join(dir, '.claude/settings.json'), '{ // not JSON\n}');
    const outcomes = await installAgentGuards(CLI, dir, ['claude-code', 'cursor'], { PATH: '/usr/bin:/bin', HOME: dir });
    expect(outcomes[0]).toMatchObject({ agent: 'claude-code', ok: false });
    expect(outcomes[0]!.message).toContain('is not valid JSON');
    expect(outcomes[1]).toMatchObject({ agent: 'cursor', ok: true });
    const again = await installAgentGuards(CLI, dir, ['cursor'], { PATH: '/usr/bin:/bin', HOME: dir });
    expect(again[0]).toMatchObject({ ok: false });
    expect(again[0]!.message).toContain('already in');
  });
});

import { execFile } from 'node:child_process';
import { redactText } from '@rt-guard/core';

/** The agents the command can guard, with what the CLI flag writes. */
export const GUARDABLE_AGENTS = [
  { id: 'claude-code', label: 'Claude Code', detail: '.claude/settings.json: prompts, Bash, file edits, MCP calls, tool output' },
  { id: 'cursor', label: 'Cursor', detail: '.cursor/hooks.json: prompts, shell commands, MCP calls, .env reads, file edits' },
] as const;

export type GuardableAgent = (typeof GUARDABLE_AGENTS)[number]['id'];

/** What installing into one agent did: `ok`, or the CLI's message (exit 2: already installed, invalid settings file, …). */
export interface AgentInstallOutcome {
  agent: GuardableAgent;
  ok: boolean;
  /** The CLI's own words, redacted. */
  message: string;
}

/**
 * Host-free: runs `rt-guard agent install --<agent>` with the CLI argv `command` ([node, bin]) in
 * `folder`, one agent at a time (so one agent's problem does not hide another's success). The CLI
 * records its own absolute path in the hook, as `rt-guard hook install` does. No shell is involved.
 */
export async function installAgentGuards(command: readonly string[], folder: string, agents: readonly GuardableAgent[], env: Record<string, string | undefined>): Promise<AgentInstallOutcome[]> {
  const outcomes: AgentInstallOutcome[] = [];
  for (const agent of agents) {
    const [program, ...args] = command;
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(program!, [...args, 'agent', 'install', `--${agent}`], { cwd: folder, env, encoding: 'utf8', timeout: 30000 }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 2) : 0;
        resolve({ code, stdout, stderr: stderr || (error && !stdout ? error.message : '') });
      });
    });
    const text = (result.code === 0 ? result.stdout : result.stderr).replace(/^rt-guard: /gm, '').trim();
    outcomes.push({ agent, ok: result.code === 0, message: redactText(text.split('\n')[0] ?? '') });
  }
  return outcomes;
}

import { isRtGuardError } from '@rt-guard/core';
import { installAgentHooks, settingsLocation } from '@rt-guard/core/node';

/** The agents the command can guard, with what installing writes. */
export const GUARDABLE_AGENTS = [
  { id: 'claude-code', label: 'Claude Code', detail: '.claude/settings.json: prompts, Bash, file edits, MCP calls, tool output' },
  { id: 'cursor', label: 'Cursor', detail: '.cursor/hooks.json: prompts, shell commands, MCP calls, .env reads, file edits' },
] as const;

export type GuardableAgent = (typeof GUARDABLE_AGENTS)[number]['id'];

/** What installing into one agent did: `ok`, or why not (already installed, invalid settings file, …). */
export interface AgentInstallOutcome {
  agent: GuardableAgent;
  ok: boolean;
  message: string;
}

/**
 * Host-free: installs rt-guard's hooks for each agent in `folder` with the same installer as
 * `rt-guard agent install` (core), one agent at a time so one agent's problem does not hide
 * another's success. `command` is the [node, bin] argv the hooks record: the extension's own CLI.
 * No process is started here.
 */
export async function installAgentGuards(
  command: readonly string[],
  folder: string,
  agents: readonly GuardableAgent[],
  env: Record<string, string | undefined>,
): Promise<AgentInstallOutcome[]> {
  const outcomes: AgentInstallOutcome[] = [];
  for (const agent of agents) {
    try {
      const { file } = await installAgentHooks(agent, settingsLocation(agent, 'project', folder, env), command);
      outcomes.push({ agent, ok: true, message: `installed rt-guard's hooks in ${file}` });
    } catch (error) {
      if (!isRtGuardError(error)) throw error;
      outcomes.push({ agent, ok: false, message: error.message });
    }
  }
  return outcomes;
}

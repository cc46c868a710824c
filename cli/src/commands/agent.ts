import type { Command } from 'commander';
import { AGENT_KINDS, AGENT_NAMES, type AgentKind } from '../agent/agent-kinds.ts';
import { AgentSettingsError, installAgentHooks, settingsLocation, uninstallAgentHooks, type SettingsScope } from '@rt-guard/core/node';
import { runAgentHook } from '../agent/run-hook.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import type { RegisterCommand } from './index.ts';

interface AgentOptions {
  claudeCode?: boolean;
  cursor?: boolean;
  user?: boolean;
  local?: boolean;
}

/**
 * `rt-guard agent install|uninstall|hook`: hooks for AI coding agents (Claude Code, Cursor) that
 * stop Runtype keys in prompts, commands, file writes and MCP calls, and report keys that reach
 * the conversation through a tool's output.
 */
export const registerAgent: RegisterCommand = (program: Command, io: Io, setExitCode) => {
  const agent = program.command('agent').description('Guard AI coding agents (Claude Code, Cursor): block keys in prompts, commands and edits');
  const withTargets = (command: Command) =>
    command
      .option('--claude-code', 'Claude Code: .claude/settings.json')
      .option('--cursor', 'Cursor: .cursor/hooks.json')
      .option('--user', "the user's settings (~/.claude/settings.json, ~/.cursor/hooks.json) instead of the project's")
      .option('--local', 'Claude Code: .claude/settings.local.json (personal, not committed) instead of .claude/settings.json');

  withTargets(agent.command('install'))
    .description("Add rt-guard's hooks to the agent's settings (run at the project root); every existing setting and hook is kept")
    .action(async (options: AgentOptions) => {
      if (!io.self || io.self.length === 0) {
        throw new CliError('cannot tell how this rt-guard was started, so the hooks could not call it: run the installed `rt-guard` binary');
      }
      for (const kind of targetsOf(options)) {
        const location = settingsLocation(kind, scopeOf(options), io.cwd, io.env);
        const result = await guard(() => installAgentHooks(kind, location, io.self!));
        io.stdout.write(`Installed rt-guard's ${AGENT_NAMES[kind]} hooks in ${result.file}. Remove them with \`rt-guard agent uninstall --${kind}\`.\n`);
      }
      io.stdout.write(`The hooks run: ${io.self.join(' ')} agent hook. If that rt-guard goes away, they block until it is reinstalled.\n`);
      setExitCode(EXIT.clean);
    });

  withTargets(agent.command('uninstall'))
    .description("Remove rt-guard's hooks from the agent's settings; everything else stays")
    .action(async (options: AgentOptions) => {
      for (const kind of targetsOf(options)) {
        const location = settingsLocation(kind, scopeOf(options), io.cwd, io.env);
        const result = await guard(() => uninstallAgentHooks(location));
        io.stdout.write(
          result.removed === 0
            ? `No rt-guard hook in ${result.file}: nothing to do.\n`
            : `Removed rt-guard's ${AGENT_NAMES[kind]} hooks from ${result.file}.\n`,
        );
      }
      setExitCode(EXIT.clean);
    });

  agent
    .command('hook')
    .description("What the installed hooks run: reads one agent event (JSON) on stdin and answers in that agent's protocol")
    .option('--claude-code', "answer in Claude Code's protocol")
    .option('--cursor', "answer in Cursor's protocol")
    .action(async (options: AgentOptions) => {
      if (options.claudeCode && options.cursor) throw new CliError('choose one of --claude-code and --cursor', 'E_USAGE');
      setExitCode(await runAgentHook(io, options.claudeCode ? 'claude-code' : options.cursor ? 'cursor' : undefined));
    });
};

function targetsOf(options: AgentOptions): AgentKind[] {
  const targets = AGENT_KINDS.filter((kind) => (kind === 'claude-code' ? options.claudeCode : options.cursor));
  if (targets.length === 0) throw new CliError('say which agent: --claude-code and/or --cursor', 'E_USAGE');
  return targets;
}

function scopeOf(options: AgentOptions): SettingsScope {
  if (options.user && options.local) throw new CliError('choose one of --user and --local', 'E_USAGE');
  return options.user ? 'user' : options.local ? 'local' : 'project';
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AgentSettingsError) throw new CliError(error.message, error.code);
    throw error;
  }
}

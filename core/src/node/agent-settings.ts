import { RtGuardError } from '../errors.ts';
import { isAgentHookCommand, type AgentKind } from './agent-hook-command.ts';

/** Claude Code's tools whose input rt-guard checks before they run (`PreToolUse` matcher, a regex). */
export const CLAUDE_PRE_TOOL_MATCHER = 'Bash|Write|Edit|MultiEdit|NotebookEdit|Read|mcp__.*';

/** Cursor's hook events rt-guard installs (`.cursor/hooks.json`). */
export const CURSOR_EVENTS = ['beforeSubmitPrompt', 'beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile', 'afterFileEdit'] as const;

/** Codes of {@link AgentSettingsError}. */
export type AgentSettingsErrorCode = 'E_AGENT_SETTINGS' | 'E_AGENT_ALREADY_INSTALLED';

/** An agent settings file rt-guard cannot change safely (invalid JSON, wrong shape, a symlink out, already installed); the message says what to do. */
export class AgentSettingsError extends RtGuardError {
  declare readonly code: AgentSettingsErrorCode;
  constructor(message: string, code: AgentSettingsErrorCode = 'E_AGENT_SETTINGS') {
    super(code, message);
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The hook entries rt-guard adds, event by event, in the agent's own settings shape. */
function entriesFor(agent: AgentKind, command: string): Array<[event: string, entry: Json]> {
  if (agent === 'claude-code') {
    const hook = { type: 'command', command };
    return [
      ['UserPromptSubmit', { hooks: [hook] }],
      ['PreToolUse', { matcher: CLAUDE_PRE_TOOL_MATCHER, hooks: [hook] }],
      ['PostToolUse', { matcher: '*', hooks: [hook] }],
    ];
  }
  return CURSOR_EVENTS.map((event) => [event, { command }]);
}

/** Every hook command in one event's list, in either agent's shape. */
function commandsOf(entry: unknown): unknown[] {
  if (!isObject(entry)) return [];
  if (Array.isArray(entry.hooks)) return entry.hooks.map((hook) => (isObject(hook) ? hook.command : undefined));
  return [entry.command];
}

function hooksObject(settings: Json, file: string): Json {
  const hooks = settings.hooks;
  if (hooks === undefined) return {};
  if (!isObject(hooks)) throw new AgentSettingsError(`${file}: "hooks" must be an object; fix or remove it by hand, then install again`);
  return hooks;
}

/** True when rt-guard's hooks are in these settings (any event). */
export function hasAgentHooks(settings: Json): boolean {
  const hooks = isObject(settings.hooks) ? settings.hooks : {};
  return Object.values(hooks).some((list) => Array.isArray(list) && list.some((entry) => commandsOf(entry).some(isAgentHookCommand)));
}

/**
 * Returns a copy of `settings` with rt-guard's hook entries appended to each event's list. Every
 * other field and hook is kept as it was, in order. Throws when rt-guard is already installed or
 * when a field it must extend has the wrong type (the file is then left alone).
 */
export function addAgentHooks(settings: Json, agent: AgentKind, command: string, file: string): Json {
  if (hasAgentHooks(settings)) {
    throw new AgentSettingsError(
      `rt-guard's hooks are already in ${file}: run \`rt-guard agent uninstall --${agent}\` first to reinstall them`,
      'E_AGENT_ALREADY_INSTALLED',
    );
  }
  const hooks = { ...hooksObject(settings, file) };
  for (const [event, entry] of entriesFor(agent, command)) {
    const list = hooks[event];
    if (list !== undefined && !Array.isArray(list))
      throw new AgentSettingsError(`${file}: "hooks.${event}" must be a list; fix it by hand, then install again`);
    hooks[event] = [...(list ?? []), entry];
  }
  const out: Json = agent === 'cursor' && settings.version === undefined ? { version: 1, ...settings } : { ...settings };
  out.hooks = hooks;
  return out;
}

/**
 * Returns a copy of `settings` without rt-guard's hook entries (Claude Code matcher groups left
 * empty, and event lists left empty, are removed too), and how many commands were removed.
 */
export function removeAgentHooks(settings: Json): { settings: Json; removed: number } {
  if (!isObject(settings.hooks)) return { settings, removed: 0 };
  let removed = 0;
  const hooks: Json = {};
  for (const [event, list] of Object.entries(settings.hooks)) {
    if (!Array.isArray(list)) {
      hooks[event] = list;
      continue;
    }
    const kept: unknown[] = [];
    for (const entry of list) {
      if (isObject(entry) && Array.isArray(entry.hooks)) {
        const inner = entry.hooks.filter((hook) => !(isObject(hook) && isAgentHookCommand(hook.command)));
        removed += entry.hooks.length - inner.length;
        if (inner.length > 0) kept.push(inner.length === entry.hooks.length ? entry : { ...entry, hooks: inner });
      } else if (isObject(entry) && isAgentHookCommand(entry.command)) {
        removed++;
      } else {
        kept.push(entry);
      }
    }
    if (kept.length > 0 || list.length === 0) hooks[event] = kept;
  }
  const out: Json = { ...settings, hooks };
  if (Object.keys(hooks).length === 0) delete out.hooks;
  return { settings: out, removed };
}

import { isAbsolute, resolve } from 'node:path';
import { CLAUDE_EDIT_TOOLS, type AgentKind } from './agent-kinds.ts';

/** One piece of text an event carries, with where it came from (for messages and line numbers). */
export interface EventText {
  /** e.g. `prompt`, `command`, `content`, `tool_input.query`. */
  label: string;
  text: string;
}

/** What the agent is about to do (or just did), whatever its protocol. */
export type HookAction =
  | { kind: 'prompt'; texts: EventText[] }
  | { kind: 'shell'; texts: EventText[] }
  /** A file write or edit; `path` absolute when the event names one. */
  | { kind: 'write'; tool: string; path: string | undefined; texts: EventText[] }
  /** A file read; `texts` holds the content when the agent sends it (Cursor). */
  | { kind: 'read'; path: string | undefined; texts: EventText[] }
  /** An MCP call, or any other tool whose input is checked. */
  | { kind: 'tool'; tool: string; texts: EventText[] }
  /** After a tool ran: its output, which the agent has now seen. */
  | { kind: 'output'; tool: string; path: string | undefined; texts: EventText[] }
  /** After a file edit (Cursor afterFileEdit): the new text in the file. */
  | { kind: 'edited'; path: string | undefined; texts: EventText[] }
  /** An event rt-guard has no rule for: allowed. */
  | { kind: 'ignored'; event: string };

export interface HookEvent {
  agent: AgentKind;
  /** The agent's own event name (`PreToolUse`, `beforeShellExecution`, …). */
  event: string;
  /** Project folder: where the config is looked for. */
  projectDir: string;
  action: HookAction;
}

/** The event JSON cannot be understood; the hook then allows with a warning. */
export class HookEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookEventError';
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Every string inside a JSON value (object values, array items), labelled with its path. */
export function stringLeaves(value: unknown, label: string, out: EventText[] = [], depth = 0): EventText[] {
  if (depth > 64) return out;
  if (typeof value === 'string') out.push({ label, text: value });
  else if (Array.isArray(value)) value.forEach((item, i) => stringLeaves(item, `${label}[${i}]`, out, depth + 1));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) stringLeaves(item, `${label}.${key}`, out, depth + 1);
  return out;
}

function text(label: string, value: unknown): EventText[] {
  return typeof value === 'string' ? [{ label, text: value }] : [];
}

/** Cursor sends MCP tool input as a JSON string, sometimes as an object: both are scanned, parsed when possible. */
function maybeJson(value: unknown, label: string): EventText[] {
  if (typeof value === 'string') {
    try {
      return stringLeaves(JSON.parse(value), label);
    } catch {
      return [{ label, text: value }];
    }
  }
  return stringLeaves(value, label);
}

/**
 * Turns an agent's hook event (parsed JSON) into a {@link HookEvent}. `agent` comes from the
 * installed command's flag; without it the event's shape decides. Throws HookEventError when the
 * event is not an object or has no event name.
 */
export function parseHookEvent(data: unknown, options: { agent?: AgentKind; cwd: string; env: Record<string, string | undefined> }): HookEvent {
  if (!isObject(data)) throw new HookEventError('the event is not a JSON object');
  const event = str(data.hook_event_name) ?? str(data.hookEventName);
  if (!event) throw new HookEventError('the event has no hook_event_name');
  const agent = options.agent ?? ('cursor_version' in data || 'workspace_roots' in data || /^[a-z]/.test(event) ? 'cursor' : 'claude-code');
  const eventCwd = str(data.cwd);
  const cwd = eventCwd && isAbsolute(eventCwd) ? eventCwd : options.cwd;
  const abs = (path: unknown): string | undefined => (typeof path === 'string' && path !== '' ? resolve(cwd, path) : undefined);
  if (agent === 'claude-code') {
    const projectDir = options.env.CLAUDE_PROJECT_DIR && isAbsolute(options.env.CLAUDE_PROJECT_DIR) ? options.env.CLAUDE_PROJECT_DIR : cwd;
    return { agent, event, projectDir, action: claudeAction(event, data, abs) };
  }
  const roots = Array.isArray(data.workspace_roots) ? data.workspace_roots.filter((root): root is string => typeof root === 'string' && isAbsolute(root)) : [];
  return { agent, event, projectDir: roots[0] ?? cwd, action: cursorAction(event, data, abs) };
}

function claudeAction(event: string, data: Json, abs: (path: unknown) => string | undefined): HookAction {
  const tool = str(data.tool_name) ?? '';
  const input = isObject(data.tool_input) ? data.tool_input : {};
  switch (event) {
    case 'UserPromptSubmit':
      return { kind: 'prompt', texts: text('prompt', data.prompt) };
    case 'PreToolUse':
      if (tool === 'Bash') return { kind: 'shell', texts: text('command', input.command) };
      if (tool === 'Read') return { kind: 'read', path: abs(input.file_path), texts: [] };
      if (tool === 'Write') return { kind: 'write', tool, path: abs(input.file_path), texts: text('content', input.content) };
      // The old text may hold the key being removed: only what is written counts.
      if (tool === 'Edit') return { kind: 'write', tool, path: abs(input.file_path), texts: text('new_string', input.new_string) };
      if (tool === 'MultiEdit') {
        const edits = Array.isArray(input.edits) ? input.edits : [];
        return {
          kind: 'write',
          tool,
          path: abs(input.file_path),
          texts: edits.flatMap((edit, i) => (isObject(edit) ? text(`edits[${i}].new_string`, edit.new_string) : [])),
        };
      }
      if (tool === 'NotebookEdit') return { kind: 'write', tool, path: abs(input.notebook_path), texts: text('new_source', input.new_source) };
      return { kind: 'tool', tool, texts: stringLeaves(data.tool_input, 'tool_input') };
    case 'PostToolUse':
      if (CLAUDE_EDIT_TOOLS.has(tool)) return { kind: 'ignored', event: `${event} ${tool}` };
      return { kind: 'output', tool, path: tool === 'Read' ? abs(input.file_path) : undefined, texts: stringLeaves(data.tool_response, 'tool_response') };
    default:
      return { kind: 'ignored', event };
  }
}

function cursorAction(event: string, data: Json, abs: (path: unknown) => string | undefined): HookAction {
  switch (event) {
    case 'beforeSubmitPrompt':
      return { kind: 'prompt', texts: text('prompt', data.prompt) };
    case 'beforeShellExecution':
      return { kind: 'shell', texts: text('command', data.command) };
    case 'beforeMCPExecution':
      return { kind: 'tool', tool: str(data.tool_name) ?? 'MCP tool', texts: maybeJson(data.tool_input, 'tool_input') };
    case 'beforeReadFile':
      return { kind: 'read', path: abs(data.file_path), texts: text('content', data.content) };
    case 'afterFileEdit': {
      const edits = Array.isArray(data.edits) ? data.edits : [];
      return {
        kind: 'edited',
        path: abs(data.file_path),
        texts: edits.flatMap((edit, i) => (isObject(edit) ? text(`edits[${i}].new_string`, edit.new_string) : [])),
      };
    }
    case 'afterShellExecution':
      return { kind: 'output', tool: 'shell', path: undefined, texts: text('output', data.output) };
    case 'afterMCPExecution':
      return { kind: 'output', tool: str(data.tool_name) ?? 'MCP tool', path: undefined, texts: maybeJson(data.result_json, 'result_json') };
    default:
      return { kind: 'ignored', event };
  }
}

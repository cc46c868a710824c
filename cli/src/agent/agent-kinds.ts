import type { AgentKind } from '@rt-guard/core/node';

export type { AgentKind };

export const AGENT_KINDS: readonly AgentKind[] = ['claude-code', 'cursor'];

/** How each agent is named in messages and on the command line. */
export const AGENT_NAMES: Record<AgentKind, string> = { 'claude-code': 'Claude Code', cursor: 'Cursor' };

/** Claude Code tools that write files; their input is checked, their output (an echo of it) is not. */
export const CLAUDE_EDIT_TOOLS: ReadonlySet<string> = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

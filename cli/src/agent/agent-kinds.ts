/** The coding agents whose hooks rt-guard installs and answers. */
export type AgentKind = 'claude-code' | 'cursor';

export const AGENT_KINDS: readonly AgentKind[] = ['claude-code', 'cursor'];

/** How each agent is named in messages and on the command line. */
export const AGENT_NAMES: Record<AgentKind, string> = { 'claude-code': 'Claude Code', cursor: 'Cursor' };

/** Claude Code's tools whose input rt-guard checks before they run (`PreToolUse` matcher, a regex). */
export const CLAUDE_PRE_TOOL_MATCHER = 'Bash|Write|Edit|MultiEdit|NotebookEdit|Read|mcp__.*';

/** Claude Code tools that write files; their input is checked, their output (an echo of it) is not. */
export const CLAUDE_EDIT_TOOLS: ReadonlySet<string> = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

/** Cursor's hook events rt-guard installs (`.cursor/hooks.json`). */
export const CURSOR_EVENTS = ['beforeSubmitPrompt', 'beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile', 'afterFileEdit'] as const;

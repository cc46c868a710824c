import type { AgentKind } from './agent-kinds.ts';

/** What the hook decided. `notify`: the action already happened; agent and user are told. */
export type HookVerdict =
  { kind: 'allow'; warning?: string } | { kind: 'block'; user: string; agent: string } | { kind: 'notify'; user: string; agent: string };

/** What the hook process prints and its exit code. */
export interface HookAnswer {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Renders a verdict in the agent's own protocol. Claude Code: JSON on stdout with exit 0
 * (`decision: "block"` for prompts and tool output, `permissionDecision: "deny"` before a tool;
 * `systemMessage` reaches the user). Cursor: `{"continue": …}` for prompts, `{"permission": …}`
 * before shell, MCP and reads; after an edit it reads nothing, so the message goes to stderr
 * (Cursor's hook output log).
 */
export function toHookAnswer(agent: AgentKind, event: string, verdict: HookVerdict): HookAnswer {
  const stderr = verdict.kind === 'allow' && verdict.warning ? `rt-guard: warning: ${verdict.warning}\n` : '';
  if (agent === 'claude-code') {
    if (verdict.kind === 'allow') return { stdout: '', stderr, exitCode: 0 };
    if (event === 'PreToolUse') {
      return answer({
        hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: verdict.agent },
        systemMessage: verdict.user,
      });
    }
    if (event === 'PostToolUse') {
      return answer({
        decision: 'block',
        reason: verdict.agent,
        systemMessage: verdict.user,
        hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext: verdict.agent },
      });
    }
    // UserPromptSubmit: the prompt is dropped and the reason shown to the user only.
    return answer({ decision: 'block', reason: verdict.user });
  }
  switch (event) {
    case 'beforeSubmitPrompt':
      return verdict.kind === 'block' ? answer({ continue: false, user_message: verdict.user }) : answer({ continue: true }, stderr);
    case 'beforeShellExecution':
    case 'beforeMCPExecution':
    case 'beforeReadFile':
      return verdict.kind === 'block'
        ? answer({ permission: 'deny', user_message: verdict.user, agent_message: verdict.agent })
        : answer({ permission: 'allow' }, stderr);
    default:
      return { stdout: '{}\n', stderr: verdict.kind === 'allow' ? stderr : `${verdict.user}\n`, exitCode: 0 };
  }
}

function answer(body: Record<string, unknown>, stderr = ''): HookAnswer {
  return { stdout: `${JSON.stringify(body)}\n`, stderr, exitCode: 0 };
}

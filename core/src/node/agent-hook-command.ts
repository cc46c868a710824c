/** The coding agents whose hooks rt-guard installs and answers. */
export type AgentKind = 'claude-code' | 'cursor';

/** Tag inside every agent hook command rt-guard writes: how install and uninstall recognise their own entries. */
export const AGENT_HOOK_MARKER = 'rt-guard:agent-hook v1';

/** Quotes one word for POSIX sh. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A double-quoted sh word (for use inside a single-quoted script): `\`, `"`, `$` and backquotes escaped. */
function doubleQuote(text: string): string {
  return '"' + text.replace(SH_DOUBLE_QUOTE_SPECIAL, '\\$&') + '"';
}
const SH_DOUBLE_QUOTE_SPECIAL = /[\\"$`]/g;

/** What a Cursor hook prints when rt-guard is gone: deny for every event that reads an answer. */
const CURSOR_MISSING_ANSWER = JSON.stringify({
  continue: false,
  permission: 'deny',
  user_message:
    'rt-guard cannot be found, so this agent hook blocks (it fails closed). Install rt-guard again, then run `rt-guard agent uninstall --cursor && rt-guard agent install --cursor`.',
  agent_message: 'rt-guard (the key leak guard) is not installed at the path this hook records, so the action was blocked. Ask the user to reinstall rt-guard.',
});

/**
 * The command an agent runs for each hook event: `sh -c '<script>' <hookArgv…>`. The script runs
 * the rt-guard recorded at install (`hookArgv`: absolute node + script [+ `agent hook`], like the
 * git hook), else `rt-guard agent hook` on PATH, else it fails closed: Claude Code gets exit 2
 * with the reason on stderr (blocks), Cursor a deny answer on stdout. Paths travel as positional
 * arguments, so no path is ever re-parsed by sh.
 *
 * @example renderAgentHookCommand('claude-code', ['/usr/bin/node', '/opt/rt-guard/dist/bin.cjs', 'agent', 'hook'])
 */
export function renderAgentHookCommand(agent: AgentKind, hookArgv: readonly string[]): string {
  const self = hookArgv;
  if (self.length === 0 || !self[0]!.startsWith('/')) throw new Error('the recorded command must start with an absolute path');
  const flag = agent === 'claude-code' ? '--claude-code' : '--cursor';
  // $0 is self[0] (node), $1… the rest (the script): every absolute one must still exist.
  const checks = [
    '[ -x "$0" ]',
    ...self
      .slice(1)
      .map((word, i) => (word.startsWith('/') ? `[ -e "$${i + 1}" ]` : ''))
      .filter(Boolean),
  ].join(' && ');
  const missing =
    agent === 'claude-code'
      ? `echo "rt-guard: the agent hook cannot find rt-guard (installed as: $0 $*), so this action is blocked (the hook fails closed). Install rt-guard again (npm install -g rt-guard), then run: rt-guard agent uninstall ${flag} && rt-guard agent install ${flag}" >&2; exit 2`
      : `printf '%s\\n' ${doubleQuote(CURSOR_MISSING_ANSWER)}; exit 0`;
  const script = [
    `: ${AGENT_HOOK_MARKER}`,
    `if ${checks}; then exec "$0" ${self.length > 1 ? '"$@" ' : ''}${flag}; fi`,
    `if command -v rt-guard >/dev/null 2>&1; then exec rt-guard agent hook ${flag}; fi`,
    missing,
  ].join('; ');
  return `sh -c ${shellQuote(script)} ${self.map(shellQuote).join(' ')}`;
}

/** True when a hook entry's command is one rt-guard wrote (any version of the wrapper). */
export function isAgentHookCommand(command: unknown): boolean {
  return typeof command === 'string' && (command.includes(AGENT_HOOK_MARKER) || /\brt-guard\b.*\bagent hook\b/.test(command));
}

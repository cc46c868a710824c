/**
 * @rt-guard/core/node: Node-only adapters (network, disk). Everything else is in `@rt-guard/core`.
 */
export { createNodeFetch, type NodeFetch, type NodeFetchOptions } from './transport.ts';
export { writeFileAtomic } from './atomic-write.ts';
export { createEnvFileTarget } from './env-file.ts';
export { createFileJournalStore } from './journal-file.ts';
export { cacheDirFrom, stateDirFrom } from './paths.ts';
export { openVerificationCache, type VerificationCache, type VerificationCacheOptions } from './verification-cache.ts';
export {
  CHAINED_SUFFIX,
  GitHookError,
  HOOK_MARKER,
  gitHooksDir,
  installHooks,
  prefilterNeedles,
  renderHookScript,
  uninstallHooks,
  type GitHookErrorCode,
  type HookName,
  type InstallHooksOptions,
  type InstallHooksResult,
  type InstalledHook,
  type UninstallHooksResult,
  type UninstalledHook,
} from './git-hooks.ts';
export { AGENT_HOOK_MARKER, isAgentHookCommand, renderAgentHookCommand, type AgentKind } from './agent-hook-command.ts';
export {
  AgentSettingsError,
  CLAUDE_PRE_TOOL_MATCHER,
  CURSOR_EVENTS,
  addAgentHooks,
  hasAgentHooks,
  removeAgentHooks,
  type AgentSettingsErrorCode,
} from './agent-settings.ts';
export { agentHookArgv, installAgentHooks, settingsLocation, uninstallAgentHooks, type SettingsLocation, type SettingsScope } from './agent-hooks.ts';

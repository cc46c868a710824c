import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { renderAgentHookCommand, type AgentKind } from './agent-hook-command.ts';
import { AgentSettingsError, addAgentHooks, removeAgentHooks } from './agent-settings.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** Which settings file: the project's (shared), the project's local one (Claude Code only), or the user's. */
export type SettingsScope = 'project' | 'local' | 'user';

export interface SettingsLocation {
  /** Absolute path of the settings file. */
  file: string;
  /** For project files: the folder the file must stay inside, symlinks resolved (the user's own files are not confined). */
  root?: string;
}

/** Where each agent keeps its hook settings. */
export function settingsLocation(agent: AgentKind, scope: SettingsScope, cwd: string, env: Record<string, string | undefined>): SettingsLocation {
  if (scope === 'user') {
    const home = env.HOME;
    if (!home || !home.startsWith('/')) throw new AgentSettingsError('--user needs HOME set to an absolute folder');
    return { file: join(home, agent === 'claude-code' ? '.claude/settings.json' : '.cursor/hooks.json') };
  }
  if (agent === 'cursor') {
    if (scope === 'local')
      throw new AgentSettingsError('--local is for Claude Code only (.claude/settings.local.json); Cursor has one project file, .cursor/hooks.json');
    return { file: join(cwd, '.cursor/hooks.json'), root: cwd };
  }
  return { file: join(cwd, scope === 'local' ? '.claude/settings.local.json' : '.claude/settings.json'), root: cwd };
}

/**
 * Reads a settings file: `{}` when it does not exist. Refuses (AgentSettingsError) a file that is
 * not one JSON object, and a settings folder or file that is a symlink leading out of `root`: a
 * repository could otherwise make rt-guard write somewhere else.
 */
async function readSettings(location: SettingsLocation): Promise<Record<string, unknown>> {
  await checkInsideRoot(location);
  let text: string;
  try {
    text = await readFile(location.file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new AgentSettingsError(`cannot read ${location.file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (text.trim() === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new AgentSettingsError(
      `${location.file} is not valid JSON (comments and trailing commas are not allowed), so rt-guard will not change it: fix the file, then run the command again`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new AgentSettingsError(`${location.file} must hold one JSON object, so rt-guard will not change it: fix the file, then run the command again`);
  }
  return data as Record<string, unknown>;
}

async function checkInsideRoot(location: SettingsLocation): Promise<void> {
  if (location.root === undefined) return;
  const root = await realpath(location.root).catch(() => resolve(location.root!));
  // The deepest part of the path that exists, resolved: it must stay inside root.
  for (let path = location.file; ; path = dirname(path)) {
    const real = await realpath(path).catch(() => undefined);
    if (real !== undefined) {
      const rel = relative(root, real);
      if (rel === '..' || rel.startsWith(`..${sep}`) || rel.startsWith(sep)) {
        throw new AgentSettingsError(
          `${relative(location.root!, path) || path} is a symlink that leads outside ${location.root} (to ${real}), so rt-guard will not write through it`,
        );
      }
      break;
    }
    if (dirname(path) === path) break;
  }
  // A dangling symlink (the file itself) would be followed on write: refuse it too.
  const stat = await lstat(location.file).catch(() => undefined);
  if (stat?.isSymbolicLink() && (await realpath(location.file).catch(() => undefined)) === undefined) {
    throw new AgentSettingsError(`${location.file} is a dangling symlink, so rt-guard will not write through it`);
  }
}

async function writeSettings(location: SettingsLocation, settings: Record<string, unknown>): Promise<void> {
  await mkdir(dirname(location.file), { recursive: true });
  // Settings are not secret; keep them readable like any other project file.
  await writeFileAtomic(location.file, `${JSON.stringify(settings, null, 2)}\n`, 0o644);
}

/**
 * Adds rt-guard's hooks to an agent's settings file, keeping everything already there. `self` is
 * the argv that runs rt-guard (absolute node + script), recorded in the hook like the git hook's.
 *
 * @example await installAgentHooks('claude-code', settingsLocation('claude-code', 'project', cwd, env), [process.execPath, binPath])
 */
export async function installAgentHooks(agent: AgentKind, location: SettingsLocation, self: readonly string[]): Promise<{ file: string; command: string }> {
  const settings = await readSettings(location);
  const command = renderAgentHookCommand(agent, agentHookArgv(self));
  await writeSettings(location, addAgentHooks(settings, agent, command, location.file));
  return { file: location.file, command };
}

/** Removes rt-guard's hooks from the agent's settings file; `removed` 0 means there were none. */
export async function uninstallAgentHooks(location: SettingsLocation): Promise<{ file: string; removed: number }> {
  const settings = await readSettings(location);
  const { settings: next, removed } = removeAgentHooks(settings);
  if (removed > 0) await writeSettings(location, next);
  return { file: location.file, removed };
}

/**
 * What the hook runs, given the argv that starts rt-guard (`[node, …/dist/bin.cjs]`): the CLI's
 * dedicated hook entry `dist/agent-hook.cjs` beside it when there is one (it skips loading the
 * whole CLI: about one Node start per hook run), else `… agent hook`.
 */
export function agentHookArgv(self: readonly string[]): string[] {
  const script = self[1];
  if (self.length === 2 && script !== undefined && basename(script) === 'bin.cjs') {
    const entry = join(dirname(script), 'agent-hook.cjs');
    if (existsSync(entry)) return [self[0]!, entry];
  }
  return [...self, 'agent', 'hook'];
}

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CLI_BIN, generateKey } from '../git/helpers.ts';

export { CLI_BIN, generateKey };

const created: string[] = [];

/** Removes every folder made by {@link makeProject}. */
export function cleanupProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A PATH with node's folder and the system folders, but never an `rt-guard` on it. */
export const PATH_WITHOUT_RT_GUARD = [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':');

export interface Project {
  dir: string;
  home: string;
  write(path: string, content: string): void;
  env: Record<string, string>;
  /** Runs the built CLI in the project (cwd = project), as a user would. */
  cli(args: string[], extraEnv?: Record<string, string>): { status: number | null; stdout: string; stderr: string };
}

/** A throwaway git repository (created with git, which rt-guard itself never runs here) and a HOME. */
export function makeProject(label = 'rt-guard-agent-'): Project {
  const root = mkdtempSync(join(tmpdir(), label));
  created.push(root);
  const dir = join(root, 'project');
  const home = join(root, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  const env = { PATH: PATH_WITHOUT_RT_GUARD, HOME: home, LC_ALL: 'C', RT_GUARD_NO_CACHE: '1' };
  execFileSync('git', ['init', '-q'], { cwd: dir, env });
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  const cli = (args: string[], extraEnv: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, [CLI_BIN, ...args], { cwd: dir, env: { ...env, ...extraEnv }, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  return { dir, home, write, env, cli };
}

/** The hook commands an agent's settings file holds, by event (Claude Code or Cursor shape). */
export function installedCommands(file: string): Record<string, string[]> {
  const settings = JSON.parse(readFileSync(file, 'utf8')) as { hooks: Record<string, Array<{ command?: string; hooks?: Array<{ command: string }> }>> };
  const out: Record<string, string[]> = {};
  for (const [event, list] of Object.entries(settings.hooks)) {
    out[event] = list.flatMap((entry) => (entry.hooks ? entry.hooks.map((hook) => hook.command) : entry.command ? [entry.command] : []));
  }
  return out;
}

export interface HookRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, or undefined when empty. */
  json: Record<string, unknown> | undefined;
}

/**
 * Runs a hook command exactly as the agents do: `sh -c "<command>"`, the event JSON on stdin, the
 * project as working directory (Claude Code also sets CLAUDE_PROJECT_DIR).
 */
export function runHookCommand(command: string, event: unknown, options: { cwd: string; env: Record<string, string> }): Promise<HookRun> {
  const input = typeof event === 'string' ? event : JSON.stringify(event);
  // Asynchronous: a test's emulator runs in this process and must keep answering meanwhile.
  const child = spawn('sh', ['-c', command], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, json: stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : undefined }));
  });
}

/** Asserts-ready: true when `text` holds none of `keys` in full. */
export function holdsNoKey(text: string, keys: readonly string[]): boolean {
  return keys.every((key) => !text.includes(key));
}

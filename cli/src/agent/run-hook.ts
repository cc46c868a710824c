import { DEFAULT_CONFIG, redactText, type Config } from '@rt-guard/core';
import type { Io } from '../io.ts';
import { findConfigFile } from '../sources/config-file.ts';
import type { AgentKind } from './agent-kinds.ts';
import { decide } from './decide.ts';
import { toHookAnswer, type HookVerdict } from './hook-answer.ts';
import { HookEventError, parseHookEvent } from './hook-event.ts';
import { reportLeak } from './leak-report.ts';

/**
 * `rt-guard agent hook`: reads one event on stdin (`io.stdin`, unless `readInput` reads it), applies
 * the rules, answers in the agent's protocol. Never blocks because of its own trouble: an event it cannot read, or an internal
 * error, is allowed with a warning on stderr (exit 0).
 */
export async function runAgentHook(io: Io, agent: AgentKind | undefined, readInput: () => Promise<string> = () => readStream(io)): Promise<number> {
  let input: string;
  try {
    input = await readInput();
  } catch {
    return warnAndAllow(io, 'could not read the hook event on stdin; the action was not checked');
  }
  let data: unknown;
  try {
    data = JSON.parse(input);
  } catch {
    return warnAndAllow(io, 'the hook event on stdin is not valid JSON; the action was not checked');
  }
  try {
    const event = parseHookEvent(data, { ...(agent ? { agent } : {}), cwd: io.cwd, env: io.env });
    const config = await projectConfig(event.projectDir, io);
    const decided = decide(event, config, io.now(), io.env);
    const verdict: HookVerdict = 'verdict' in decided ? decided.verdict : await reportLeak(decided.leak, event.projectDir, io);
    const answer = toHookAnswer(event.agent, event.event, verdict);
    // Every message is built from redacted findings; redactText is the second lock.
    io.stdout.write(redactText(answer.stdout));
    if (answer.stderr) io.stderr.write(redactText(answer.stderr));
    return answer.exitCode;
  } catch (error) {
    if (error instanceof HookEventError) return warnAndAllow(io, `${error.message}; the action was not checked`);
    return warnAndAllow(io, `internal error, the action was not checked: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The project's config; a broken one falls back to the defaults (the strictest), with a warning.
 * The parser (zod) is loaded only when there is a file: in dist/agent-hook.cjs it is a file of its
 * own, dist/agent-config.cjs (build.mjs), as most hook runs have no config to parse.
 */
async function projectConfig(projectDir: string, io: Io): Promise<Config> {
  const defaults = (): Config => ({ ...DEFAULT_CONFIG, ignore: [], allow: [] });
  if (findConfigFile(projectDir) === undefined) return defaults();
  try {
    const { loadConfig } = await import('../sources/load-config.ts');
    return loadConfig(projectDir).config;
  } catch (error) {
    io.stderr.write(
      `rt-guard: warning: ${redactText((error as Error).message)}\nrt-guard: the agent hook uses the default settings until the config is fixed.\n`,
    );
    return defaults();
  }
}

async function readStream(io: Io): Promise<string> {
  let input = '';
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) input += chunk.toString();
  return input;
}

function warnAndAllow(io: Io, message: string): number {
  io.stderr.write(`rt-guard: warning: ${redactText(message)}\n`);
  return 0;
}

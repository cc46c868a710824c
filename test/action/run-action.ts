import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { makeTempDir, ROOT, type TempRepo } from '../git/helpers.ts';

export const ACTION_MAIN = join(ROOT, 'action/dist/index.cjs');

/**
 * action.yml parsed as GitHub parses it (strict YAML: a parse error throws, as it would fail the
 * workflow), and its inputs with their defaults.
 */
export function actionManifest(): {
  inputs: Record<string, { description: string; default?: unknown }>;
  runs: Record<string, unknown>;
  outputs: Record<string, unknown>;
} {
  return parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8'), { strict: true, prettyErrors: true }) as ReturnType<typeof actionManifest>;
}

/** Inputs and their defaults (as strings, the way the runner passes them), from action.yml. */
export function actionInputs(): Map<string, string> {
  return new Map(
    Object.entries(actionManifest().inputs).map(([name, input]) => [
      name,
      input.default === undefined || input.default === null ? '' : String(input.default as string | number | boolean),
    ]),
  );
}

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Everything the step left for a reader: log, outputs, summary, SARIF. */
  everything: string;
}

/**
 * Runs the action the way the runner does: `node <main>` in the workspace with every input as
 * INPUT_<NAME> (upper-cased, hyphens kept; defaults from action.yml), the event payload in a file,
 * and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
 */
export function runAction(
  repo: TempRepo,
  eventName: string,
  payload: unknown,
  inputs: Record<string, string> = {},
  extraEnv: Record<string, string> = {},
): ActionRun {
  const step = prepareStep(repo, eventName, payload, inputs, extraEnv);
  const result = spawnSync(process.execPath, [ACTION_MAIN], { cwd: repo.dir, env: step.env, encoding: 'utf8' });
  return step.collect(result.status, result.stdout, result.stderr);
}

/** runAction without blocking this process (for a test whose API emulator runs in it). */
export function runActionAsync(
  repo: TempRepo,
  eventName: string,
  payload: unknown,
  inputs: Record<string, string> = {},
  extraEnv: Record<string, string> = {},
): Promise<ActionRun> {
  const step = prepareStep(repo, eventName, payload, inputs, extraEnv);
  const child = spawn(process.execPath, [ACTION_MAIN], { cwd: repo.dir, env: step.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (status) => resolve(step.collect(status, stdout, stderr))));
}

function prepareStep(repo: TempRepo, eventName: string, payload: unknown, inputs: Record<string, string>, extraEnv: Record<string, string>) {
  const runner = makeTempDir('rt-guard-runner-');
  const eventPath = join(runner, 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload));
  const outputFile = join(runner, 'output');
  const summaryFile = join(runner, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    ...repo.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: repo.dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runner,
    RT_GUARD_CACHE_DIR: join(runner, 'cache'),
    ...extraEnv,
  };
  for (const [name, fallback] of actionInputs()) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? fallback;
  const collect = (status: number | null, stdout: string, stderr: string): ActionRun => {
    const outputs = parseOutputs(readFileSync(outputFile, 'utf8'));
    const summary = readFileSync(summaryFile, 'utf8');
    const sarif = outputs['sarif-file'] && existsSync(outputs['sarif-file']) ? readFileSync(outputs['sarif-file'], 'utf8') : '';
    return { status, stdout, stderr, outputs, summary, everything: [stdout, stderr, JSON.stringify(outputs), summary, sarif].join('\n') };
  };
  return { env, collect };
}

/** GITHUB_OUTPUT's format: `name=value` lines or `name<<DELIMITER` heredocs. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const pair = /^([\w-]+)=(.*)$/.exec(lines[i]!);
    if (pair) outputs[pair[1]!] = pair[2]!;
  }
  return outputs;
}

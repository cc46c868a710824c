import type * as z from 'zod/mini';
import { redactText } from '../detect/redact.ts';
import type { Severity } from '../detect/types.ts';
import { ConfigError } from './config-error.ts';
import { DEFAULT_AGENT_CONFIG, DEFAULT_CONFIG } from './defaults.ts';
import { configSchema } from './schema.ts';
import type { Config } from './types.ts';

/**
 * Parses and validates the text of a config file. Pure: the caller reads the file. Throws one
 * `ConfigError` (code `E_CONFIG_INVALID`) listing every problem with its field path.
 *
 * @example parseConfig('{"failOn":"critical"}', '.rt-guard.json') // → { ignore: [], allow: [], failOn: 'critical' }
 */
export function parseConfig(text: string, fileName: string): Config {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // The engine's message may quote the file (and so a key); keep only the position.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = position === undefined ? '' : ` at ${lineColumnOf(text, Number(position))}`;
    throw new ConfigError(fileName, [`not valid JSON${where}: fix the syntax (the file must hold one JSON object)`]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(fileName, ['the file must hold one JSON object, like {"failOn": "high"}']);
  }
  const result = configSchema().safeParse(data);
  if (!result.success) throw new ConfigError(fileName, result.error.issues.flatMap(describeIssue));
  return {
    ignore: result.data.ignore ?? [...DEFAULT_CONFIG.ignore],
    allow: (result.data.allow ?? []).map((entry) => ({
      fingerprint: entry.fingerprint,
      reason: entry.reason,
      ...(entry.expires === undefined ? {} : { expires: entry.expires }),
    })),
    failOn: (result.data.failOn as Severity | undefined) ?? DEFAULT_CONFIG.failOn,
    ...(result.data.agent === undefined ? {} : { agent: { readDotenv: result.data.agent.readDotenv ?? DEFAULT_AGENT_CONFIG.readDotenv } }),
  };
}

const KNOWN_FIELDS: Record<string, string> = {
  '': '$schema, ignore, allow, failOn, agent',
  allow: 'fingerprint, reason, expires',
  agent: 'readDotenv',
};

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const path = pathOf(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_FIELDS[issue.path.length === 0 ? '' : String(issue.path[0])] ?? '';
    return issue.keys.map((key) => {
      const guess = known.split(', ').find((field) => field.toLowerCase() === key.toLowerCase().replace(/s$/, '') || field.toLowerCase() === key.toLowerCase());
      const hint = guess === undefined ? '' : `did you mean "${guess}"? `;
      return `${joinPath(path, key)}: unknown field (${hint}known fields: ${known})`;
    });
  }
  const at = path === '' ? '(root)' : path;
  // zod reports a missing field as a type error whose received type is `undefined`.
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return [`${at}: required`];
  if (issue.code === 'invalid_value' && path === 'failOn') {
    return [`failOn: must be one of critical, high, medium, low, info`];
  }
  if (issue.code === 'invalid_value' && path === 'agent.readDotenv') {
    return ['agent.readDotenv: must be "allow" (agents may read .env files) or "deny"'];
  }
  if (issue.code === 'invalid_type') return [`${at}: must be ${article(issue.expected)}`];
  return [`${at}: ${redactText(issue.message)}`];
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : joinPath(out, String(part))), '');
}

function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function lineColumnOf(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

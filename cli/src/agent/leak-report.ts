import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createDetector, type FindingWithSecret, type Verification } from '@rt-guard/core';
import type { Io } from '../io.ts';
import type { Leak } from './decide.ts';
import { isDotenvName, variableOnLine } from './dotenv-target.ts';
import type { HookVerdict } from './hook-answer.ts';
import { leakedMessages } from './hook-messages.ts';

/**
 * Tells agent and user that a key entered the conversation: with its live status when a management
 * token (RUNTYPE_ADMIN_TOKEN) is set (bounded to a few seconds), and the command that rotates it.
 */
export async function reportLeak(leak: Leak, projectDir: string, io: Io): Promise<HookVerdict> {
  // The API client (core's verifier, undici) is loaded only when there is a token to check with.
  const statuses = io.env.RUNTYPE_ADMIN_TOKEN?.trim()
    ? await (await import('./verify-leak.ts')).verifyLeakedKeys(leak.findings, io)
    : new Map<string, Verification | string>();
  const command = await rotateCommandFor(leak.findings[0]!, projectDir);
  return { kind: 'notify', ...leakedMessages(leak.findings, leak.source, statuses, command) };
}

/** `rt-guard rotate --env-file <file> --var <NAME>` when a dotenv file at the project root holds the key. */
async function rotateCommandFor(finding: FindingWithSecret, projectDir: string): Promise<string> {
  const names = await readdir(projectDir).catch(() => [] as string[]);
  const detector = createDetector();
  for (const name of names.filter(isDotenvName).sort()) {
    const text = await readDotenvText(join(projectDir, name));
    const match = detector.scan(text).find((f) => f.fingerprint === finding.fingerprint);
    if (!match) continue;
    const line = text.split(/\r?\n/)[match.line - 1] ?? '';
    const variable = variableOnLine(line);
    if (variable) return `rt-guard rotate --env-file ${shellWord(name)} --var ${variable}`;
  }
  return 'rt-guard rotate --print (with the key in RUNTYPE_API_KEY; it prints the new key once)';
}

/**
 * A dotenv file's text, or '' for anything but a regular file of at most 1 MiB: a repository's
 * FIFO named `.a.env` kept the hook waiting forever, a link to /dev/zero would read until memory
 * ran out.
 */
async function readDotenvText(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(() => undefined);
  if (!handle) return '';
  try {
    const info = await handle.stat();
    return info.isFile() && info.size <= 1024 * 1024 ? await handle.readFile('utf8') : '';
  } catch {
    return '';
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * `name` as one POSIX shell word. The command is shown to the user and told to the agent, which may
 * run it: a repository's file named `.env.$(…)` must not run anything.
 */
function shellWord(name: string): string {
  return /^[A-Za-z0-9._+@%=:,/-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}

import { relative } from 'node:path';
import { applyPolicy, createDetector, isFailing, type Config, type FindingWithSecret } from '@rt-guard/core';
import { DEFAULT_AGENT_CONFIG } from '@rt-guard/core';
import { isAllowedKeyFile, isDotenvName, printsDotenv } from './dotenv-target.ts';
import type { HookVerdict } from './hook-answer.ts';
import type { EventText, HookEvent } from './hook-event.ts';
import { dotenvReadBlockedMessages, promptBlockedMessage, toolBlockedMessages } from './hook-messages.ts';

/** Findings in the event's texts that fail under the project's policy (allow comments, allowlist, failOn). */
export function failingKeys(texts: readonly EventText[], config: Config, now: Date): FindingWithSecret[] {
  if (texts.length === 0) return [];
  const detector = createDetector();
  const found = texts.flatMap((t) => (detector.hasCandidate(t.text) ? detector.scan(t.text, { file: t.label }) : []));
  return applyPolicy(found, { config, now }).findings.filter((finding) => isFailing(finding, config));
}

/** What a leak after the fact needs: the keys, and where they came from. */
export interface Leak {
  findings: FindingWithSecret[];
  source: string;
}

/**
 * The rules, for every action but the after-the-fact ones (which need the API and go through
 * `leak`): block a prompt, command, write or tool call whose input carries a key (a write into a
 * git-ignored dotenv file excepted), block reading .env files when the config says "deny".
 * `env` (the hook's own environment: HOME, XDG_CONFIG_HOME, GIT_CONFIG_GLOBAL) locates the user's
 * global git excludes file.
 */
export function decide(event: HookEvent, config: Config, now: Date, env: Record<string, string | undefined> = {}): { verdict: HookVerdict } | { leak: Leak } {
  const action = event.action;
  const shown = (path: string | undefined) => (path === undefined ? 'a file' : relative(event.projectDir, path) || path);
  switch (action.kind) {
    case 'ignored':
      return { verdict: { kind: 'allow' } };
    case 'prompt': {
      const keys = failingKeys(action.texts, config, now);
      return { verdict: keys.length === 0 ? { kind: 'allow' } : { kind: 'block', user: promptBlockedMessage(keys), agent: promptBlockedMessage(keys) } };
    }
    case 'shell': {
      const keys = failingKeys(action.texts, config, now);
      if (keys.length > 0) return { verdict: { kind: 'block', ...toolBlockedMessages(keys, 'this shell command', 'command') } };
      // readDotenv "deny" also covers printing a .env file from the shell.
      if ((config.agent ?? DEFAULT_AGENT_CONFIG).readDotenv === 'deny' && action.texts.some((t) => printsDotenv(t.text))) {
        return { verdict: { kind: 'block', ...dotenvReadBlockedMessages('a .env file (from this shell command)') } };
      }
      return { verdict: { kind: 'allow' } };
    }
    case 'tool': {
      const keys = failingKeys(action.texts, config, now);
      return { verdict: keys.length === 0 ? { kind: 'allow' } : { kind: 'block', ...toolBlockedMessages(keys, `this call to ${action.tool}`, 'tool input') } };
    }
    case 'write': {
      const keys = failingKeys(action.texts, config, now);
      if (keys.length === 0) return { verdict: { kind: 'allow' } };
      if (action.path !== undefined && isAllowedKeyFile(action.path, event.projectDir, env)) return { verdict: { kind: 'allow' } };
      return { verdict: { kind: 'block', ...toolBlockedMessages(keys, `writing ${shown(action.path)} (${action.tool})`, shown(action.path)) } };
    }
    case 'read': {
      const readDotenv = (config.agent ?? DEFAULT_AGENT_CONFIG).readDotenv;
      if (action.path !== undefined && isDotenvName(action.path) && readDotenv === 'deny') {
        return { verdict: { kind: 'block', ...dotenvReadBlockedMessages(shown(action.path)) } };
      }
      if (action.path !== undefined && isDotenvName(action.path)) return { verdict: { kind: 'allow' } };
      // Cursor sends the content: a key there reaches the agent, which cannot be told afterwards.
      const keys = failingKeys(action.texts, config, now);
      return {
        verdict:
          keys.length === 0
            ? { kind: 'allow' }
            : {
                kind: 'allow',
                warning: `${shown(action.path)} holds a Runtype API key (${keys[0]!.redacted}); the agent is reading it. Move the key to a git-ignored .env file.`,
              },
      };
    }
    case 'output': {
      const readDotenv = (config.agent ?? DEFAULT_AGENT_CONFIG).readDotenv;
      // Reading .env files is allowed by the config: its keys entering the conversation is the user's choice.
      if (action.tool === 'Read' && action.path !== undefined && isDotenvName(action.path) && readDotenv === 'allow') return { verdict: { kind: 'allow' } };
      const keys = failingKeys(action.texts, config, now);
      return keys.length === 0
        ? { verdict: { kind: 'allow' } }
        : { leak: { findings: keys, source: `the output of ${action.tool}${action.path ? ` (${shown(action.path)})` : ''}` } };
    }
    case 'edited': {
      const keys = failingKeys(action.texts, config, now);
      if (keys.length === 0 || (action.path !== undefined && isAllowedKeyFile(action.path, event.projectDir, env))) return { verdict: { kind: 'allow' } };
      return { leak: { findings: keys, source: `an edit of ${shown(action.path)}, a file git does not ignore` } };
    }
    default:
      return action satisfies never;
  }
}

/**
 * Redaction: the only shapes in which a key may ever be shown. `rt_live_…` + the last 4 characters
 * is enough to tell keys apart and to find one in the dashboard, never enough to use it. Prefixes
 * and the loose redaction bodies come from the rules.
 */
import { builtinRules } from './rules/index.ts';

const PREFIX = new RegExp(`^(${builtinRules.map((rule) => rule.prefix).join('|')})`);

/** `rt_live_AbC…Z9x2` → `rt_live_…9x2` style: prefix, an ellipsis, the last 4 characters. */
export function redactKey(key: string): string {
  const prefix = PREFIX.exec(key)?.[1] ?? '';
  const body = key.slice(prefix.length);
  return `${prefix}…${body.length > 8 ? body.slice(-4) : ''}`;
}

// Loose on purpose (each rule's `redactBody`): anything that could be a key, valid or not, is hidden.
const ANY_KEY = new RegExp(builtinRules.map((rule) => `(?:${rule.prefix})(?:${rule.redactBody})`).join('|'), 'g');

/**
 * Replaces everything shaped like a Runtype key in free text (a log line, an error message, a
 * snippet) by its redacted form. Apply to any text that may have passed near a key.
 */
export function redactText(text: string): string {
  return text.replace(ANY_KEY, (key) => redactKey(key));
}

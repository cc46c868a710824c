import { getEnvValue, setEnvValue } from '@rt-guard/core';

/**
 * Host-free edits of `.env` and `.gitignore` text. Other lines stay byte for byte as they were.
 */

/**
 * Sets `name=value` in a `.env` text with core's editor (the one `rt-guard rotate` uses): replaces
 * every assignment of `name` in place or appends one. `undefined` means the file does not exist yet.
 */
export function setDotenvValue(text: string | undefined, name: string, value: string): string {
  return setEnvValue(text ?? '', name, value);
}

/** The value assigned to `name` in a `.env` text, without quotes (core's reader). */
export function getDotenvValue(text: string, name: string): string | undefined {
  return getEnvValue(text, name);
}

/**
 * Makes sure `.gitignore` ignores `.env` at the root. `isIgnored` is the caller's check (git
 * check-ignore or the `ignore` package) so negations and globs are judged like git does.
 * Returns the new text, or undefined when nothing needs to change.
 */
export function ensureGitignored(text: string | undefined, isIgnored: boolean, entry = '.env'): string | undefined {
  if (isIgnored) return undefined;
  if (text === undefined || text === '') return `${entry}\n`;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return `${text}${text.endsWith('\n') ? '' : eol}${entry}${eol}`;
}

/**
 * The variable to store `value` under: `name` when it is free or already holds `value`, else
 * `name_2`, `name_3`, … so moving a second, different key never overwrites the first one.
 */
export function freeDotenvName(text: string | undefined, name: string, value: string): string {
  if (text === undefined) return name;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name}_${n}`;
    const current = getDotenvValue(text, candidate);
    if (current === undefined || current === '' || current === value) return candidate;
  }
}

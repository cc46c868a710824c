/**
 * Host-free edits of `.env` and `.gitignore` text. Other lines stay byte for byte as they were.
 */

/**
 * Sets `name=value` in a `.env` text: replaces an existing assignment of `name` (also `export name=`)
 * or appends one. `undefined` means the file does not exist yet.
 */
export function setDotenvValue(text: string | undefined, name: string, value: string): string {
  const assignment = `${name}=${value}`;
  if (text === undefined || text === '') return `${assignment}\n`;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const pattern = new RegExp(`^(\\s*(?:export\\s+)?)${name}\\s*=`);
  let replaced = false;
  const out = lines.map((line) => {
    const m = pattern.exec(line);
    if (!m || replaced) return line;
    replaced = true;
    return `${m[1]}${assignment}`;
  });
  if (replaced) return out.join(eol);
  const hasFinalNewline = text.endsWith('\n');
  return `${text}${hasFinalNewline ? '' : eol}${assignment}${eol}`;
}

/** The value assigned to `name` in a `.env` text, without quotes. */
export function getDotenvValue(text: string, name: string): string | undefined {
  const pattern = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=\\s*(.*)$`);
  for (const line of text.split(/\r?\n/)) {
    const m = pattern.exec(line);
    if (m) return m[1]!.trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return undefined;
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

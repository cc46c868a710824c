/**
 * Pure `.env` text editing: set one variable, keep every other line, comment and the line
 * endings as they are. The Node adapter (core/src/node/env-file.ts) does the atomic file write.
 */

const LINE = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(.*)$/;

/** The value of `name` in `.env` text (last assignment wins, as in dotenv), unquoted; undefined when absent. */
export function getEnvValue(text: string, name: string): string | undefined {
  let value: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (match && match[2] === name) value = unquote(match[4] ?? '');
  }
  return value;
}

/**
 * Returns `text` with `name` set to `value`: every assignment of `name` is replaced in place
 * (keeping `export`, spacing, the quote style and a trailing comment); appended when absent.
 */
export function setEnvValue(text: string, name: string, value: string): string {
  if (!/^[A-Za-z0-9_.:/+=-]*$/.test(value)) throw new TypeError('Refusing to write a value with characters that need escaping.');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  let found = false;
  const out = lines.map((line) => {
    const match = LINE.exec(line);
    if (!match || match[2] !== name) return line;
    found = true;
    const [, lead, , eq, rest = ''] = match;
    const quote = rest.startsWith('"') ? '"' : rest.startsWith("'") ? "'" : '';
    const comment = trailingComment(rest, quote);
    return `${lead}${name}${eq}${quote}${value}${quote}${comment}`;
  });
  if (found) return out.join(eol);
  const body = text.length === 0 || text.endsWith('\n') ? text : text + eol;
  return `${body}${name}=${value}${eol}`;
}

function unquote(raw: string): string {
  const trimmed = raw.trim();
  const quote = trimmed[0];
  if ((quote === '"' || quote === "'") && trimmed.indexOf(quote, 1) > 0) return trimmed.slice(1, trimmed.indexOf(quote, 1));
  return trimmed.replace(/\s+#.*$/, '');
}

function trailingComment(rest: string, quote: string): string {
  if (quote) {
    const end = rest.indexOf(quote, 1);
    return end > 0 ? rest.slice(end + 1) : '';
  }
  const match = /(\s+#.*)$/.exec(rest);
  return match?.[1] ?? '';
}

import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readRegularFile } from './read-regular-file.ts';

type Env = Record<string, string | undefined>;

/**
 * The user's global excludes file, found the way git finds it: `core.excludesFile` from the user's
 * GLOBAL git config (`$GIT_CONFIG_GLOBAL`, else `$XDG_CONFIG_HOME/git/config` or
 * `~/.config/git/config`, then `~/.gitconfig`, the last value winning; `[include] path` followed),
 * else `$XDG_CONFIG_HOME/git/ignore` or `~/.config/git/ignore`. Read without running git, and
 * never from a repository's config: `.git/config` is the repository's (hostile) and could point
 * the excludes file anywhere. Undefined when there is none to read.
 *
 * Not read (so rt-guard may block a write git would ignore, never the reverse): the system config,
 * `[includeIf]` sections, `GIT_CONFIG_COUNT`/`-c` settings, and a relative `core.excludesFile`.
 */
export function globalExcludesFile(env: Env): string | undefined {
  const home = env.HOME || undefined;
  const xdg = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : home ? join(home, '.config') : undefined;
  const files = env.GIT_CONFIG_GLOBAL !== undefined ? [env.GIT_CONFIG_GLOBAL] : [xdg && join(xdg, 'git/config'), home && join(home, '.gitconfig')];
  let value: string | null | undefined;
  for (const file of files) {
    const set = file ? excludesFileIn(file, home, 0) : undefined;
    if (set !== undefined) value = set;
  }
  if (value === undefined) return xdg ? join(xdg, 'git/ignore') : undefined;
  // A key without "= value" is an error to git, and an empty value names no file.
  if (value === null || value === '') return undefined;
  const path = expandHome(value, home);
  return path !== undefined && isAbsolute(path) ? path : undefined;
}

/** `core.excludesFile` as the config file (and what it includes) sets it last; null for a bare key. */
function excludesFileIn(file: string, home: string | undefined, depth: number): string | null | undefined {
  // A missing config file is no config; the user's own, so links are followed, but no FIFO or device.
  const data = readRegularFile(file, { follow: true, maxBytes: 1024 * 1024 });
  if (!(data instanceof Buffer)) return undefined;
  const text = data.toString('utf8');
  let found: string | null | undefined;
  for (const { section, key, value } of configEntries(text)) {
    if (section === 'core' && key === 'excludesfile') found = value;
    // git stops at 10 nested includes; an include path is relative to the file that holds it.
    if (section === 'include' && key === 'path' && value && depth < 10) {
      const target = expandHome(value, home);
      const set = target === undefined ? undefined : excludesFileIn(isAbsolute(target) ? target : resolve(dirname(file), target), home, depth + 1);
      if (set !== undefined) found = set;
    }
  }
  return found;
}

function expandHome(path: string, home: string | undefined): string | undefined {
  if (path === '~' || path.startsWith('~/')) return home ? join(home, path.slice(1)) : undefined;
  return path;
}

/**
 * The `section.key = value` entries of a git config file in order, for sections without a
 * subsection (`[core]`, `[include]`), names lower-cased; value null for a bare key. Follows git's
 * syntax: `#`/`;` comments, double quotes, `\"` `\\` `\n` `\t` `\b` escapes, `\` line continuations.
 */
export function* configEntries(text: string): Generator<{ section: string; key: string; value: string | null }> {
  let section = '';
  let i = 0;
  const n = text.length;
  const skipBlanks = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
  };
  const skipLine = () => {
    while (i < n && text[i] !== '\n') i++;
    i++;
  };
  while (i < n) {
    skipBlanks();
    const c = text[i];
    if (c === undefined) break;
    if (c === '\n') {
      i++;
      continue;
    }
    if (c === '#' || c === ';') {
      skipLine();
      continue;
    }
    if (c === '[') {
      const close = text.indexOf(']', i);
      const newline = text.indexOf('\n', i);
      if (close < 0 || (newline >= 0 && newline < close)) return; // git refuses the whole file
      const header = text.slice(i + 1, close).trim();
      // `[core]` and the legacy `[core.sub]`; `[core "sub"]` is a subsection (other keys).
      section = /^[A-Za-z0-9.-]+$/.test(header) && !header.includes('.') ? header.toLowerCase() : '\0';
      i = close + 1;
      continue; // a key may follow on the same line
    }
    const name = /^[A-Za-z][A-Za-z0-9-]*/.exec(text.slice(i, i + 256))?.[0];
    if (name === undefined) return; // bad config: git refuses it
    i += name.length;
    skipBlanks();
    if (i >= n || text[i] === '\n' || text[i] === '#' || text[i] === ';') {
      skipLine();
      yield { section, key: name.toLowerCase(), value: null };
      continue;
    }
    if (text[i] !== '=') return;
    i++;
    const value = readValue();
    if (value === undefined) return;
    yield { section, key: name.toLowerCase(), value };
  }

  function readValue(): string | undefined {
    let out = '';
    let pendingSpace = '';
    let quoted = false;
    for (; i < n; i++) {
      const ch = text[i]!;
      if (ch === '\n') {
        if (quoted) return undefined;
        i++;
        return out;
      }
      if (!quoted && (ch === '#' || ch === ';')) {
        skipLine();
        return out;
      }
      if (!quoted && (ch === ' ' || ch === '\t' || ch === '\r')) {
        if (out !== '') pendingSpace += ' '; // git keeps inner blanks as spaces, drops trailing ones
        continue;
      }
      out += pendingSpace;
      pendingSpace = '';
      if (ch === '"') quoted = !quoted;
      else if (ch === '\\') {
        const next = text[++i];
        if (next === '\n') continue;
        if (next === '\r' && text[i + 1] === '\n') {
          i++;
          continue;
        }
        const escaped = next === 'n' ? '\n' : next === 't' ? '\t' : next === 'b' ? '\b' : next === '"' || next === '\\' ? next : undefined;
        if (escaped === undefined) return undefined;
        out += escaped;
      } else out += ch;
    }
    return quoted ? undefined : out;
  }
}

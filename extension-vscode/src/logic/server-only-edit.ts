import { publicPrefixOf, serverVariableName } from '@rt-guard/core';

/**
 * Host-free part of "Make this server-only": find the public-prefixed variable on a line, the
 * places a `.env` text defines it, and the places code reads it.
 */

/** A `[start, end)` range of UTF-16 offsets in a text. */
export interface TextSpan {
  start: number;
  end: number;
}

const IDENTIFIER = /(?<![A-Za-z0-9_$])[A-Z][A-Z0-9_]*[A-Z0-9]/g;

/**
 * The public-prefixed variable nearest before `column` (0-based) on `line`, or the one the column
 * sits in: `NEXT_PUBLIC_RUNTYPE_API_KEY=rt_live_…` → `NEXT_PUBLIC_RUNTYPE_API_KEY`.
 */
export function publicVariableAt(line: string, column: number): { name: string; serverName: string } | undefined {
  let best: string | undefined;
  for (const m of line.matchAll(IDENTIFIER)) {
    if (m.index > column) break;
    if (publicPrefixOf(m[0]) !== undefined) best = m[0];
  }
  if (best === undefined) {
    // The cursor may sit on the name itself, after `column` in the loop's sense.
    for (const m of line.matchAll(IDENTIFIER)) {
      if (m.index <= column && column <= m.index + m[0].length && publicPrefixOf(m[0]) !== undefined) best = m[0];
    }
  }
  const serverName = best === undefined ? undefined : serverVariableName(best);
  return best === undefined || serverName === undefined ? undefined : { name: best, serverName };
}

/** Where a `.env` text assigns `name` (`NAME=…`, `export NAME=…`): the spans of the name. */
export function envDefinitions(text: string, name: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const pattern = new RegExp(`^([ \\t]*(?:export[ \\t]+)?)${escape(name)}(?=[ \\t]*[=:])`, 'gm');
  for (const m of text.matchAll(pattern)) spans.push({ start: m.index + m[1]!.length, end: m.index + m[0].length });
  return spans;
}

/** Whether a `.env` text already defines `name`: renaming onto it would make two definitions. */
export function definesEnv(text: string, name: string): boolean {
  return envDefinitions(text, name).length > 0;
}

/** Every whole-word occurrence of `name` in code (`process.env.NAME`, `import.meta.env.NAME`, `env["NAME"]`). */
export function variableReads(text: string, name: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const m of text.matchAll(new RegExp(`(?<![A-Za-z0-9_$])${escape(name)}(?![A-Za-z0-9_$])`, 'g'))) {
    spans.push({ start: m.index, end: m.index + name.length });
  }
  return spans;
}

/** Whether a file name is a dotenv file: `.env`, `.env.local`, `.env.production.local`, `.env.example`. */
export function isDotenvFileName(fileName: string): boolean {
  return /^\.env(?:\.[A-Za-z0-9_-]+)*$/.test(fileName);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

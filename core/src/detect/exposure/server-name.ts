import { PUBLIC_ENV_PREFIXES } from './rules.ts';

/** The public prefix a variable name starts with, if any: `NEXT_PUBLIC_X` → `NEXT_PUBLIC_`. */
export function publicPrefixOf(name: string): string | undefined {
  return PUBLIC_ENV_PREFIXES.find(({ prefix }) => name.startsWith(prefix) && name.length > prefix.length)?.prefix;
}

/**
 * The server-only name of a public-prefixed variable: the prefix dropped, so no framework inlines
 * it into client code. `NEXT_PUBLIC_RUNTYPE_API_KEY` → `RUNTYPE_API_KEY`; undefined if not public.
 */
export function serverVariableName(name: string): string | undefined {
  const prefix = publicPrefixOf(name);
  if (prefix === undefined) return undefined;
  const rest = name.slice(prefix.length);
  // `VITE_1KEY` → `1KEY` is no variable name; keep it valid.
  return /^[A-Za-z_]/.test(rest) ? rest : `_${rest}`;
}

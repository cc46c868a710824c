import type { Attribution } from './types.ts';

/** How far around a match we look for vendor names. */
export const CONTEXT_WINDOW = 300;

// Runtype markers: its name (RUNTYPE_API_KEY, Runtype()), its API host, its npm scope.
const RUNTYPE = /runtype|@runtypelabs\//gi;
// RunTools issues the same prefixes (shared/runtype-api.md).
const RUNTOOLS = /runtools/gi;

/** Vendor markers anywhere in a whole text, used when the window around a key names neither. */
export function fileAttribution(text: string): Attribution {
  const hasRuntype = /runtype/i.test(text);
  const hasRuntools = /runtools/i.test(text);
  if (hasRuntype === hasRuntools) return 'ambiguous';
  return hasRuntype ? 'runtype' : 'other';
}

/**
 * Attributes the key at `[start, end)` of `text` from the nearest vendor marker within
 * CONTEXT_WINDOW characters; falls back to `fallback` (the file-level attribution, or a function
 * computing it, so a whole file is searched for vendor names only when a key needs it).
 */
export function attribute(text: string, start: number, end: number, fallback: Attribution | (() => Attribution)): Attribution {
  const from = Math.max(0, start - CONTEXT_WINDOW);
  const window = text.slice(from, Math.min(text.length, end + CONTEXT_WINDOW));
  const keyStart = start - from;
  const keyEnd = end - from;
  const runtype = nearest(window, RUNTYPE, keyStart, keyEnd);
  const runtools = nearest(window, RUNTOOLS, keyStart, keyEnd);
  if (runtype === Infinity && runtools === Infinity) return typeof fallback === 'function' ? fallback() : fallback;
  return runtype <= runtools ? 'runtype' : 'other';
}

function nearest(window: string, pattern: RegExp, keyStart: number, keyEnd: number): number {
  let best = Infinity;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(window); m; m = pattern.exec(window)) {
    const distance = m.index >= keyEnd ? m.index - keyEnd : Math.max(0, keyStart - (m.index + m[0].length));
    if (distance < best) best = distance;
  }
  return best;
}

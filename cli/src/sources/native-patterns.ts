import { base64Needles, type Rule } from '@rt-guard/core';

/**
 * The one regular expression a native search (ripgrep, `git grep -P`) runs to pick the files the
 * engine could report anything in. Derived from the rules, so a new rule needs nothing here:
 * - a plain key needs one of the rule's keywords followed by its body. When the body is a
 *   character class with a minimum length (`[A-Za-z0-9]{16,128}`) and the prefix spells exactly the
 *   keywords, the pattern is the keyword plus that many body characters (the engine's placeholder
 *   near-misses such as `rt_live_your_api_key_here` then never reach Node); otherwise the keyword alone;
 * - a base64 key needs one of the base64 spellings of its keyword (the engine's own needles).
 * Every pattern is a necessary condition of a finding, so the files it picks are a superset of the
 * files with findings: the native search may pick more files, never fewer.
 */
export function nativeSearchPattern(rules: readonly Rule[]): string {
  const alternatives = new Set<string>();
  for (const rule of rules) {
    const minBody = minimumBody(rule);
    for (const keyword of rule.keywords) {
      alternatives.add(minBody === undefined ? escapeRegex(keyword) : `${escapeRegex(keyword)}${minBody}`);
      if (rule.scanBase64) for (const needle of base64Needles(keyword)) alternatives.add(escapeRegex(needle));
    }
  }
  return [...alternatives].join('|');
}

/** `[A-Za-z0-9]{16}` for a body `[A-Za-z0-9]{16,128}` whose prefix spells exactly the keywords. */
function minimumBody(rule: Rule): string | undefined {
  const body = /^(\[[A-Za-z0-9-]+\])\{(\d+),(\d*)\}$/.exec(rule.body);
  if (!body || !/^\[(?:A-Z|a-z|0-9)+\]$/.test(body[1]!)) return undefined;
  const spelled = spellings(rule.prefix);
  if (!spelled || spelled.length !== rule.keywords.length || !spelled.every((s) => rule.keywords.includes(s))) return undefined;
  return `${body[1]}{${body[2]}}`;
}

/** The strings a prefix matches, when it is a literal with at most one `(?:a|b)` group of literals. */
function spellings(prefix: string): string[] | undefined {
  const m = /^([A-Za-z0-9_]*)(?:\(\?:([A-Za-z0-9_|]+)\))?([A-Za-z0-9_]*)$/.exec(prefix);
  if (!m) return undefined;
  const options = m[2] === undefined ? [''] : m[2].split('|');
  return options.map((option) => `${m[1]}${option}${m[3]}`);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, (ch) => (ch === '/' || ch === '-' ? ch : `\\${ch}`));
}

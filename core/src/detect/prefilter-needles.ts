import { base64Needles } from './base64.ts';
import { builtinRules } from './rules/index.ts';
import type { Rule } from './types.ts';

/** The needles of the keyword prefilter, split by how they are searched. */
export interface NeedleSets {
  /** The rules' literal keywords (each holds a `_`). */
  plain: string[];
  /** Base64 spellings of the keywords of rules that are looked for inside base64 blobs. */
  base64: string[];
}

/** The prefilter needles of `rules`, deduplicated, plain keywords and base64 spellings apart. */
export function prefilterNeedleSets(rules: readonly Rule[] = builtinRules): NeedleSets {
  const plain = new Set<string>();
  const base64 = new Set<string>();
  for (const rule of rules) {
    for (const keyword of rule.keywords) {
      plain.add(keyword);
      if (rule.scanBase64) for (const needle of base64Needles(keyword)) base64.add(needle);
    }
  }
  return { plain: [...plain], base64: [...base64] };
}

/**
 * Literal strings of which every text a rule could match contains one: the keywords and the base64
 * spellings of the base64-scanned keywords. The engine's prefilter, the CLI's byte prefilter and
 * the git hook's `grep -F` all search for these, so a text without any holds no finding.
 * Default: the built-in rules.
 */
export function prefilterNeedles(rules: readonly Rule[] = builtinRules): string[] {
  const { plain, base64 } = prefilterNeedleSets(rules);
  return [...new Set([...plain, ...base64])];
}

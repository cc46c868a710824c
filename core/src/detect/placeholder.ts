import { shannonEntropy } from './entropy.ts';

/**
 * Thresholds that separate a real key body from a placeholder or an identifier. A random
 * 16-character base62 body has entropy ≈ 3.7 bits/char (32 characters: ≈ 4.6), so 3.0 keeps every
 * plausible key while dropping `aaaabbbb…`-style fillers. Table-tested in placeholder.test.ts.
 */
export const THRESHOLDS = {
  /** Minimum Shannon entropy, bits per character. */
  minEntropy: 3.0,
  /** A run of this many identical characters marks a filler (random chance ≈ 28·62⁻⁴ ≈ 2e-6). */
  maxRepeatRun: 5,
  /** A run of this many ascending characters (abcde, 12345) marks a filler. */
  maxSequentialRun: 5,
} as const;

/** Words that appear in documentation placeholders, matched case-insensitively. */
const PLACEHOLDER_WORDS = ['example', 'placeholder', 'redacted', 'changeme', 'sample', 'dummy', 'insert', 'yourkey', 'abc123', 'secret'];
/** Short words, matched only in lower case to keep random bodies from tripping them. */
const PLACEHOLDER_WORDS_LOWER = ['your', 'here', 'fake', 'xxxx', 'mock'];

/** Why a body is not a secret, or undefined when it looks like one. */
export function placeholderReason(body: string): string | undefined {
  const lower = body.toLowerCase();
  for (const word of PLACEHOLDER_WORDS) if (lower.includes(word)) return `placeholder word "${word}"`;
  for (const word of PLACEHOLDER_WORDS_LOWER) if (body.includes(word)) return `placeholder word "${word}"`;
  if (longestRun(body, (a, b) => a === b) >= THRESHOLDS.maxRepeatRun) return 'repeated characters';
  if (longestRun(body, (a, b) => b.charCodeAt(0) === a.charCodeAt(0) + 1) >= THRESHOLDS.maxSequentialRun) {
    return 'sequential characters';
  }
  if (shannonEntropy(body) < THRESHOLDS.minEntropy) return 'low entropy';
  if (isMadeOfWords(body)) return 'identifier made of words';
  return undefined;
}

function longestRun(text: string, continues: (prev: string, next: string) => boolean): number {
  let best = 1;
  let run = 1;
  for (let i = 1; i < text.length; i++) {
    run = continues(text[i - 1]!, text[i]!) ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/**
 * camelCase, PascalCase, all-lower or all-upper letters with no digit: a function or constant
 * name (`rt_test_` + `handlesExpired`), not a key. A random base62 body of 16+ characters has a digit
 * with probability ≥ 94%, and the word shape below rules out almost all of the rest.
 */
function isMadeOfWords(body: string): boolean {
  if (/[0-9]/.test(body)) return false;
  if (/^[a-z]+$/.test(body) || /^[A-Z]+$/.test(body)) return true;
  const words = body.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g);
  if (!words || words.join('') !== body) return false;
  // Every word must be pronounceable: it has a vowel, and lowercase words are at least 2 long.
  return words.every((w) => /[aeiouyAEIOUY]/.test(w) && (w.length >= 2 || w === w.toUpperCase()));
}

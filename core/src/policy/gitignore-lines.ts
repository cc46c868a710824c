/*
 * Gitignore text made safe for the `ignore` package where it reads git's syntax differently,
 * in the direction that can only make a scan or a check see more files, never fewer.
 */
import type { Ignore } from 'ignore';

/**
 * `ignore` reads a negated class (`[!0-9]`, `[^a]`) as a set of its characters plus `!`/`^`, so
 * `x[!0-9].env` would hide `x1.env`, which git commits. Such a rule is made to match more files
 * where it re-includes (`!` rules: each negated class becomes `?`, or the rule `!*` when it has
 * an escape or a class that is not plain) and none where it ignores (dropped): a scan then sees
 * more files, never fewer, and a file is judged git-ignored less often, never more.
 */
export function withoutNegatedClasses(lines: readonly string[]): string[] {
  return lines.map((line) => {
    if (line.startsWith('#') || !/\[[!^]/.test(line)) return line;
    if (!line.startsWith('!')) return '';
    if (line.includes('\\')) return '!*'; // an escape may make a bracket literal: not parsed here
    const broadened = line.replace(/\[[!^]\]?[^\]\\[]*\]/g, '?');
    return /\[[!^]/.test(broadened) ? '!*' : broadened;
  });
}

interface RuleList {
  test(path: string, checkUnignored: boolean, mode: 'regex'): { ignored: boolean; unignored: boolean };
}

/**
 * The layer's rules on the path alone. `ignore`'s public test() also reports a folder above the
 * path that this one layer ignores, even where a deeper .gitignore re-included that folder (git
 * then still lists the files in it), so its rule list (ignore 7.0.5, pinned) is asked directly.
 * cli walk.test.ts and extension-vscode gitignore-judge.test.ts check against real git, so a change of
 * that inner API fails there.
 */
export function testPathItself(matcher: Ignore, path: string): { ignored: boolean; unignored: boolean } {
  const rules = (matcher as unknown as { _rules?: Partial<RuleList> })._rules;
  return typeof rules?.test === 'function' ? (rules as RuleList).test(path, true, 'regex') : matcher.test(path);
}

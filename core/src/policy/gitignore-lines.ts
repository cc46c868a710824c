/*
 * Gitignore text made safe for the `ignore` package where it reads git's syntax differently,
 * in the direction that can only make a scan or a check see more files, never fewer.
 */

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

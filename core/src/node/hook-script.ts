import { prefilterNeedles } from '../detect/prefilter-needles.ts';

// Re-exported: the hook's grep needles are the engine's own (core/src/detect/prefilter-needles.ts).
export { prefilterNeedles };

/** Git hooks rt-guard installs. */
export type HookName = 'pre-commit' | 'pre-push';

/** First-line tag of every hook rt-guard writes; how install and uninstall recognise their own file. */
export const HOOK_MARKER = 'rt-guard:hook v1';

/** Suffix of an existing hook moved aside at install; our hook calls it, uninstall moves it back. */
export const CHAINED_SUFFIX = '.rt-guard-chained';

/** Quotes one word for POSIX sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The hook file's text. `command` is the argv prefix that runs rt-guard (absolute node + rt-guard's entry point, e.g. `cli/dist/bin.cjs`),
 * recorded at install; when it no longer exists the hook falls back to `rt-guard` on PATH, and
 * without either it fails closed: the commit or push is blocked with instructions.
 */
export function renderHookScript(hook: HookName, command: readonly string[]): string {
  const quoted = command.map(shellQuote).join(' ');
  // Every absolute path in the recorded command must still exist for it to be used.
  const checks = command
    .map((word, i) => (i === 0 ? `[ -x ${shellQuote(word)} ]` : word.startsWith('/') ? `[ -e ${shellQuote(word)} ]` : ''))
    .filter((check) => check !== '')
    .join(' && ');
  const action = hook === 'pre-commit' ? 'commit' : 'push';
  const lines = [
    '#!/bin/sh',
    `# ${HOOK_MARKER} ${hook}: blocks a ${action} that adds Runtype API keys.`,
    '# Installed by `rt-guard hook install`; `rt-guard hook uninstall` removes it and restores the hook it chains to.',
    '',
    'run_rt_guard() {',
    `  if ${checks || 'true'}; then`,
    `    ${quoted} "$@"`,
    '    return $?',
    '  fi',
    '  if command -v rt-guard >/dev/null 2>&1; then',
    '    rt-guard "$@"',
    '    return $?',
    '  fi',
    "  cat >&2 <<'RT_GUARD_MESSAGE'",
    `rt-guard: the ${hook} hook cannot find rt-guard, so this ${action} is blocked (the hook fails closed).`,
    `  It was installed to run: ${command.join(' ').replace(/\n/g, ' ')}`,
    '  Fix it: install rt-guard again (npm install -g rt-guard, or put `rt-guard` on PATH),',
    '  then run `rt-guard hook uninstall && rt-guard hook install` in this repository.',
    `  To ${action} anyway, knowing no key check runs: git ${action} --no-verify`,
    'RT_GUARD_MESSAGE',
    '  return 2',
    '}',
    '',
    `chained="$(dirname -- "$0")/${hook}${CHAINED_SUFFIX}"`,
    '',
  ];
  if (hook === 'pre-commit') {
    const greps = ['rt-guard-diff-failed', ...prefilterNeedles()].map((needle) => `-e ${shellQuote(needle)}`).join(' ');
    lines.push(
      '# Cheap prefilter: without any key prefix (or its base64 spelling) in the staged diff, Node never starts.',
      '# Only a clear "no match" (grep status 1) skips the check: if git diff fails, the marker line matches;',
      '# if grep itself fails (status 2 or more), the full check runs too. Never a silent pass.',
      `{ git diff --cached -U0 --no-color --no-ext-diff --no-textconv 2>/dev/null || echo rt-guard-diff-failed; } | grep -qF ${greps}`,
      'if [ $? -ne 1 ]; then',
      '  run_rt_guard hook run pre-commit || exit $?',
      'fi',
      'if [ -x "$chained" ]; then',
      '  "$chained" "$@" || exit $?',
      'fi',
      'exit 0',
    );
  } else {
    lines.push(
      '# git hands the refs being pushed on stdin; both rt-guard and the chained hook need them.',
      'input=$(cat) || { echo "rt-guard: could not read the refs being pushed, so the push is blocked" >&2; exit 2; }',
      'printf \'%s\\n\' "$input" | run_rt_guard hook run pre-push "$@" || exit $?',
      'if [ -x "$chained" ]; then',
      '  printf \'%s\\n\' "$input" | "$chained" "$@" || exit $?',
      'fi',
      'exit 0',
    );
  }
  return `${lines.join('\n')}\n`;
}

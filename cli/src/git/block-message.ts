import { ruleById, type Finding } from '@rt-guard/core';

/** Which hook is blocking. */
export type BlockedAction = 'commit' | 'push';

/**
 * The message a hook prints when it blocks: each key's place (file, line, commit for a push),
 * redacted form and rule, why it matters, and what to do, including the bypass and the CI
 * backstop. Only redacted keys and fingerprints appear.
 */
export function formatBlockMessage(findings: readonly Finding[], action: BlockedAction): string {
  const count = findings.length === 1 ? 'a Runtype API key' : `${findings.length} Runtype API keys`;
  const out = [`rt-guard: ${action} blocked: it would ${action === 'commit' ? 'add' : 'publish'} ${count}.`, ''];
  for (const f of findings) {
    const where = `${f.file}:${f.line}:${f.column}${f.commit ? ` (commit ${f.commit.slice(0, 12)})` : ''}`;
    out.push(`  ${where}  ${f.redacted}  ${f.severity}`);
    out.push(`      ${descriptionOf(f.ruleId)}`);
    out.push(`      fingerprint ${f.fingerprint}`);
  }
  out.push(
    '',
    'Why: a key in git history can be read by everyone with access to the repository, its clones, forks and CI logs,',
    'and stays in history after the line is deleted. Whoever has it can call the Runtype API as your account.',
    '',
    'What to do:',
    action === 'commit'
      ? '  1. Take the key out of the file and read it from an environment variable (e.g. RUNTYPE_API_KEY), then `git add` again.'
      : '  1. Take the key out of the commits (edit the file, then `git commit --amend` or `git rebase -i`) and read it from an environment variable (e.g. RUNTYPE_API_KEY).',
    '  2. If the key was ever pushed or shared anywhere, rotate it in the Runtype dashboard: create a new key, switch your apps to it, revoke the old one.',
    '  3. If it is meant to be there (a test fixture, a revoked key), allow it with a reason: a `rt-guard:allow <reason>` comment on the',
    '     line or the line above, or {"fingerprint": "<fingerprint above>", "reason": "..."} in the "allow" list of .rt-guard.json.',
    '',
    `Bypass (not recommended): git ${action} --no-verify. The CI scan (\`rt-guard scan --git origin/main..HEAD\`) still catches the key later.`,
  );
  return `${out.join('\n')}\n`;
}

/** Printed when the check itself fails: the hook fails closed, so say why and how out. */
export function formatCheckFailedMessage(action: BlockedAction): string {
  return (
    `rt-guard: the ${action} is blocked because the key check could not run (see the error above).\n` +
    `  Fix the problem and try again. To ${action} without the check, knowing no key check runs: git ${action} --no-verify\n`
  );
}

function descriptionOf(ruleId: string): string {
  return ruleById(ruleId)?.description ?? ruleId;
}

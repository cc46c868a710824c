import type { FindingWithSecret, Verification } from '@rt-guard/core';

/** One line per distinct key: redacted form, kind, where. Never the key. */
export function describeKeys(findings: readonly FindingWithSecret[], where: string): string {
  const seen = new Map<string, FindingWithSecret>();
  for (const finding of findings) if (!seen.has(finding.fingerprint)) seen.set(finding.fingerprint, finding);
  return [...seen.values()]
    .map((f) => `  - ${f.redacted} (${kindOf(f)}, line ${f.line} of the ${labelOf(f.file, where)}; fingerprint ${f.fingerprint})`)
    .join('\n');
}

function kindOf(finding: FindingWithSecret): string {
  if (finding.environment === 'live') return 'live key';
  if (finding.environment === 'test') return 'test key';
  return finding.ruleId;
}

function labelOf(file: string, where: string): string {
  return file === 'prompt' || file === 'command' ? file : `${where}, ${file}`;
}

const ALLOW_HINT = 'Not a real key? Put "rt-guard:allow" on its line, or add its fingerprint to "allow" in .rt-guard.json with the reason.';

const USE_ENV =
  'Keep the key in a git-ignored .env file (RUNTYPE_API_KEY=…) and refer to it by name: process.env.RUNTYPE_API_KEY in code, "$RUNTYPE_API_KEY" in shell commands.';

/** The prompt holds a key: it is not sent. Shown to the user. */
export function promptBlockedMessage(findings: readonly FindingWithSecret[]): string {
  return [
    'rt-guard blocked this prompt: it contains a Runtype API key, so it was not sent to the agent.',
    describeKeys(findings, 'prompt'),
    'What to do: put the key in .env (git-ignored) as RUNTYPE_API_KEY=…, then ask again, referring to RUNTYPE_API_KEY instead of pasting the key.',
    ALLOW_HINT,
  ].join('\n');
}

/** A tool input holds a key: the tool does not run. `what` names the action ("this Bash command"). */
export function toolBlockedMessages(findings: readonly FindingWithSecret[], what: string, where: string): { user: string; agent: string } {
  const keys = describeKeys(findings, where);
  return {
    agent: [
      `rt-guard blocked ${what}: it contains a Runtype API key. Keys must never appear in commands, source files or tool inputs (they end up in logs, shell history, commits and this conversation).`,
      keys,
      `${USE_ENV} Do not repeat the key; if it must be stored, ask the user to put it in .env.`,
    ].join('\n'),
    user: [`rt-guard blocked ${what} because it contains a Runtype API key:`, keys, ALLOW_HINT].join('\n'),
  };
}

/** Reading `.env` files is denied by the project's config. */
export function dotenvReadBlockedMessages(path: string): { user: string; agent: string } {
  return {
    agent: `rt-guard blocked reading ${path}: this project's .rt-guard.json sets agent.readDotenv to "deny", so .env files stay out of the conversation. Refer to variables by name (process.env.RUNTYPE_API_KEY) instead of reading their values.`,
    user: `rt-guard blocked the agent from reading ${path} (agent.readDotenv is "deny" in .rt-guard.json).`,
  };
}

/** A key reached the conversation (a tool's output, or a file just edited). */
export function leakedMessages(
  findings: readonly FindingWithSecret[],
  source: string,
  statuses: ReadonlyMap<string, Verification | string>,
  rotateCommand: string,
): { user: string; agent: string } {
  const seen = new Map<string, FindingWithSecret>();
  for (const finding of findings) if (!seen.has(finding.fingerprint)) seen.set(finding.fingerprint, finding);
  const lines = [...seen.values()].map((f) => `  - ${f.redacted} (${kindOf(f)}, ${source}): ${describeStatus(statuses.get(f.fingerprint))}`);
  const user = [
    `rt-guard: a Runtype API key entered the agent's conversation through ${source}. The conversation is stored and sent to the model provider: treat the key as leaked.`,
    ...lines,
    `Rotate it now: ${rotateCommand}`,
  ].join('\n');
  const agent = [
    `rt-guard: ${source} contained a Runtype API key, which is now in this conversation. Do not repeat, copy or use the key in any command, file or message. Tell the user the key must be rotated with: ${rotateCommand}`,
    ...lines,
  ].join('\n');
  return { user, agent };
}

function describeStatus(status: Verification | string | undefined): string {
  if (status === undefined) return 'live status not checked (set RUNTYPE_ADMIN_TOKEN to check it)';
  if (typeof status === 'string') return status;
  const record = status.record ? ` "${status.record.name}" (${status.record.environment}, ${status.record.permissions.join(', ') || 'no permissions'})` : '';
  if (status.status === 'live') return `LIVE${record}: it works right now`;
  if (status.status === 'invalid') return `invalid${record}: the API rejects it (revoked or expired), rotate anyway if unsure`;
  return `status unknown (${status.reason ?? 'no answer'})`;
}

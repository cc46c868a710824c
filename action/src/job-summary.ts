import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { isFailing, type Finding, type Severity } from '@rt-guard/core';

/**
 * The job summary (GITHUB_STEP_SUMMARY, Markdown): what was scanned, and one row per finding with
 * its redacted key. Findings come from the report: `redacted` is all of a key that is ever shown.
 */
export function toJobSummary(findings: readonly Finding[], options: { scanned: string; failOn: Severity; warnings: readonly string[] }): string {
  const active = findings.filter((f) => !f.suppressed);
  const failing = active.filter((f) => isFailing(f, { failOn: options.failOn }));
  const lines = ['## rt-guard: Runtype API keys', '', `Scanned ${cell(options.scanned)}.`, ''];
  if (active.length === 0) {
    lines.push('No keys found.');
  } else {
    lines.push(
      `**${active.length} key(s) found**, ${failing.length} at or above \`${options.failOn}\`. Revoke or rotate each one, then remove it from the code and history.`,
      '',
    );
    lines.push('| severity | key | location | commit | rule | status |', '|---|---|---|---|---|---|');
    for (const f of active) {
      const commit = f.commit === undefined ? '' : `\`${f.commit.slice(0, 12)}\``;
      lines.push(`| ${f.severity} | \`${f.redacted}\` | ${cell(`${f.file}:${f.line}`)} | ${commit} | ${f.ruleId} | ${f.verification?.status ?? ''} |`);
    }
  }
  for (const warning of options.warnings) lines.push('', `> ${cell(warning)}`);
  return `${lines.join('\n')}\n`;
}

/** Markdown table cell text: no line breaks, no pipes, no HTML. */
function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Appends `name=value` outputs to the GITHUB_OUTPUT file, each in a heredoc with a random delimiter (as @actions/core does). */
export function writeOutputs(file: string | undefined, outputs: Record<string, string>): void {
  if (!file) return;
  let text = '';
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = `ghadelimiter_${randomBytes(16).toString('hex')}`;
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  appendFileSync(file, text);
}

/** Appends to the job summary file when the runner gives one. */
export function appendSummary(file: string | undefined, markdown: string): void {
  if (file) appendFileSync(file, markdown);
}

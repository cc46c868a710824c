import { escapeControl, type FindingWithSecret, type Verification } from '@rt-guard/core';
import { kindName, type KeyState } from './to-diagnostic.ts';

/**
 * Host-free: the hover's markdown for a key. Shows only the redacted key; `verifyLink` is a
 * `command:` URI the caller builds (VS Code runs it when clicked, with the hover's trust). Every
 * value from the API (name, permissions, dates, reasons) is untrusted text: see {@link escapeMarkdown}.
 */
export function hoverMarkdown(
  finding: FindingWithSecret,
  verification: Verification | undefined,
  state: KeyState | undefined,
  options: { hasToken: boolean; verifyLink: string },
): string {
  const lines = [`**${kindName(finding)}** \`${finding.redacted}\``, ''];
  lines.push(`- Environment: ${finding.environment ?? 'not stated by the prefix'}`);
  if (state === 'revoked') lines.push('- Status: **revoked**');
  else if (verification) {
    lines.push(`- Status: **${escapeMarkdown(verification.status)}**${verification.reason ? `: ${escapeMarkdown(verification.reason)}` : ''}`);
    const record = verification.record;
    if (record) {
      lines.push(`- Name: ${escapeMarkdown(record.name)}`);
      lines.push(`- Permissions: ${record.permissions.length > 0 ? record.permissions.map(escapeMarkdown).join(', ') : 'none'}`);
      lines.push(`- Last used: ${record.lastUsedAt ? escapeMarkdown(record.lastUsedAt) : 'never'}`);
      lines.push(`- Expires: ${record.expiresAt ? escapeMarkdown(record.expiresAt) : 'never'}`);
    } else if (verification.recordError) {
      lines.push(`- Record: ${escapeMarkdown(verification.recordError)}`);
    }
    lines.push(`- Checked: ${escapeMarkdown(verification.checkedAt)}`);
  } else {
    lines.push('- Status: not verified yet');
  }
  if (!options.hasToken) lines.push('', '_Set a management token (command "rt-guard: Set management token") to see name, permissions and last use._');
  lines.push('', `[Verify now](${options.verifyLink})`);
  return lines.join('\n');
}

/** Longest piece of API text shown in a hover. */
const MAX_VALUE_CHARS = 200;

/**
 * Untrusted text as inert markdown (issue 10): control characters (newlines, ESC, bidi overrides)
 * become visible escapes (core's `escapeControl`), so no value can start a new markdown block or
 * reorder what the reader sees; markdown and link syntax is backslash-escaped (`:` too, so no
 * `command:`/`https:` link forms); long values are cut.
 */
export function escapeMarkdown(text: string): string {
  const short = text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
  return escapeControl(short).replace(/[\\`*_{}[\]()#+!|<>~&:=$]/g, '\\$&');
}

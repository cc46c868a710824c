import type { FindingWithSecret, Verification } from '@rt-guard/core';
import { kindName, type KeyState } from './to-diagnostic.ts';

/**
 * Host-free: the hover's markdown for a key. Shows only the redacted key; `verifyLink` is a
 * `command:` URI the caller builds (VS Code runs it when clicked, with the hover's trust).
 */
export function hoverMarkdown(finding: FindingWithSecret, verification: Verification | undefined, state: KeyState | undefined, options: { hasToken: boolean; verifyLink: string }): string {
  const lines = [`**${kindName(finding)}** \`${finding.redacted}\``, ''];
  lines.push(`- Environment: ${finding.environment ?? 'not stated by the prefix'}`);
  if (state === 'revoked') lines.push('- Status: **revoked**');
  else if (verification) {
    lines.push(`- Status: **${verification.status}**${verification.reason ? `: ${escapeMarkdown(verification.reason)}` : ''}`);
    const record = verification.record;
    if (record) {
      lines.push(`- Name: ${escapeMarkdown(record.name)}`);
      lines.push(`- Permissions: ${record.permissions.length > 0 ? record.permissions.map((p) => `\`${p}\``).join(', ') : 'none'}`);
      lines.push(`- Last used: ${record.lastUsedAt ?? 'never'}`);
      lines.push(`- Expires: ${record.expiresAt ?? 'never'}`);
    } else if (verification.recordError) {
      lines.push(`- Record: ${escapeMarkdown(verification.recordError)}`);
    }
    lines.push(`- Checked: ${verification.checkedAt}`);
  } else {
    lines.push('- Status: not verified yet');
  }
  if (!options.hasToken) lines.push('', '_Set a management token (command "rt-guard: Set management token") to see name, permissions and last use._');
  lines.push('', `[Verify now](${options.verifyLink})`);
  return lines.join('\n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}

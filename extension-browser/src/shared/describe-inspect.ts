/** Host-free wording of an Inspect answer, shared by the warning dialog and the popup. */
import type { InspectResult } from './messages.ts';

/** Lines for the user; join with ' · ' for one line (dialog) or '\n' (popup). */
export function describeInspect(result: InspectResult): string[] {
  const verdict = { live: 'live: the key works', invalid: 'invalid: the API rejects it', unknown: 'unknown: could not tell' }[result.status];
  const lines = [`${result.redacted} is ${verdict}.`];
  if (result.reason) lines.push(result.reason);
  if (result.record) {
    lines.push(
      `Name: ${result.record.name}`,
      `Permissions: ${result.record.permissions.join(', ') || 'none'}`,
      `Last used: ${result.record.lastUsedAt ?? 'never'}`,
    );
  } else if (!result.hasManagementToken) {
    lines.push('Set a management token in the options to see name, permissions and last use.');
  }
  return lines;
}

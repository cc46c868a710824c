import type { Severity } from '../detect/types.ts';
import { escapeControl } from './escape-control.ts';
import { exposureLine } from './exposure-text.ts';
import { usageLine } from './usage-text.ts';
import type { ReportInput } from './types.ts';

const COMMAND: Record<Severity, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one annotation per unsuppressed finding
 * (`::error file=…,line=…,col=…::…`), then one `::notice` summary line.
 * Escaping follows the runner's rules: `%`, CR, LF in data; also `:` and `,` in properties. Control
 * characters (ESC, which the log viewer renders as colour, CR and LF in file names, bidi overrides)
 * are first shown as visible escapes: nothing untrusted reaches the log raw.
 */
export function toGithubReport(input: ReportInput): string {
  const lines: string[] = [];
  const active = input.findings.filter((f) => !f.suppressed);
  for (const f of active) {
    const properties = [
      `file=${escapeProperty(f.file)}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `endLine=${f.endLine}`,
      `endColumn=${f.endColumn}`,
      `title=${escapeProperty(`rt-guard ${f.ruleId}`)}`,
    ].join(',');
    const advice = f.severity === 'info' ? 'public by design (origin-locked), no action needed' : 'revoke or rotate this key, then remove it';
    const exposure = exposureLine(f);
    const usage = usageLine(f);
    const message = `${f.severity} ${f.redacted} (fingerprint ${f.fingerprint.slice(0, 12)}, attribution ${f.attribution}): ${exposure ?? advice}${usage ? `; ${usage}` : ''}`;
    lines.push(`::${COMMAND[f.severity]} ${properties}::${escapeData(message)}`);
  }
  for (const warning of input.warnings ?? []) lines.push(`::warning::${escapeData(warning)}`);
  lines.push(`::notice::${escapeData(`rt-guard: ${active.length} key(s) found in ${input.stats.files} file(s)`)}`);
  return `${lines.join('\n')}\n`;
}

function escapeData(text: string): string {
  return escapeControl(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

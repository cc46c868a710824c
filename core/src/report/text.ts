import { SEVERITIES, type Finding, type Severity } from '../detect/types.ts';
import { escapeControl } from './escape-control.ts';
import { exposureLine } from './exposure-text.ts';
import { usageLine } from './usage-text.ts';
import { secretOf, type ReportInput, type ReportStats } from './types.ts';

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', yellow: '\u001b[33m', cyan: '\u001b[36m' };
const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: ANSI.bold + ANSI.red,
  high: ANSI.red,
  medium: ANSI.yellow,
  low: ANSI.cyan,
  info: ANSI.dim,
};

/**
 * The human report: one block per unsuppressed finding (location, rule, redacted key, and the
 * line as a code frame, already redacted by the engine), warnings, then a one-line summary:
 * keys found, files and bytes scanned, time. Colours only when `color` is set (a TTY). File names,
 * snippets, warnings and API answers are untrusted: their control characters are shown escaped.
 */
export function toTextReport(input: ReportInput): string {
  const paint = (code: string, text: string): string => (input.color ? `${code}${text}${ANSI.reset}` : text);
  const out: string[] = [];
  const active = input.findings.filter((f) => !f.suppressed);
  for (const f of active) {
    const verification = f.verification
      ? `  ${f.verification.status === 'live' ? paint(ANSI.bold + ANSI.red, 'LIVE') : escapeControl(f.verification.status)}`
      : '';
    const where = escapeControl(f.commit ? `${f.file}:${f.line}:${f.column} @ ${f.commit.slice(0, 12)}` : `${f.file}:${f.line}:${f.column}`);
    out.push(
      `${paint(SEVERITY_COLOUR[f.severity], f.severity.padEnd(8))} ${paint(ANSI.bold, where)}  ${escapeControl(f.ruleId)}  ${escapeControl(f.redacted)}  [${f.attribution}]${verification}`,
    );
    out.push(`${paint(ANSI.dim, `${String(f.line).padStart(6)} |`)} ${escapeControl(f.snippet)}`);
    const exposure = exposureLine(f);
    if (exposure !== undefined) out.push(`${' '.repeat(6)}  ${paint(ANSI.bold, escapeControl(exposure))}`);
    const usage = usageLine(f);
    if (usage !== undefined) out.push(`${' '.repeat(6)}  ${paint(f.verification?.usedSinceLeak ? ANSI.bold + ANSI.red : ANSI.dim, escapeControl(usage))}`);
    const secret = secretOf(f);
    if (input.showSecrets && secret !== undefined) out.push(`${' '.repeat(6)} key: ${escapeControl(secret)}`);
    out.push('');
  }
  for (const warning of input.warnings ?? []) out.push(paint(ANSI.yellow, `warning: ${escapeControl(warning)}`));
  out.push(summaryLine(active, input.findings.length - active.length, input.stats));
  return `${out.join('\n')}\n`;
}

function summaryLine(active: readonly Finding[], suppressed: number, stats: ReportStats): string {
  const counts = [...SEVERITIES]
    .reverse()
    .map((severity) => [severity, active.filter((f) => f.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`);
  const found = active.length === 0 ? 'No keys found' : `${active.length} ${active.length === 1 ? 'key' : 'keys'} found (${counts.join(', ')})`;
  const hidden = suppressed > 0 ? `, ${suppressed} suppressed` : '';
  const commits = stats.commits === undefined ? '' : `, ${stats.commits} commits`;
  return `${found}${hidden} · ${stats.files} files${commits}, ${formatBytes(stats.bytes)} scanned in ${(stats.durationMs / 1000).toFixed(2)} s`;
}

/** `1536` → `1.5 KB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

import type { Finding } from '../detect/types.ts';
import { escapeJsonControls } from './escape-control.ts';
import { secretOf, type ReportInput } from './types.ts';

/** Version of the JSON report schema (docs/json-schema.md). Bumped on any breaking change. */
export const JSON_REPORT_VERSION = 1;

const FIELDS = [
  'ruleId',
  'severity',
  'attribution',
  'file',
  'line',
  'column',
  'endLine',
  'endColumn',
  'redacted',
  'fingerprint',
  'encoding',
  'environment',
  'exposure',
  'exposureReason',
  'suppressed',
  'suppressionReason',
  'verification',
  'commit',
  'authorDate',
] as const satisfies readonly (keyof Finding)[];

/**
 * The JSON report: `{"version":1,"findings":[…],"stats":{…}}`, documented in docs/json-schema.md.
 * Fields appear in a fixed order; the snippet is left out (it is for humans) and the full key only
 * appears as `secret` with `showSecrets`.
 *
 * @example JSON.parse(toJsonReport({ findings, stats })).findings[0].redacted // 'rt_live_…9x2A'
 */
export function toJsonReport(input: ReportInput): string {
  const findings = input.findings.map((finding) => {
    const out: Record<string, unknown> = {};
    for (const field of FIELDS) if (finding[field] !== undefined) out[field] = finding[field];
    out['exposure'] ??= 'unknown';
    const secret = secretOf(finding);
    if (input.showSecrets && secret !== undefined) out['secret'] = secret;
    return out;
  });
  const active = input.findings.filter((f) => !f.suppressed).length;
  const stats = {
    findings: active,
    suppressed: input.findings.length - active,
    files: input.stats.files,
    bytes: input.stats.bytes,
    skipped: input.stats.skipped,
    ...(input.stats.commits === undefined ? {} : { commits: input.stats.commits }),
    durationMs: Math.round(input.stats.durationMs),
  };
  return `${escapeJsonControls(JSON.stringify({ version: JSON_REPORT_VERSION, findings, stats, warnings: input.warnings ?? [] }, null, 2))}\n`;
}

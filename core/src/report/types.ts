import type { Finding, Rule } from '../detect/types.ts';

/** Counters every report prints in its summary. */
export interface ReportStats {
  /** Files (or blobs) read. */
  files: number;
  bytes: number;
  /** Files passed over: binary, ignored, unreadable. */
  skipped: number;
  /** Wall time of the scan in milliseconds. */
  durationMs: number;
  /** Commits read, for git sources. */
  commits?: number;
}

/** What every report formatter takes. Formatters are pure: findings in, string out. */
export interface ReportInput {
  /** Every finding, suppressed ones included (marked); each format decides what to show. */
  findings: readonly Finding[];
  stats: ReportStats;
  /** Non-fatal problems, already redacted. */
  warnings?: readonly string[];
  /** Adds the full key (`secret`) to text and json. Only `--show-secrets` sets this. Default false. */
  showSecrets?: boolean;
  /** ANSI colours in the text report; true only on a TTY. Default false. */
  color?: boolean;
  /** Reported as the tool version in SARIF. Default `0.0.0`. */
  toolVersion?: string;
  /** Rules described in SARIF's `tool.driver.rules`. Default: the built-in Runtype rules. */
  rules?: readonly Rule[];
}

/** The output formats of `rt-guard scan --format`. */
export type ReportFormat = 'text' | 'json' | 'sarif' | 'github';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'github'];

/** The full key of a finding, when it carries one (non-enumerable `secret`). */
export function secretOf(finding: Finding): string | undefined {
  const secret = (finding as { secret?: unknown }).secret;
  return typeof secret === 'string' ? secret : undefined;
}

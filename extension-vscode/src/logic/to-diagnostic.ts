import { createDetector, exposureLine, ruleName, type Detector, type FindingWithSecret } from '@rt-guard/core';
import type { DiagnosticLevel } from './settings-schema.ts';

/** What the editor should show for one finding; ranges are 0-based like VS Code's. */
export interface DiagnosticSpec {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  level: Exclude<DiagnosticLevel, 'off'>;
  message: string;
  /** The rule id, shown as the diagnostic's code. */
  code: string;
  fingerprint: string;
}

/** What is known about a key beyond the text: set by verify / revoke / rotate. */
export type KeyState = 'live' | 'invalid' | 'unknown' | 'revoked';

/** A human name for a finding's kind: its rule's name. */
export function kindName(finding: Pick<FindingWithSecret, 'ruleId'>): string {
  return ruleName(finding.ruleId);
}

/**
 * The level a finding shows at: live keys are errors, test and surface keys warnings, client tokens
 * (public by design, severity `info`) nothing. `overrides` (setting `rtGuard.severityOverrides`) is
 * looked up by rule id, then by environment.
 */
export function levelOf(
  finding: Pick<FindingWithSecret, 'ruleId' | 'severity' | 'environment'>,
  overrides: Readonly<Record<string, DiagnosticLevel>> = {},
): DiagnosticLevel {
  const override = overrides[finding.ruleId] ?? (finding.environment ? overrides[finding.environment] : undefined);
  if (override) return override;
  if (finding.severity === 'info') return 'off';
  if (finding.environment === 'live' || finding.severity === 'critical') return 'error';
  return 'warning';
}

const STATE_NOTES: Record<KeyState, string> = {
  live: ' It is LIVE: the Runtype API accepts it.',
  invalid: ' The Runtype API rejects it (invalid or expired).',
  unknown: '',
  revoked: ' It has been revoked; remove it from the file.',
};

/** Maps one finding to what the editor shows. The message holds only the redacted key. */
export function toDiagnostic(
  finding: FindingWithSecret,
  overrides: Readonly<Record<string, DiagnosticLevel>> = {},
  state?: KeyState,
): DiagnosticSpec | undefined {
  const level = levelOf(finding, overrides);
  if (level === 'off') return undefined;
  const where = finding.encoding === 'base64' ? ' (base64-encoded)' : '';
  const exposure = exposureLine(finding);
  const advice =
    state === 'revoked' ? '' : exposure === undefined ? ' Move it to an environment variable.' : ` ${exposure[0]!.toUpperCase()}${exposure.slice(1)}.`;
  return {
    startLine: finding.line - 1,
    startCharacter: finding.column - 1,
    endLine: finding.endLine - 1,
    endCharacter: finding.endColumn - 1,
    level,
    message: `${kindName(finding)} ${finding.redacted}${where} in source.${state ? STATE_NOTES[state] : ''}${advice}`,
    code: finding.ruleId,
    fingerprint: finding.fingerprint,
  };
}

/** Decides which findings count in one file; see project-policy.ts. */
export interface FindingFilter {
  /** True when the file (path relative to its workspace folder, `/` separators) is not scanned. */
  isPathIgnored(relativePath: string): boolean;
  /** Marks findings allowed by the project's config (allowlist); returns those still active. */
  apply(findings: FindingWithSecret[]): FindingWithSecret[];
}

export interface ComputeOptions {
  /** Path relative to the workspace folder, `/` separators; used for ignore paths and findings. */
  file: string;
  filter?: FindingFilter;
  overrides?: Readonly<Record<string, DiagnosticLevel>>;
  states?: ReadonlyMap<string, KeyState>;
  detector?: Detector;
}

let sharedDetector: Detector | undefined;

/**
 * Text in, diagnostics out (and the findings shown, in the same order): the whole per-change work of the editor integration, host-free so it
 * can be benchmarked. Inline `rt-guard:allow` comments and the config's allowlist drop findings.
 */
export function computeDiagnostics(text: string, options: ComputeOptions): { findings: FindingWithSecret[]; diagnostics: DiagnosticSpec[] } {
  if (options.filter?.isPathIgnored(options.file)) return { findings: [], diagnostics: [] };
  const detector = options.detector ?? (sharedDetector ??= createDetector());
  const all = detector.scan(text, { file: options.file });
  const notInline = all.filter((finding) => finding.suppressed === undefined);
  const counted = options.filter ? options.filter.apply(notInline) : notInline;
  const findings: FindingWithSecret[] = [];
  const diagnostics: DiagnosticSpec[] = [];
  for (const finding of counted) {
    const spec = toDiagnostic(finding, options.overrides, options.states?.get(finding.fingerprint));
    if (!spec) continue;
    findings.push(finding);
    diagnostics.push(spec);
  }
  return { findings, diagnostics };
}

import type { Log, ReportingDescriptor, Result, Suppression as SarifSuppression } from 'sarif';
import { builtinRules } from '../detect/rules/index.ts';
import type { Finding, Severity } from '../detect/types.ts';
import { escapeJsonControls } from './escape-control.ts';
import { exposureLine } from './exposure-text.ts';
import { usageLine } from './usage-text.ts';
import type { ReportInput } from './types.ts';

const LEVEL: Record<Severity, Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
// GitHub code scanning ranks alerts by this 0–10 score.
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.0', low: '3.0', info: '0.0' };

/** The key under which `partialFingerprints` carries the key's SHA-256: stable across line moves. */
export const SARIF_FINGERPRINT_KEY = 'rtGuardKeySha256/v1';

/**
 * SARIF 2.1.0 log with one run. Every finding becomes a result; suppressed findings carry a
 * `suppressions` entry (inline comment → `inSource`, allowlist and baseline → `external`), so code
 * scanning shows them as dismissed. Locations are relative to `%SRCROOT%`.
 */
export function toSarifReport(input: ReportInput): string {
  const rules = input.rules ?? builtinRules;
  const descriptors: ReportingDescriptor[] = rules.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description}. Prefixes: ${rule.keywords.join(', ')}.` },
    help: { text: 'Revoke or rotate the key (rt-guard rotate), then remove it from the file and from git history.' },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['security', 'secret'], 'security-severity': SECURITY_SEVERITY[rule.severity] },
  }));
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const results = input.findings.map((f) => toResult(f, index.get(f.ruleId)));
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'rt-guard', version: input.toolVersion ?? '0.0.0', rules: descriptors } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder the scan started in' } } },
        results,
      },
    ],
  };
  return `${escapeJsonControls(JSON.stringify(log, null, 2))}\n`;
}

function toResult(f: Finding, ruleIndex: number | undefined): Result {
  const result: Result = {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[f.severity],
    message: {
      text: withExposure(`${f.severity} ${f.ruleId}: ${f.redacted} (attribution: ${f.attribution}${f.encoding === 'base64' ? ', base64-encoded' : ''})`, f),
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn, snippet: { text: f.snippet } },
        },
      },
    ],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
    properties: {
      severity: f.severity,
      attribution: f.attribution,
      encoding: f.encoding,
      redacted: f.redacted,
      ...(f.environment ? { environment: f.environment } : {}),
      exposure: f.exposure ?? 'unknown',
      ...(f.exposureReason ? { exposureReason: f.exposureReason } : {}),
      ...(f.verification ? { verification: f.verification.status } : {}),
      ...(f.verification?.leakedAt
        ? { leakedAt: f.verification.leakedAt, lastUsedAt: f.verification.lastUsedAt ?? null, usedSinceLeak: f.verification.usedSinceLeak ?? null }
        : {}),
      ...(f.commit ? { commit: f.commit } : {}),
    },
  };
  if (f.suppressed) {
    const suppression: SarifSuppression = {
      kind: f.suppressed === 'inline-comment' ? 'inSource' : 'external',
      status: 'accepted',
      justification: f.suppressionReason ?? f.suppressed,
    };
    result.suppressions = [suppression];
  }
  return result;
}

function withExposure(text: string, f: Finding): string {
  const extra = [exposureLine(f), usageLine(f)].filter((line) => line !== undefined);
  return extra.length === 0 ? text : `${text}. ${extra.join('. ')}`;
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

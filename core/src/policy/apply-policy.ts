import type { Config } from '../config/types.ts';
import { ALLOW_MARKER } from '../detect/engine.ts';
import type { Finding } from '../detect/types.ts';
import type { Baseline } from './baseline.ts';

export interface PolicyOptions {
  config: Config;
  /** Fingerprints to treat as known (from `scan --baseline FILE`). */
  baseline?: Baseline | ReadonlySet<string>;
  /** Today; decides which allowlist entries have expired. */
  now: Date;
}

export interface PolicyResult<T extends Finding> {
  /** The same findings, in order, with `suppressed`/`suppressionReason` set where a rule applies. */
  findings: T[];
  /** One line per expired allowlist entry that still matches a key; never holds a key. */
  warnings: string[];
}

/**
 * Marks findings that do not count: an inline `rt-guard:allow` comment (set by the engine), an
 * allowlist entry of the config (until its `expires` day has passed, UTC), or the baseline. The
 * first reason wins in that order. Suppressed findings stay in the list so reports can show them
 * (SARIF suppressions). Returns copies; a finding's non-enumerable `secret` is carried over.
 *
 * @example applyPolicy(findings, { config, now: new Date() }).findings.filter((f) => !f.suppressed)
 */
export function applyPolicy<T extends Finding>(findings: readonly T[], options: PolicyOptions): PolicyResult<T> {
  const today = options.now.toISOString().slice(0, 10);
  const allowed = new Map<string, string>();
  const expired = new Map<string, { reason: string; expires: string }>();
  for (const entry of options.config.allow) {
    // `expires` is the last day the entry holds; YYYY-MM-DD strings compare in date order.
    if (entry.expires !== undefined && entry.expires < today) expired.set(entry.fingerprint, { reason: entry.reason, expires: entry.expires });
    else allowed.set(entry.fingerprint, entry.reason);
  }
  const baseline = options.baseline instanceof Set ? options.baseline : new Set((options.baseline as Baseline | undefined)?.fingerprints ?? []);

  const warned = new Set<string>();
  const warnings: string[] = [];
  const out = findings.map((finding) => {
    if (finding.suppressed === 'inline-comment' && finding.suppressionReason === undefined) {
      return withSecret(finding, { ...finding, suppressionReason: `${ALLOW_MARKER} comment` });
    }
    if (finding.suppressed) return finding;
    const reason = allowed.get(finding.fingerprint);
    if (reason !== undefined) return suppress(finding, 'allowlist', reason);
    const stale = expired.get(finding.fingerprint);
    if (stale && !warned.has(finding.fingerprint) && !allowed.has(finding.fingerprint)) {
      warned.add(finding.fingerprint);
      warnings.push(
        `allowlist entry for ${finding.redacted} (fingerprint ${finding.fingerprint.slice(0, 12)}…, "${stale.reason}") expired on ${stale.expires}: the key is reported again; rotate it or extend "expires"`,
      );
    }
    if (baseline.has(finding.fingerprint)) return suppress(finding, 'baseline', 'listed in the baseline');
    return finding;
  });
  return { findings: out, warnings };
}

function suppress<T extends Finding>(finding: T, kind: 'allowlist' | 'baseline', reason: string): T {
  return withSecret(finding, { ...finding, suppressed: kind, suppressionReason: reason });
}

function withSecret<T extends Finding>(finding: T, copy: T): T {
  const secret = (finding as { secret?: unknown }).secret;
  if (typeof secret === 'string') Object.defineProperty(copy, 'secret', { value: secret, enumerable: false });
  return copy;
}

import type { Config } from '../config/types.ts';
import { severityRank, type Finding } from '../detect/types.ts';

/**
 * True when a finding fails the scan (exit 1): not suppressed, not `info` (client tokens are
 * public by design), and at or above the config's `failOn` severity.
 *
 * @example isFailing(finding, { ...config, failOn: 'critical' })
 */
export function isFailing(finding: Pick<Finding, 'severity' | 'suppressed'>, config: Pick<Config, 'failOn'>): boolean {
  if (finding.suppressed || finding.severity === 'info') return false;
  return severityRank(finding.severity) >= severityRank(config.failOn);
}

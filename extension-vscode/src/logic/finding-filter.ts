import { applyPolicy, createPathFilter, type Config, type FindingWithSecret } from '@rt-guard/core';
import type { FindingFilter } from './to-diagnostic.ts';

/**
 * Host-free: the project's `.rt-guard.json` (through core's `createPathFilter` and `applyPolicy`,
 * so the editor judges exactly like the CLI) plus the `rtGuard.exclude` setting.
 */
export function createFindingFilter(config: Config, extraExcludes: readonly string[], now: () => Date = () => new Date()): FindingFilter {
  const isIgnored = createPathFilter({ ignore: [...config.ignore, ...extraExcludes] });
  return {
    isPathIgnored: isIgnored,
    apply(findings: FindingWithSecret[]): FindingWithSecret[] {
      return applyPolicy(findings, { config, now: now() }).findings.filter((finding) => finding.suppressed === undefined);
    },
  };
}

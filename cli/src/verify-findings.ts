import type { FindingWithSecret } from '@rt-guard/core';
import { CliError, type Io } from './io.ts';

export interface VerifyFindingsOptions {
  /** Parallel API requests; default 8. */
  concurrency?: number;
}

/**
 * `scan --verify`: sets `finding.verification` on each finding (deduplicated by fingerprint,
 * cached on disk by fingerprint). Never throws for a failed check: the status is then `unknown`.
 * Returns warnings (redacted) to print.
 */
export async function verifyFindings(
  _findings: FindingWithSecret[],
  _io: Io,
  _options: VerifyFindingsOptions = {},
): Promise<{ warnings: string[] }> {
  throw new CliError('scan --verify is not implemented yet');
}

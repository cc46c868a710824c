import type { FindingWithSecret } from '@rt-guard/core';

/** What a source (files, stdin, staged index, git history) hands to the scan pipeline. */
export interface SourceResult {
  findings: FindingWithSecret[];
  stats: ScanStats;
  /** Non-fatal problems (unreadable file, …), already redacted, one line each. */
  warnings: string[];
}

export interface ScanStats {
  /** Files (or blobs) read. */
  files: number;
  bytes: number;
  /** Files passed over: binary, ignored, too large for a source that refuses them, … */
  skipped: number;
  /** Commits read by git sources. */
  commits?: number;
}

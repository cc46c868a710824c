import type { Readable } from 'node:stream';
import { CliError } from '../io.ts';
import type { SourceResult } from './types.ts';

/** Options every git source takes. */
export interface GitScanOptions {
  /** Where git runs (any folder inside the repository). */
  cwd: string;
  /** Repository-relative path → true when the config's ignore rules exclude it. */
  isIgnored?: (path: string) => boolean;
}

/** `scan --staged`: exactly what the next commit adds (the index, not the working tree). */
export async function scanStaged(_options: GitScanOptions): Promise<SourceResult> {
  throw new CliError('scan --staged is not implemented yet');
}

/** `scan --git [range]`: the lines added by each commit in `range` (default: all history). */
export async function scanGitRange(_range: string | undefined, _options: GitScanOptions): Promise<SourceResult> {
  throw new CliError('scan --git is not implemented yet');
}

/** `scan --pre-push`: reads git's pre-push stdin protocol and scans exactly the commits being pushed. */
export async function scanPrePush(_stdin: Readable, _options: GitScanOptions): Promise<SourceResult> {
  throw new CliError('scan --pre-push is not implemented yet');
}

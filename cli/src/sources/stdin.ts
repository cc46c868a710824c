import { createDetector } from '@rt-guard/core';
import { scanStream } from './scan-stream.ts';
import type { SourceResult } from './types.ts';

/** `rt-guard scan -`: the whole of stdin as one file named `-`, scanned as a stream. */
export async function scanStdin(stdin: AsyncIterable<Buffer | string>, onProgress?: (bytes: number) => void): Promise<SourceResult> {
  const scanned = await scanStream(stdin, { file: '-', detector: createDetector(), ...(onProgress ? { onProgress } : {}) });
  return { findings: scanned.findings, stats: { files: 1, bytes: scanned.bytes, skipped: 0 }, warnings: [] };
}

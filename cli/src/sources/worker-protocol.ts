import type { Finding } from '@rt-guard/core';
import type { FileScanResult } from './scan-file.ts';
import type { WalkEntry } from './walk.ts';

/** Main thread → scan worker: a batch of files. */
export interface WorkerRequest {
  id: number;
  files: WalkEntry[];
}

/** Scan worker → main thread: one result per file, in order. */
export interface WorkerResponse {
  id: number;
  results: (Omit<FileScanResult, 'findings'> & { findings: { finding: Finding; secret: string }[] })[];
}

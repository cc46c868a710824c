import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FindingWithSecret } from '@rt-guard/core';
import type { FileScanResult } from './scan-file.ts';
import type { WalkEntry } from './walk.ts';
import type { WorkerRequest, WorkerResponse } from './worker-protocol.ts';

/** Files sent to a worker at once: large enough to amortise messaging, small enough to balance. */
const BATCH_SIZE = 48;

/**
 * The built worker script beside the bundle (dist/scan-worker.js), or undefined when running from
 * sources (tests), where scanning then happens on the main thread.
 */
export function workerScriptPath(): string | undefined {
  const url = new URL('./scan-worker.js', import.meta.url);
  if (url.protocol !== 'file:') return undefined;
  const path = fileURLToPath(url);
  return path.endsWith('.js') && existsSync(path) ? path : undefined;
}

/**
 * Scans `files` on `threads` worker threads. The walk keeps running on the main thread while the
 * workers read and scan; each worker has two batches in flight so it never waits for the next.
 */
export async function scanInWorkers(
  files: Iterable<WalkEntry>,
  threads: number,
  script: string,
  onResult: (result: FileScanResult) => void,
  /** Also scan on the main thread between walks (one isolate fewer to start and warm up). */
  local?: (file: WalkEntry) => Promise<FileScanResult>,
): Promise<void> {
  const workers = Array.from({ length: threads }, () => new Worker(script));
  const iterator = files[Symbol.iterator]();
  let nextId = 0;
  let done = false;
  const nextBatch = (): WalkEntry[] => {
    const batch: WalkEntry[] = [];
    while (!done && batch.length < BATCH_SIZE) {
      const step = iterator.next();
      if (step.done) done = true;
      else batch.push(step.value);
    }
    return batch;
  };
  const mainThread = async (): Promise<void> => {
    if (!local) return;
    for (let files = nextBatch(); files.length > 0; files = nextBatch()) {
      for (const file of files) onResult(await local(file));
      // Let worker replies in, so the workers are never starved of batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  try {
    await Promise.all([
      mainThread(),
      ...workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            const send = (): void => {
              const files = nextBatch();
              if (files.length === 0) {
                if (inFlight === 0) resolve();
                return;
              }
              inFlight++;
              worker.postMessage({ id: nextId++, files } satisfies WorkerRequest);
            };
            worker.on('message', (response: WorkerResponse) => {
              inFlight--;
              for (const result of response.results) {
                const findings = result.findings.map(
                  ({ finding, secret }) => Object.defineProperty(finding, 'secret', { value: secret, enumerable: false }) as FindingWithSecret,
                );
                onResult({ ...result, findings });
              }
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`scan worker stopped with exit code ${code}`));
            });
            send();
            send();
          }),
      ),
    ]);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

import { parentPort } from 'node:worker_threads';
import { createDetector } from '@rt-guard/core';
import { scanFile } from './scan-file.ts';
import type { WorkerRequest, WorkerResponse } from './worker-protocol.ts';

// Worker entry (built to dist/scan-worker.js): scans the batches of files the pool sends.
const detector = createDetector();
const port = parentPort;
if (port) {
  port.on('message', (request: WorkerRequest) => {
    void (async () => {
      const results: WorkerResponse['results'] = [];
      for (const file of request.files) {
        const result = await scanFile(file.path, file.relative, detector);
        // Structured clone drops non-enumerable properties, so the key travels beside each finding.
        results.push({ ...result, findings: result.findings.map((finding) => ({ finding: { ...finding }, secret: finding.secret })) });
      }
      port.postMessage({ id: request.id, results } satisfies WorkerResponse);
    })();
  });
}

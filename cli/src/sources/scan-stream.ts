import { StringDecoder } from 'node:string_decoder';
import { createStreamScanner, type Detector, type FindingWithSecret } from '@rt-guard/core';

export interface StreamScanOptions {
  /** Reported as `finding.file`; `-` for stdin. */
  file: string;
  detector: Detector;
  /** Called with the bytes read so far, for the progress line. */
  onProgress?: (bytes: number) => void;
}

// Small pipe chunks (64 KB) are gathered into windows of about this size before scanning: larger
// windows cost more in garbage (multi-MB strings) than they save in calls; 1 MiB measured best.
const BATCH_CHARS = 1024 * 1024;

/**
 * Scans a byte stream (stdin, a large file) through `createStreamScanner`: memory stays flat at a
 * few windows, whatever the stream's length, and a key split across chunk boundaries is found once.
 * UTF-8 is decoded incrementally; invalid bytes become U+FFFD and the scan goes on.
 */
export async function scanStream(
  chunks: AsyncIterable<Buffer | string>,
  options: StreamScanOptions,
): Promise<{ findings: FindingWithSecret[]; bytes: number }> {
  const scanner = createStreamScanner({ file: options.file, detector: options.detector });
  const decoder = new StringDecoder('utf8');
  const findings: FindingWithSecret[] = [];
  let bytes = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  let first = true;
  const flush = (): void => {
    if (pendingLength === 0) return;
    findings.push(...scanner.write(pending.join('')));
    pending = [];
    pendingLength = 0;
  };
  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === 'string') {
      bytes += Buffer.byteLength(chunk);
      text = chunk;
    } else {
      bytes += chunk.length;
      text = decoder.write(chunk);
    }
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    pending.push(text);
    pendingLength += text.length;
    options.onProgress?.(bytes);
    if (pendingLength >= BATCH_CHARS) flush();
  }
  pending.push(decoder.end());
  pendingLength += 1;
  flush();
  findings.push(...scanner.end());
  return { findings, bytes };
}

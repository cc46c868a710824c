import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import type { Detector, FindingWithSecret } from '@rt-guard/core';
import { redactText } from '@rt-guard/core';
import { createBytePrefilter, type ByteCandidates } from './byte-prefilter.ts';
import { scanStream } from './scan-stream.ts';

/** Files up to this size are read whole; larger ones stream through windows so memory stays flat. */
export const CHUNK_SIZE = 8 * 1024 * 1024;
/** A NUL byte in this many leading bytes marks a binary file (what git and ripgrep do). */
export const BINARY_SNIFF_BYTES = 8192;

/** What scanning one file produced. */
export interface FileScanResult {
  findings: FindingWithSecret[];
  bytes: number;
  /** Set when the file was passed over (binary) or could not be read. */
  skipped?: 'binary' | 'unreadable';
  /** One line, redacted, for an unreadable file. */
  warning?: string;
}

const prefilters = new WeakMap<Detector, (bytes: Buffer) => ByteCandidates>();
function prefilterOf(detector: Detector): (bytes: Buffer) => ByteCandidates {
  let prefilter = prefilters.get(detector);
  if (!prefilter) prefilters.set(detector, (prefilter = createBytePrefilter(detector)));
  return prefilter;
}

// One buffer per thread: small files are read into it without allocating.
const shared = Buffer.allocUnsafe(CHUNK_SIZE);

/**
 * Scans one file. Raw bytes are searched for key prefixes (createBytePrefilter) before anything
 * is decoded, so the common file without a candidate costs one read and a few memmem calls. Never throws: an unreadable file becomes a warning.
 */
export async function scanFile(path: string, relative: string, detector: Detector): Promise<FileScanResult> {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    // One read of up to CHUNK_SIZE bytes. A read of a regular file returns less than asked only at
    // its end, so a small file costs open, read and close: no fstat, no extra read to see EOF
    // (syscalls are most of a scan's time). A full buffer means the file may go on: stream it.
    const length = readSync(fd, shared, 0, CHUNK_SIZE, null);
    if (length === CHUNK_SIZE) {
      closeSync(fd);
      fd = undefined;
      return await scanLargeFile(path, relative, detector);
    }
    const bytes = shared.subarray(0, length);
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1) return { findings: [], bytes: length, skipped: 'binary' };
    const candidates = prefilterOf(detector)(bytes);
    if (!candidates.plain && !candidates.base64) return { findings: [], bytes: length };
    const text = stripBom(bytes.toString('utf8'));
    return { findings: detector.scan(text, { file: relative, base64: candidates.base64 }), bytes: length };
  } catch (error) {
    return unreadable(relative, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function scanLargeFile(path: string, relative: string, detector: Detector): Promise<FileScanResult> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_SIZE });
  let first = true;
  let binary = false;
  // Checks the first chunk for NUL bytes before any text is scanned.
  async function* sniffed(): AsyncGenerator<Buffer> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first) {
        first = false;
        if (chunk.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1) {
          binary = true;
          stream.destroy();
          return;
        }
      }
      yield chunk;
    }
  }
  try {
    const result = await scanStream(sniffed(), { file: relative, detector });
    return binary ? { findings: [], bytes: result.bytes, skipped: 'binary' } : result;
  } catch (error) {
    return unreadable(relative, error);
  }
}

function unreadable(relative: string, error: unknown): FileScanResult {
  const code = (error as { code?: unknown }).code;
  const why = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return { findings: [], bytes: 0, skipped: 'unreadable', warning: redactText(`cannot read ${relative} (${why}); skipped`) };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

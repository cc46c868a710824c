import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ArchiveLimitError, RATIO_GRACE_BYTES } from './limits.ts';

/** Bytes as they come: a file, an archive entry, a decompressed layer. */
export type ByteSource = AsyncIterable<Buffer>;

/** The first `size` bytes (fewer at the end of the source), and the whole source again. */
export async function peek(source: ByteSource, size: number): Promise<{ head: Buffer; all: ByteSource }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const step = await iterator.next();
    if (step.done) {
      done = true;
      break;
    }
    taken.push(step.value);
    length += step.value.length;
  }
  const head = Buffer.concat(taken);
  async function* all(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (let step = await iterator.next(); !step.done; step = await iterator.next()) yield step.value;
    } finally {
      await iterator.return?.();
    }
  }
  return { head: head.subarray(0, size), all: all() };
}

/** Calls `count` with each chunk's size as it passes (limits throw from there). */
export async function* counted(source: ByteSource, count: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    count(chunk.length);
    yield chunk;
  }
}

/** Reads a whole source into memory, refusing more than `max` bytes. */
export async function collect(source: ByteSource, max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of source) {
    length += chunk.length;
    if (length > max) throw new ArchiveLimitError(`${what} is larger than ${max} bytes, the most rt-guard holds in memory`, false);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

/**
 * Gunzips a source as it streams. Throws ArchiveLimitError once the output outgrows the input
 * by more than `maxRatio` (after RATIO_GRACE_BYTES): a gzip bomb stops after a few MiB.
 */
export async function* gunzip(source: ByteSource, maxRatio: number, what: string): AsyncGenerator<Buffer> {
  let compressed = 0;
  let inflated = 0;
  const input = Readable.from(counted(source, (n) => (compressed += n)));
  const inflate = createGunzip();
  input.on('error', (error) => inflate.destroy(error));
  input.pipe(inflate);
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > RATIO_GRACE_BYTES && inflated > maxRatio * compressed) {
        throw new ArchiveLimitError(`${what} decompresses more than ${maxRatio}:1 (a gzip bomb?)`, true);
      }
      yield chunk;
    }
  } finally {
    input.destroy();
    inflate.destroy();
  }
}

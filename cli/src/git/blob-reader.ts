import { exitCodeOf, gitFailed, spawnGit, type GitContext } from './run-git.ts';

/** Receives one blob in pieces, so a 1 GB file never sits in memory whole. */
export interface BlobSink {
  /** `size` is -1 when git reports the object missing. */
  start(size: number): void;
  data(chunk: Buffer): void;
  end(): void;
}

/**
 * Reads objects through one `git cat-file --batch` process: for each id, git answers
 * `<id> <type> <size>\n<content>\n` (or `<id> missing\n`). Blobs are handed out in order.
 */
export async function readBlobs(ids: readonly string[], context: GitContext, sinkFor: (index: number) => BlobSink): Promise<void> {
  if (ids.length === 0) return;
  const child = spawnGit(['cat-file', '--batch'], context);
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdin.on('error', () => undefined);
  child.stdin.end(ids.map((id) => `${id}\n`).join(''));
  const done = exitCodeOf(child);

  let index = 0;
  let header = Buffer.alloc(0);
  let remaining = -1; // bytes of content (+1 for the trailing newline) still to come; -1 while reading a header
  let sink: BlobSink | undefined;
  for await (const piece of child.stdout) {
    let chunk = piece as Buffer;
    while (chunk.length > 0) {
      if (remaining < 0) {
        const nl = chunk.indexOf(10);
        if (nl === -1) {
          header = Buffer.concat([header, chunk]);
          break;
        }
        const line = Buffer.concat([header, chunk.subarray(0, nl)]).toString('utf8');
        header = Buffer.alloc(0);
        chunk = chunk.subarray(nl + 1);
        sink = sinkFor(index++);
        const size = line.endsWith(' missing') ? -1 : Number(line.slice(line.lastIndexOf(' ') + 1));
        sink.start(size);
        if (size < 0) {
          sink.end();
          continue;
        }
        remaining = size + 1;
      }
      const take = Math.min(remaining, chunk.length);
      const content = chunk.subarray(0, Math.min(take, remaining - 1));
      if (content.length > 0) sink!.data(content);
      remaining -= take;
      chunk = chunk.subarray(take);
      if (remaining === 0) {
        sink!.end();
        remaining = -1;
      }
    }
  }
  const code = await done;
  if (code !== 0) throw gitFailed(['cat-file'], Buffer.concat(err).toString('utf8'), code);
}

import { createStreamScanner, type Detector, type FindingWithSecret } from '@rt-guard/core';
import { readBlobs } from './blob-reader.ts';
import { isInRuns, type FileChange } from './patch-parser.ts';
import type { GitContext } from './run-git.ts';

/** Blobs up to this size are scanned whole; larger ones through the stream scanner in pieces. */
export const WHOLE_BLOB_LIMIT = 1 << 20;

/**
 * Scans the new version of each changed file and keeps the findings that start on an added line.
 * Scanning the whole blob, not only the added lines, lets an allow comment on an unchanged line
 * above count, and lets the file's vendor context (RUNTYPE, RunTools) decide attribution.
 */
export async function scanChanges(changes: readonly FileChange[], detector: Detector, context: GitContext): Promise<FindingWithSecret[]> {
  const findings: FindingWithSecret[] = [];
  await readBlobs(
    changes.map((change) => change.blob),
    context,
    (index) => {
      const change = changes[index]!;
      const keep = (found: FindingWithSecret[]): void => {
        for (const finding of found) {
          if (!isInRuns(change.added, finding.line)) continue;
          if (change.commit !== undefined) finding.commit = change.commit;
          if (change.authorDate !== undefined) finding.authorDate = change.authorDate;
          findings.push(finding);
        }
      };
      let pieces: Buffer[] | undefined;
      let decoder: TextDecoder | undefined;
      let stream: ReturnType<typeof createStreamScanner> | undefined;
      return {
        start(size) {
          if (size <= WHOLE_BLOB_LIMIT) {
            pieces = [];
          } else {
            decoder = new TextDecoder();
            stream = createStreamScanner({ file: change.path, detector });
          }
        },
        data(chunk) {
          if (pieces) pieces.push(chunk);
          else keep(stream!.write(decoder!.decode(chunk, { stream: true })));
        },
        end() {
          if (pieces) keep(detector.scan(Buffer.concat(pieces).toString('utf8'), { file: change.path }));
          else if (stream) keep([...stream.write(decoder!.decode()), ...stream.end()]);
        },
      };
    },
  );
  return findings;
}

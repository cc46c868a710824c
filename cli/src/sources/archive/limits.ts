/**
 * Caps for looking inside archives: a hostile archive (a zip bomb, a gzip quine, a tar of a
 * million empty files, archives nested a hundred deep) ends in a warning, never in an
 * out-of-memory crash or a scan that does not end.
 */
export interface ArchiveLimits {
  /** Archives inside archives: `image.tar!layer.tar!app.zip!…`; a gzip layer counts as one. */
  maxDepth: number;
  /** Entries read in one archive, all depths together. */
  maxEntries: number;
  /** Uncompressed bytes read from one archive, all entries together. */
  maxTotalBytes: number;
  /** Uncompressed bytes of one entry scanned as text. */
  maxEntryBytes: number;
  /** Uncompressed ÷ compressed size above which data is treated as a bomb (after the first MiB). */
  maxRatio: number;
  /** Largest nested zip or source map held in memory to read it (zip needs random access). */
  maxBufferBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxDepth: 6,
  maxEntries: 100_000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxEntryBytes: 512 * 1024 ** 2,
  // Text compresses 3–15:1 with deflate; zip bombs are 1000:1 and more.
  maxRatio: 200,
  maxBufferBytes: 64 * 1024 ** 2,
};

/** Below this many uncompressed bytes the ratio is not checked: small, very compressible files are fine. */
export const RATIO_GRACE_BYTES = 1024 * 1024;

/** A limit was hit: the part named in `message` is skipped, with a warning. */
export class ArchiveLimitError extends Error {
  override name = 'ArchiveLimitError';
  constructor(
    message: string,
    /** True when the whole archive must stop (total bytes, entries, a bomb), not just one entry. */
    readonly stopsArchive: boolean,
  ) {
    super(message);
  }
}

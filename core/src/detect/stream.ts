import { fileAttribution } from './context.ts';
import { MAX_MATCH_SPAN, createDetector, type Detector } from './engine.ts';
import type { Attribution, FindingWithSecret } from './types.ts';

export interface StreamScanner {
  /** Feeds the next chunk of text; returns the findings that are now certain. */
  write(chunk: string): FindingWithSecret[];
  /** Ends the text; returns the remaining findings. */
  end(): FindingWithSecret[];
}

export interface StreamScannerOptions {
  file?: string;
  detector?: Detector;
  /** Vendor attribution for the whole stream, when the caller knows it (e.g. from a first pass). */
  fileAttribution?: Attribution;
}

/**
 * Scans text that arrives in chunks (a 1 GB file, stdin) with flat memory: each window is the
 * previous window's last MAX_MATCH_SPAN characters plus the new chunk, and a finding belongs to
 * the window it starts in, so nothing is reported twice or missed at a chunk edge. Line and column
 * numbers are absolute, also on multi-megabyte lines.
 */
export function createStreamScanner(options: StreamScannerOptions = {}): StreamScanner {
  const detector = options.detector ?? createDetector();
  const file = options.file ?? '-';
  let attribution = options.fileAttribution;
  let carry = '';
  let line = 1;
  let column = 0;

  function scan(window: string, ownedEnd: number): FindingWithSecret[] {
    // Without a caller-supplied attribution, the vendor named so far in the stream decides.
    if (options.fileAttribution === undefined && (attribution === undefined || attribution === 'ambiguous')) {
      const seen = fileAttribution(window);
      if (seen !== 'ambiguous') attribution = seen;
    }
    const findings = detector.scanWindow(window, ownedEnd, { line, column }, { file, fileAttribution: attribution ?? 'ambiguous' });
    // Advance the origin past the owned part.
    for (let nl = window.indexOf('\n'); nl !== -1 && nl < ownedEnd; nl = window.indexOf('\n', nl + 1)) {
      line++;
      column = -(nl + 1);
    }
    column += ownedEnd;
    carry = window.slice(ownedEnd);
    return findings;
  }

  return {
    write(chunk) {
      const window = carry + chunk;
      if (window.length <= MAX_MATCH_SPAN) {
        carry = window;
        return [];
      }
      return scan(window, window.length - MAX_MATCH_SPAN);
    },
    end() {
      const window = carry;
      carry = '';
      return window.length === 0 ? [] : scan(window, window.length);
    },
  };
}

import type { Detector } from '@rt-guard/core';
import type { PatchCounts } from './patch-parser.ts';

/** A file section longer than this is parsed line by line as it streams, instead of being held whole. */
const MAX_HELD_SECTION = 4 << 20;

/**
 * Sits between git's patch output and the line parser. Output is cut into sections (a commit
 * header, or one file's diff); a file section whose text holds no candidate (no key prefix, no
 * base64 needle) is only counted, never split into lines. That keeps per-line JavaScript, which
 * dominates a cold start, to the rare sections that matter: the candidate test is one native
 * regex pass over the section.
 */
export function createSectionFilter(
  detector: Detector,
  parser: { line(text: string): void; closeFile(): void; counts: PatchCounts },
  maxHeldSection = MAX_HELD_SECTION,
): { write(text: string): void; end(): void } {
  let buffer = '';
  let searchFrom = 1;
  let streaming = false; // the current section is too big to hold: its lines go straight to the parser

  function nextBoundary(from: number): number {
    const diff = buffer.indexOf('\ndiff --', from);
    const commit = buffer.indexOf('\n\x01', from);
    if (diff === -1) return commit;
    if (commit === -1) return diff;
    return Math.min(diff, commit);
  }

  function lines(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      parser.line(text.slice(start, nl));
      start = nl + 1;
    }
    if (start < text.length) parser.line(text.slice(start));
  }

  function section(text: string): void {
    if (!text.startsWith('diff --') || detector.hasCandidate(text)) {
      lines(text);
      return;
    }
    parser.closeFile();
    parser.counts.bytes += text.length;
    const headerEnd = text.indexOf('\n@@');
    const header = headerEnd === -1 ? text : text.slice(0, headerEnd);
    if (header.includes('\nBinary files ') || header.includes('\nGIT binary patch') || / 160000\n/.test(`${header}\n`)) parser.counts.skipped++;
    else if (headerEnd !== -1) parser.counts.files++;
  }

  return {
    write(text) {
      buffer += text;
      for (;;) {
        const boundary = nextBoundary(Math.max(searchFrom, 1));
        if (boundary === -1) break;
        const head = buffer.slice(0, boundary + 1);
        buffer = buffer.slice(boundary + 1);
        searchFrom = 1;
        if (streaming) {
          lines(head);
          streaming = false;
        } else {
          section(head);
        }
      }
      if (buffer.length > maxHeldSection) {
        // Hand over every complete line; keep the partial last one.
        const lastNl = buffer.lastIndexOf('\n');
        if (lastNl !== -1) {
          lines(buffer.slice(0, lastNl + 1));
          buffer = buffer.slice(lastNl + 1);
          streaming = true;
        }
      }
      searchFrom = Math.max(1, buffer.length - 8);
    },
    end() {
      if (buffer.length > 0) {
        if (streaming) lines(buffer);
        else section(buffer);
      }
      buffer = '';
    },
  };
}

import type { Detector } from '@rt-guard/core';
import { unquotePath } from './unquote-path.ts';

/** Marks a commit header in `git log --format=${COMMIT_FORMAT}` output: no patch line starts with \x01. */
export const COMMIT_FORMAT = '%x01%H %aI';

/** One file of one patch: where its added lines are, and whether any of them could hold a key. */
export interface FileChange {
  /** Commit that made the change; absent for the index. */
  commit?: string;
  authorDate?: string;
  /** Repository-relative path of the new version, `/`-separated. */
  path: string;
  /** Object id of the new version (full, from `--full-index`). */
  blob: string;
  /** Added line numbers in the new version as inclusive runs `[first, last]`, ascending. */
  added: Array<[number, number]>;
  addedBytes: number;
  /** Some added line holds a keyword or a base64 needle: only these files are read and scanned. */
  isCandidate: boolean;
}

/** Counts for ScanStats. */
export interface PatchCounts {
  /** File changes with added lines. */
  files: number;
  /** Patch text read. */
  bytes: number;
  /** Binary files and submodules: git shows no lines for them. */
  skipped: number;
  commits: number;
}

interface OpenFile {
  path?: string;
  blob?: string;
  mode?: string;
  isBinary: boolean;
  /** Columns of +/-/space before each content line: 1, or the number of parents in a combined diff. */
  columns: number;
  added: Array<[number, number]>;
  addedBytes: number;
  isCandidate: boolean;
  nextLine: number;
  inHunk: boolean;
}

/**
 * Push parser for `git diff -U0 --full-index` and `git log -p -U0 --cc --full-index` output, fed one
 * line at a time (without the newline). Content lines always start with `+`, `-`, space or `\`, so
 * headers and hunks can't be confused; paths come from the `+++ b/…` line, unquoted.
 */
export function createPatchParser(
  detector: Detector,
  onFile: (change: FileChange) => void,
  onCommit?: (sha: string) => void,
): {
  line(text: string): void;
  /** Ends the current file (the caller skipped the rest of its section). */
  closeFile(): void;
  end(): void;
  counts: PatchCounts;
} {
  const counts: PatchCounts = { files: 0, bytes: 0, skipped: 0, commits: 0 };
  let commit: string | undefined;
  let authorDate: string | undefined;
  let file: OpenFile | undefined;

  function flush(): void {
    const done = file;
    file = undefined;
    if (!done) return;
    if (done.isBinary || done.mode === '160000') {
      counts.skipped++;
      return;
    }
    if (done.added.length === 0 || done.path === undefined || done.blob === undefined) return;
    counts.files++;
    onFile({
      ...(commit !== undefined ? { commit } : {}),
      ...(authorDate !== undefined ? { authorDate } : {}),
      path: done.path,
      blob: done.blob,
      added: done.added,
      addedBytes: done.addedBytes,
      isCandidate: done.isCandidate,
    });
  }

  function addLine(open: OpenFile, content: string): void {
    const number = open.nextLine++;
    const last = open.added[open.added.length - 1];
    if (last && last[1] === number - 1) last[1] = number;
    else open.added.push([number, number]);
    open.addedBytes += content.length + 1;
    if (!open.isCandidate && detector.hasCandidate(content)) open.isCandidate = true;
  }

  function contentLine(open: OpenFile, text: string): void {
    if (text.startsWith('\\')) return; // "\ No newline at end of file"
    const marks = text.slice(0, open.columns);
    if (marks.includes('-')) return; // not in the new version
    if (open.columns === 1 ? marks === '+' : /^\++$/.test(marks)) addLine(open, text.slice(open.columns));
    else open.nextLine++; // context, or (combined) present in some parent already
  }

  function header(open: OpenFile, text: string): void {
    if (text.startsWith('@@')) {
      const at = /^(@+) .*?\+(\d+)(?:,\d+)? @+/.exec(text);
      if (!at) return;
      open.columns = at[1]!.length - 1;
      open.nextLine = Number(at[2]);
      open.inHunk = true;
    } else if (text.startsWith('index ')) {
      const blob = /\.\.([0-9a-f]+)/.exec(text)?.[1];
      if (blob) open.blob = blob;
      const mode = /^index \S+ (\d+)$/.exec(text)?.[1];
      if (mode) open.mode = mode;
    } else if (text.startsWith('new file mode ') || text.startsWith('new mode ')) {
      open.mode = text.slice(text.lastIndexOf(' ') + 1);
    } else if (text.startsWith('+++ ')) {
      // Git appends a tab to a name with a space in it, for patch(1).
      const name = unquotePath(text.slice(4).replace(/\t$/, ''));
      if (name !== '/dev/null') open.path = name.startsWith('b/') ? name.slice(2) : name;
    } else if (text.startsWith('Binary files ') || text === 'GIT binary patch') {
      open.isBinary = true;
    }
  }

  return {
    counts,
    closeFile: flush,
    line(text) {
      counts.bytes += text.length + 1;
      if (text.startsWith('\x01')) {
        flush();
        const space = text.indexOf(' ');
        commit = text.slice(1, space);
        authorDate = text.slice(space + 1);
        counts.commits++;
        onCommit?.(commit);
        return;
      }
      if (text.startsWith('diff --git ') || text.startsWith('diff --cc ') || text.startsWith('diff --combined ')) {
        flush();
        file = { isBinary: false, columns: 1, added: [], addedBytes: 0, isCandidate: false, nextLine: 0, inHunk: false };
        return;
      }
      if (!file) return;
      const first = text[0];
      if (file.inHunk && (first === '+' || first === '-' || first === ' ' || first === '\\')) contentLine(file, text);
      else header(file, text);
    },
    end: flush,
  };
}

/** True when `line` falls in one of the ascending inclusive runs. */
export function isInRuns(runs: ReadonlyArray<readonly [number, number]>, line: number): boolean {
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [first, last] = runs[mid]!;
    if (line < first) high = mid - 1;
    else if (line > last) low = mid + 1;
    else return true;
  }
  return false;
}

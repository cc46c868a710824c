import { describe, expect, it } from 'vitest';
import { createDetector } from '@rt-guard/core';
import { COMMIT_FORMAT, createPatchParser, isInRuns, type FileChange } from './patch-parser.ts';
import { unquotePath } from './unquote-path.ts';
import { parsePrePushInput } from './pre-push-input.ts';
import { createSectionFilter } from './section-filter.ts';

const BLOB = 'b'.repeat(40);

function parse(patch: string): { changes: FileChange[]; counts: ReturnType<typeof createPatchParser>['counts'] } {
  const changes: FileChange[] = [];
  const parser = createPatchParser(createDetector(), (change) => changes.push(change));
  for (const line of patch.split('\n')) parser.line(line);
  parser.end();
  return { changes, counts: parser.counts };
}

describe('patch parser', () => {
  it('numbers added lines as in the new version and marks candidates', () => {
    const { changes } = parse(
      [
        'diff --git a/x.txt b/x.txt',
        `index ${'a'.repeat(40)}..${BLOB} 100644`,
        '--- a/x.txt',
        '+++ b/x.txt',
        '@@ -2 +2,2 @@',
        '-old',
        '+new one',
        '+key rt_live_',
        '@@ -10,0 +11 @@',
        '+tail',
      ].join('\n'),
    );
    expect(changes).toEqual([
      {
        path: 'x.txt',
        blob: BLOB,
        added: [
          [2, 3],
          [11, 11],
        ],
        addedBytes: 26,
        isCandidate: true,
      },
    ]);
  });

  it('treats a content line that looks like a header as content inside a hunk', () => {
    const { changes } = parse(['diff --git a/x b/x', `index 1..${BLOB}`, '--- a/x', '+++ b/x', '@@ -0,0 +1,2 @@', '++++ b/evil', '+--- a/x'].join('\n'));
    expect(changes[0]).toMatchObject({ path: 'x', added: [[1, 2]] });
  });

  it('unquotes paths and drops the tab git adds after names with spaces', () => {
    const { changes } = parse(
      [
        'diff --git "a/caf\\303\\251 x" "b/caf\\303\\251 x"',
        `index 1..${BLOB}`,
        '+++ "b/caf\\303\\251 \\"q\\".txt"',
        '@@ -0,0 +1 @@',
        '+x',
        'diff --git a/a b b/a b',
        `index 1..${BLOB}`,
        '+++ b/a b\t',
        '@@ -0,0 +1 @@',
        '+y',
      ].join('\n'),
    );
    expect(changes.map((c) => c.path)).toEqual(['café "q".txt', 'a b']);
  });

  it('skips binary files and submodules, ignores deletions', () => {
    const { changes, counts } = parse(
      [
        'diff --git a/bin b/bin',
        `index 1..${BLOB}`,
        'Binary files a/bin and b/bin differ',
        'diff --git a/sub b/sub',
        `index 1..${BLOB} 160000`,
        '+++ b/sub',
        '@@ -1 +1 @@',
        '+Subproject commit abc',
        'diff --git a/gone b/gone',
        'deleted file mode 100644',
        `index ${BLOB}..0000000`,
        '--- a/gone',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-rt_live_',
      ].join('\n'),
    );
    expect(changes).toEqual([]);
    expect(counts.skipped).toBe(2);
  });

  it('in a combined (merge) diff, counts as added only lines new against every parent', () => {
    const { changes } = parse(
      [
        '\x01' + 'c'.repeat(40) + ' 2026-01-02T03:04:05+00:00',
        '',
        'diff --cc f.txt',
        `index 1,2..${BLOB}`,
        '--- a/f.txt',
        '+++ b/f.txt',
        '@@@ -1,1 -1,1 +1,3 @@@',
        '- ours',
        ' -theirs',
        '++resolved',
        ' +from theirs',
        '+ from ours',
      ].join('\n'),
    );
    expect(changes).toEqual([expect.objectContaining({ commit: 'c'.repeat(40), authorDate: '2026-01-02T03:04:05+00:00', path: 'f.txt', added: [[1, 1]] })]);
    expect(COMMIT_FORMAT).toContain('%x01');
  });

  it('finds lines in runs', () => {
    const runs: Array<[number, number]> = [
      [2, 3],
      [7, 7],
      [10, 20],
    ];
    expect([1, 2, 3, 4, 7, 9, 10, 15, 20, 21].map((line) => isInRuns(runs, line))).toEqual([false, true, true, false, true, false, true, true, true, false]);
  });
});

describe('unquotePath', () => {
  it('leaves plain paths alone and decodes C-style escapes and octal UTF-8 bytes', () => {
    expect(unquotePath('plain/path.txt')).toBe('plain/path.txt');
    expect(unquotePath('"tab\\there\\nnew\\\\back"')).toBe('tab\there\nnew\\back');
    expect(unquotePath('"\\346\\227\\245\\346\\234\\254.md"')).toBe('日本.md');
  });
});

describe('parsePrePushInput', () => {
  it('parses the four fields of each line and rejects anything else', () => {
    const sha = 'a'.repeat(40);
    expect(parsePrePushInput(`refs/heads/x ${sha} refs/heads/y ${'0'.repeat(40)}\n\n`)).toEqual([
      { localRef: 'refs/heads/x', localSha: sha, remoteRef: 'refs/heads/y', remoteSha: '0'.repeat(40) },
    ]);
    expect(() => parsePrePushInput('garbage')).toThrow(/unexpected pre-push input/);
  });
});

describe('section filter', () => {
  const key = 'rt_live_' + 'Zq3xW9pL2mKd7RtY4vNb8sHc1JfG6aE5';
  const patch = [
    '\x01' + 'c'.repeat(40) + ' 2026-01-02T03:04:05+00:00',
    '',
    'diff --git a/clean.txt b/clean.txt',
    `index 1..${'1'.repeat(40)}`,
    '+++ b/clean.txt',
    '@@ -0,0 +1,2 @@',
    '+nothing',
    '+here',
    'diff --git a/bin b/bin',
    `index 1..${'2'.repeat(40)}`,
    'Binary files a/bin and b/bin differ',
    'diff --git a/k.env b/k.env',
    `index 1..${BLOB}`,
    '+++ b/k.env',
    '@@ -3,0 +4 @@',
    `+RUNTYPE_API_KEY=${key}`,
    '',
  ].join('\n');

  function run(chunkSize: number, text = patch, maxHeldSection?: number) {
    const changes: FileChange[] = [];
    const commits: string[] = [];
    const parser = createPatchParser(
      createDetector(),
      (change) => changes.push(change),
      (sha) => commits.push(sha),
    );
    const filter = createSectionFilter(createDetector(), parser, maxHeldSection);
    for (let i = 0; i < text.length; i += chunkSize) filter.write(text.slice(i, i + chunkSize));
    filter.end();
    parser.end();
    return { changes, commits, counts: parser.counts };
  }

  it('hands only candidate sections to the parser, whatever the chunking, and counts the rest', () => {
    for (const size of [1, 7, 64, patch.length]) {
      const { changes, commits, counts } = run(size);
      expect(changes).toEqual([expect.objectContaining({ path: 'k.env', blob: BLOB, added: [[4, 4]], isCandidate: true, commit: 'c'.repeat(40) })]);
      expect(commits).toEqual(['c'.repeat(40)]);
      expect(counts).toEqual({ files: 2, bytes: patch.length, skipped: 1, commits: 1 });
    }
  });

  it('streams a section too big to hold, line numbers intact', () => {
    const lines = 40_000;
    const big = [
      'diff --git a/big b/big',
      `index 1..${BLOB}`,
      '+++ b/big',
      `@@ -0,0 +1,${lines + 1} @@`,
      ...Array.from({ length: lines }, () => '+filler line of text'),
      `+${key}`,
      '',
    ].join('\n');
    expect(big.length).toBeGreaterThan(8 * 65536);
    const { changes } = run(65536, big, 65536);
    expect(changes).toEqual([expect.objectContaining({ path: 'big', added: [[1, lines + 1]], isCandidate: true })]);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, buildCli } from './git/helpers.ts';
import { generateKey } from './helpers/keys.ts';

// The built CLI scans big trees on worker threads: the native prefilter must give the same report
// there too (issue 16). 2,100 candidate files, so both the walk and the prefiltered scan use workers.

const hasRipgrep = spawnSync('rg', ['--version']).status === 0;
let root: string;
beforeAll(() => {
  buildCli();
  root = mkdtempSync(join(tmpdir(), 'rt-guard-prefilter-built-'));
  for (let d = 0; d < 21; d++) {
    mkdirSync(join(root, `d${d}`));
    for (let f = 0; f < 100; f++) {
      const i = d * 100 + f;
      // A near-miss in every file (so each is a candidate), a key in some, clean filler in others.
      const near = `function rt_${'test_'}handlesExpiredKeysGracefully() {} // ${i}\n`;
      writeFileSync(join(root, `d${d}`, `f${f}.ts`), i % 97 === 0 ? `${near}const k = "${generateKey()}";\n` : near);
      writeFileSync(join(root, `d${d}`, `clean${f}.txt`), `nothing ${i}\n`);
    }
  }
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function scan(prefilter: string) {
  const result = spawnSync(process.execPath, [CLI_BIN, 'scan', '--verbose', '-f', 'json'], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, RT_GUARD_PREFILTER: prefilter, RT_GUARD_THREADS: '1' },
  });
  const report = JSON.parse(result.stdout);
  return { code: result.status, findings: report.findings, stats: { ...report.stats, durationMs: 0 }, warnings: report.warnings, err: result.stderr };
}

describe('native prefilter in the built CLI (worker threads)', () => {
  it.each(hasRipgrep ? ['rg', 'git'] : ['git'])(
    '%s: same report as reading every file',
    (mode) => {
      const walk = scan('off');
      expect(walk.findings.length).toBe(22);
      const native = scan(mode);
      expect(native.err).toMatch(/native prefilter \((ripgrep|git grep)\): 2100 of 4200 files read, 2100 ruled out/);
      expect({ code: native.code, findings: native.findings, stats: native.stats, warnings: native.warnings }).toEqual({
        code: walk.code,
        findings: walk.findings,
        stats: walk.stats,
        warnings: walk.warnings,
      });
    },
    120_000,
  );
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { scanText, type FindingWithSecret } from '@rt-guard/core';
import { compareByVerification, verifyFindings } from '../../cli/src/verify-findings.ts';
import type { Io } from '../../cli/src/io.ts';
import { tempDir } from './cli-harness.ts';
import { expectNoSecrets, randomBase62, startEmulator, type Emulator } from './helpers.ts';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

function io(env: Record<string, string>): Io {
  return { stdout: { write: () => true }, stderr: { write: () => true }, stdin: Readable.from([]), env, cwd: process.cwd(), now: () => new Date() };
}

describe('verifyFindings', () => {
  it('orders live first, dedupes by fingerprint, and never sends a RunTools key to Runtype', async () => {
    const live = emulator.mintKey({ name: 'Live one' }).plainKey;
    const dead = `rt_live_${randomBase62(32)}`;
    const runtools = `rt_live_${randomBase62(32)}`;
    const text = [`RUNTYPE_API_KEY=${dead}`, `RUNTYPE_API_KEY=${live}`, `RUNTYPE_API_KEY=${live}`].join('\n');
    const findings = [
      ...scanText(text, { file: 'x.env' }),
      ...scanText(`RUNTOOLS_API_KEY=${runtools} # api.runtools.ai`, { file: 'y.env' }),
    ] as FindingWithSecret[];
    expect(findings.map((f) => f.attribution)).toEqual(['runtype', 'runtype', 'runtype', 'other']);
    expect(findings.length).toBe(4);
    emulator.resetStats();
    const { warnings } = await verifyFindings(findings, io({ RUNTYPE_API_URL: emulator.url, RT_GUARD_NO_CACHE: '1', HOME: tempDir() }));
    expect(emulator.stats.byRoute['GET /v1/auth/me']).toBe(2);
    expect(findings.map((f) => f.verification?.status)).toEqual(['live', 'live', 'unknown', 'invalid']);
    const skipped = findings.find((f) => f.secret === runtools)!;
    expect(skipped.verification?.reason).toMatch(/RunTools/);
    expectNoSecrets(JSON.stringify(findings) + warnings.join('\n'), [live, dead, runtools]);
  });

  it('compareByVerification puts live before unknown before invalid before unchecked', () => {
    const at = new Date().toISOString();
    const list = [{}, { verification: { status: 'invalid' as const, checkedAt: at } }, { verification: { status: 'unknown' as const, checkedAt: at } }, { verification: { status: 'live' as const, checkedAt: at } }];
    expect(list.sort(compareByVerification).map((f) => ('verification' in f ? f.verification.status : 'none'))).toEqual(['live', 'unknown', 'invalid', 'none']);
  });

  it('a bad RUNTYPE_API_URL becomes a warning, not a crash', async () => {
    const findings = scanText(`RUNTYPE_API_KEY=rt_live_${randomBase62(32)}`, { file: 'x' }) as FindingWithSecret[];
    const { warnings } = await verifyFindings(findings, io({ RUNTYPE_API_URL: 'not a url', RT_GUARD_NO_CACHE: '1' }));
    expect(warnings.join()).toMatch(/--verify skipped: Invalid API URL/);
  });
});

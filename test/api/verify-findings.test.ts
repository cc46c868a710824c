import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanText, type FindingWithSecret } from '@rt-guard/core';
import { compareByVerification, createVerifier, verifyFindings } from '../../cli/src/verify-findings.ts';
import type { Io } from '../../cli/src/io.ts';
import { createTestIo } from '../helpers/io.ts';
import { liveKey } from '../helpers/keys.ts';
import { tempDir } from './cli-harness.ts';
import { expectNoSecrets, startEmulator, type Emulator } from './helpers.ts';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

function io(env: Record<string, string>): Io {
  return createTestIo(process.cwd(), { env, now: () => new Date() });
}

describe('verifyFindings', () => {
  it('orders live first, dedupes by fingerprint, and never sends a RunTools key to Runtype', async () => {
    const live = emulator.mintKey({ name: 'Live one' }).plainKey;
    const dead = liveKey();
    const runtools = liveKey();
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

  it('createVerifier checks keys as they are added, before finish, with at most `concurrency` in flight', async () => {
    const keys = Array.from({ length: 6 }, (_, i) => emulator.mintKey({ name: `Streamed ${i}` }).plainKey);
    const findingsOf = (key: string, file: string) => scanText(`RUNTYPE_API_KEY=${key}`, { file }) as FindingWithSecret[];
    const early = keys.slice(0, 5).flatMap((key, i) => findingsOf(key, `early-${i}.env`));
    const late = [...findingsOf(keys[5]!, 'late.env'), ...findingsOf(keys[0]!, 'again.env')]; // one new, one duplicate
    emulator.resetStats();
    emulator.setFaults({ latencyMs: 30 });
    try {
      const verifier = createVerifier(io({ RUNTYPE_API_URL: emulator.url, RT_GUARD_NO_CACHE: '1', HOME: tempDir() }), { concurrency: 2 });
      for (const finding of early) verifier.add(finding);
      verifier.add(early[0]!); // the same key twice is checked once
      // Requests go out while the "scan" is still running, i.e. before finish() is called.
      const deadline = Date.now() + 10_000;
      while ((emulator.stats.byRoute['GET /v1/auth/me'] ?? 0) < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(emulator.stats.byRoute['GET /v1/auth/me']).toBe(5);
      // Workers that ran dry take keys added later.
      verifier.add(late[0]!);
      const all = [...early, ...late];
      await verifier.finish(all);
      expect(emulator.stats.byRoute['GET /v1/auth/me']).toBe(6);
      expect(all.map((f) => f.verification?.status)).toEqual(Array(7).fill('live'));
      expect(emulator.stats.maxInFlight).toBe(2);
    } finally {
      emulator.setFaults({});
    }
  });

  it('compareByVerification puts live before unknown before invalid before unchecked', () => {
    const at = new Date().toISOString();
    const list = [
      {},
      { verification: { status: 'invalid' as const, checkedAt: at } },
      { verification: { status: 'unknown' as const, checkedAt: at } },
      { verification: { status: 'live' as const, checkedAt: at } },
    ];
    expect(list.sort(compareByVerification).map((f) => ('verification' in f ? f.verification.status : 'none'))).toEqual(['live', 'unknown', 'invalid', 'none']);
  });

  it('a bad RUNTYPE_API_URL becomes a warning, not a crash', async () => {
    const findings = scanText(`RUNTYPE_API_KEY=${liveKey()}`, { file: 'x' }) as FindingWithSecret[];
    const { warnings } = await verifyFindings(findings, io({ RUNTYPE_API_URL: 'not a url', RT_GUARD_NO_CACHE: '1' }));
    expect(warnings.join()).toMatch(/--verify skipped: RUNTYPE_API_URL: Invalid API URL/);
  });
});

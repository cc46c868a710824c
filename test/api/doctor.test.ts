// `rt-guard doctor` against the emulator in both shapes: which assumptions hold, read-only, no secret in the report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './cli-harness.ts';
import { expectNoSecrets, startEmulator, type Emulator } from './helpers.ts';

type Status = 'holds' | 'fails' | 'unknown' | 'skipped';
const statuses = (stdout: string): Record<string, Status> =>
  Object.fromEntries((JSON.parse(stdout) as { checks: { id: string; status: Status }[] }).checks.map((c) => [c.id, c.status]));

describe.each(['full', 'documented'] as const)('rt-guard doctor against the %s shapes', (shapes) => {
  let emulator: Emulator;
  let key: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    emulator = await startEmulator({ shapes });
    key = emulator.mintKey({ name: 'Doctor key', permissions: ['FLOWS:READ'] }).plainKey;
    emulator.mintKey({ name: 'Another key' });
    env = { RUNTYPE_API_URL: `${emulator.url}/v1/`, RUNTYPE_API_KEY: key, RUNTYPE_ADMIN_TOKEN: emulator.sessionToken, HOME: tempDir() };
  });
  afterAll(() => emulator.close());

  it('reports each assumption, makes read-only requests only, and prints no secret and no record value', async () => {
    emulator.resetStats();
    const result = await cli(['doctor', '--format', 'json'], { env });
    expectNoSecrets(result.stdout + result.stderr, [key, emulator.sessionToken, 'Doctor key', ...emulator.keys().map((k) => k.id)]);
    const routes = Object.keys(emulator.stats.byRoute);
    expect(routes.every((r) => r.startsWith('GET '))).toBe(true);
    const s = statuses(result.stdout);
    expect(s).toMatchObject({
      'runtype-401-challenge': 'holds',
      'auth-me-accepts-api-key': 'holds',
      'flows-probe-takes-api-key': 'holds',
      'list-keys': 'holds',
      'get-key': 'holds',
      'key-options': 'holds',
      'key-record-matchable': 'holds',
      'masked-key-tail': 'holds',
      // the documented searchHint is a human hint, not the key's end
      'search-hint-tail': shapes === 'documented' ? 'fails' : 'holds',
    });
    const report = JSON.parse(result.stdout);
    expect(report.apiUrl).toBe(emulator.url);
    if (shapes === 'documented') {
      expect(report.fields.get).not.toContain('isTestKey');
      expect(report.fields.get).toContain('maskedKey');
    } else expect(report.fields.get).toContain('isTestKey');
    // a human searchHint is information, not a failure: rt-guard does not rely on it
    expect(result.code).toBe(0);
    expect(report.checks.find((c: { id: string }) => c.id === 'search-hint-tail').isReliedOn).toBe(false);
  });

  it('text output names what failed; without credentials only the 401 probe runs', async () => {
    const text = await cli(['doctor'], { env });
    expectNoSecrets(text.stdout + text.stderr, [key, emulator.sessionToken]);
    expect(text.stdout).toMatch(/\[ok {2}\] runtype-401-challenge/);
    const bare = await cli(['doctor', '--format', 'json'], { env: { RUNTYPE_API_URL: emulator.url, HOME: tempDir() } });
    expect(bare.code).toBe(0);
    const s = statuses(bare.stdout);
    expect(s['runtype-401-challenge']).toBe('holds');
    expect(
      Object.entries(s)
        .filter(([id]) => id !== 'runtype-401-challenge')
        .every(([, v]) => v === 'skipped'),
    ).toBe(true);
  });

  it("sees a proxy's 401 (no challenge) and an auth/me that takes sessions only", async () => {
    emulator.setFaults({ proxy401: true });
    try {
      const proxied = await cli(['doctor', '--format', 'json'], { env });
      expect(statuses(proxied.stdout)['runtype-401-challenge']).toBe('fails');
    } finally {
      emulator.setFaults({});
    }
    const sessionsOnly = await startEmulator({ shapes, authMeAcceptsKeys: false });
    try {
      const k = sessionsOnly.mintKey({ name: 'Doctor key', permissions: ['FLOWS:READ'] }).plainKey;
      const result = await cli(['doctor', '--format', 'json'], {
        env: { ...env, RUNTYPE_API_URL: sessionsOnly.url, RUNTYPE_API_KEY: k, RUNTYPE_ADMIN_TOKEN: sessionsOnly.sessionToken },
      });
      expectNoSecrets(result.stdout, [k]);
      expect(statuses(result.stdout)).toMatchObject({ 'auth-me-accepts-api-key': 'fails', 'flows-probe-takes-api-key': 'holds' });
      expect(result.code).toBe(0);
      // a proxy answering every request breaks what rt-guard relies on: exit 1
      emulator.setFaults({ proxy401: true });
      try {
        expect((await cli(['doctor', '--format', 'json'], { env })).code).toBe(1);
      } finally {
        emulator.setFaults({});
      }
    } finally {
      await sessionsOnly.close();
    }
  });
});

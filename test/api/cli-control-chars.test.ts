import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './cli-harness.ts';
import { expectNoSecrets, startEmulator, type Emulator } from './helpers.ts';

// Issue 10 item 7: API answers (record names, permissions) never reach the terminal raw.
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const EVIL_NAME = 'ops\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eyek';
const EVIL_PERMISSION = 'FLOWS:EXECUTE\u001b[8m';

let emulator: Emulator;
let env: Record<string, string>;
beforeAll(async () => {
  emulator = await startEmulator();
  env = {
    RUNTYPE_API_URL: emulator.url,
    RUNTYPE_ADMIN_TOKEN: emulator.sessionToken,
    RT_GUARD_CACHE_DIR: tempDir(),
    RT_GUARD_STATE_DIR: tempDir(),
    HOME: tempDir(),
  };
});
afterAll(() => emulator.close());

describe('a key record with control characters in its name and permissions', () => {
  it('inspect, keys list, keys audit and revoke show them escaped', async () => {
    const { plainKey } = emulator.mintKey({ name: EVIL_NAME, permissions: [EVIL_PERMISSION] });
    const outputs = [
      await cli(['inspect'], { env, stdin: `${plainKey}\n` }),
      await cli(['keys', 'list'], { env }),
      await cli(['keys', 'audit'], { env }),
      await cli(['revoke', '--yes'], { env, stdin: `${plainKey}\n` }),
    ];
    for (const result of outputs) {
      expect(result.stdout + result.stderr).not.toMatch(RAW);
      expectNoSecrets(result.stdout + result.stderr, [plainKey, emulator.sessionToken]);
    }
    expect(outputs[0]!.stdout).toContain('ops\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202eyek');
    expect(outputs[1]!.stdout).toContain('FLOWS:EXECUTE\\x1b[8m');
    expect(outputs[3]!.stdout).toContain('Revoked "ops\\x1b]0;pwned');
  });
});

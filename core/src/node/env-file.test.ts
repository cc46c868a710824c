import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnvFileTarget } from './env-file.ts';
import { writeFileAtomic } from './atomic-write.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'rt-guard-env-'));

describe('createEnvFileTarget', () => {
  it('creates a missing .env with mode 0600', async () => {
    const d = dir();
    const target = createEnvFileTarget(join(d, '.env'), 'RUNTYPE_API_KEY');
    expect(await target.read()).toBeUndefined();
    await target.write('value1');
    expect(readFileSync(join(d, '.env'), 'utf8')).toBe('RUNTYPE_API_KEY=value1\n');
    expect(statSync(join(d, '.env')).mode & 0o777).toBe(0o600);
  });

  it('keeps other lines, comments and the existing mode; leaves no temp file', async () => {
    const d = dir();
    const path = join(d, '.env');
    writeFileSync(path, '# db\nDB=postgres://x\nRUNTYPE_API_KEY=old # prod\n', { mode: 0o644 });
    const target = createEnvFileTarget(path, 'RUNTYPE_API_KEY');
    expect(await target.read()).toBe('old');
    await target.write('value2');
    expect(readFileSync(path, 'utf8')).toBe('# db\nDB=postgres://x\nRUNTYPE_API_KEY=value2 # prod\n');
    expect(statSync(path).mode & 0o777).toBe(0o644);
    expect(readdirSync(d)).toEqual(['.env']);
  });

  it('rejects a bad variable name', () => {
    expect(() => createEnvFileTarget('/x', 'BAD NAME')).toThrow(/Invalid variable name/);
  });
});

describe('writeFileAtomic', () => {
  it('a failed write leaves the old content intact', async () => {
    const d = dir();
    const path = join(d, 'f');
    writeFileSync(path, 'old');
    await expect(writeFileAtomic(join(d, 'missing-dir', 'f'), 'new')).rejects.toThrow();
    expect(readFileSync(path, 'utf8')).toBe('old');
  });
});

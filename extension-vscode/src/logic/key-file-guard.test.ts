import { linkSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertSafeKeyFiles, unsafeKeyFileReason } from './key-file-guard.ts';

const dir = () => realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-keyfile-')));

describe('writing a key only into a regular .env (issue 10)', () => {
  it('refuses a .env the repository ships as a link to a tracked file', async () => {
    const root = dir();
    writeFileSync(join(root, 'README.md'), '# tracked\n');
    symlinkSync('README.md', join(root, '.env'));
    expect(await unsafeKeyFileReason(join(root, '.env'), '.env')).toMatch(/symbolic link/);
    await expect(assertSafeKeyFiles([[join(root, '.env'), '.env']])).rejects.toThrow(/Replace \.env with a regular file/);
  });

  it('refuses a hard link and a folder, accepts a regular file or none', async () => {
    const root = dir();
    writeFileSync(join(root, 'tracked.txt'), '');
    linkSync(join(root, 'tracked.txt'), join(root, '.env'));
    expect(await unsafeKeyFileReason(join(root, '.env'), '.env')).toMatch(/hard links/);
    mkdirSync(join(root, '.gitignore'));
    expect(await unsafeKeyFileReason(join(root, '.gitignore'), '.gitignore')).toMatch(/not a regular file/);
    const clean = dir();
    writeFileSync(join(clean, '.env'), 'A=1\n');
    expect(await unsafeKeyFileReason(join(clean, '.env'), '.env')).toBeUndefined();
    expect(await unsafeKeyFileReason(join(clean, 'missing'), '.env')).toBeUndefined();
  });
});

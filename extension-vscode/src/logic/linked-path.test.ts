import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isReachedThroughLink } from './linked-path.ts';

describe('files reached through a link (issue 10)', () => {
  it('flags files under a linked folder or linked themselves, not plain files', async () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-outside-')));
    writeFileSync(join(outside, 'secrets.env'), 'A=1\n');
    // The workspace is opened through a linked path too (as /tmp may be): only links inside count.
    const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-ws-')));
    mkdirSync(join(workspace, 'src'));
    writeFileSync(join(workspace, 'src/app.ts'), '');
    symlinkSync(outside, join(workspace, 'home'));
    symlinkSync(join(outside, 'secrets.env'), join(workspace, 'linked.env'));
    const viaLink = join(realpathSync(mkdtempSync(join(tmpdir(), 'rt-guard-alias-'))), 'ws');
    symlinkSync(workspace, viaLink);
    expect(await isReachedThroughLink(join(workspace, 'src/app.ts'), workspace)).toBe(false);
    expect(await isReachedThroughLink(join(viaLink, 'src/app.ts'), viaLink)).toBe(false);
    expect(await isReachedThroughLink(join(workspace, 'home/secrets.env'), workspace)).toBe(true);
    expect(await isReachedThroughLink(join(workspace, 'linked.env'), workspace)).toBe(true);
    expect(await isReachedThroughLink(join(outside, 'secrets.env'), workspace)).toBe(true);
  });
});

import { scanText } from '@rt-guard/core';
import { describe, expect, it } from 'vitest';
import { hoverMarkdown } from './hover-text.ts';
import { liveKey } from './test-keys.ts';

describe('hoverMarkdown', () => {
  const key = liveKey();
  const [finding] = scanText(`RUNTYPE_API_KEY=${key}`);
  it('shows the redacted key, environment, record details and the verify link, never the key', () => {
    const md = hoverMarkdown(finding!, {
      status: 'live',
      checkedAt: '2026-11-27T08:00:00.000Z',
      record: { id: 'id1', name: 'Deploy script', permissions: ['FLOWS:READ'], environment: 'live', lastUsedAt: '2026-11-26T10:00:00Z', expiresAt: null },
    }, undefined, { hasToken: true, verifyLink: 'command:rtGuard.verifyKey?x' });
    expect(md).toContain(finding!.redacted);
    expect(md).toContain('Environment: live');
    expect(md).toContain('**live**');
    expect(md).toContain('Deploy script');
    expect(md).toContain('`FLOWS:READ`');
    expect(md).toContain('Last used: 2026-11-26T10:00:00Z');
    expect(md).toContain('Expires: never');
    expect(md).toContain('[Verify now](command:rtGuard.verifyKey?x)');
    expect(md).not.toContain(key.slice(8));
  });
  it('asks for a management token when none is set', () => {
    expect(hoverMarkdown(finding!, undefined, undefined, { hasToken: false, verifyLink: 'l' })).toContain('Set a management token');
    expect(hoverMarkdown(finding!, undefined, 'revoked', { hasToken: true, verifyLink: 'l' })).toContain('**revoked**');
  });
});

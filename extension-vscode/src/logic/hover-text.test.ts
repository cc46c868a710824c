import { scanText } from '@rt-guard/core';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, hoverMarkdown } from './hover-text.ts';
import { liveKey } from '../../../test/helpers/keys.ts';

describe('hoverMarkdown', () => {
  const key = liveKey();
  const [finding] = scanText(`RUNTYPE_API_KEY=${key}`);
  it('shows the redacted key, environment, record details and the verify link, never the key', () => {
    const md = hoverMarkdown(
      finding!,
      {
        status: 'live',
        checkedAt: '2026-11-27T08:00:00.000Z',
        record: { id: 'id1', name: 'Deploy script', permissions: ['FLOWS:READ'], environment: 'live', lastUsedAt: '2026-11-26T10:00:00Z', expiresAt: null },
      },
      undefined,
      { hasToken: true, verifyLink: 'command:rtGuard.verifyKey?x' },
    );
    expect(md).toContain(finding!.redacted);
    expect(md).toContain('Environment: live');
    expect(md).toContain('**live**');
    expect(md).toContain('Deploy script');
    expect(md).toContain('Permissions: FLOWS\\:READ');
    expect(md).toContain('Last used: 2026-11-26T10\\:00\\:00Z');
    expect(md).toContain('Expires: never');
    expect(md).toContain('[Verify now](command:rtGuard.verifyKey?x)');
    expect(md).not.toContain(key.slice(8));
  });
  it('asks for a management token when none is set', () => {
    expect(hoverMarkdown(finding!, undefined, undefined, { hasToken: false, verifyLink: 'l' })).toContain('Set a management token');
    expect(hoverMarkdown(finding!, undefined, 'revoked', { hasToken: true, verifyLink: 'l' })).toContain('**revoked**');
  });

  it('renders API text inert (issue 10): no new blocks, links, HTML, code spans or terminal control characters', () => {
    const hostile = {
      id: 'id1',
      name: 'ok\n\n# Big\n[Run](command:rtGuard.setManagementToken?%5B%22x%22%5D) <img src=x> \u001b[2J\u202eevil',
      permissions: ['A`</code>`B', '[x](https://evil.example)'],
      environment: 'live' as const,
      lastUsedAt: '\n- Status: **revoked**',
      expiresAt: null,
    };
    const md = hoverMarkdown(finding!, { status: 'live', checkedAt: '2026-11-27T08:00:00.000Z', reason: '*bold* _x_', record: hostile }, undefined, {
      hasToken: true,
      verifyLink: 'command:rtGuard.verifyKey?x',
    });
    const lines = md.split('\n');
    // Our own lines only: every value stays on its line.
    expect(lines.filter((l) => l.startsWith('- ')).map((l) => l.slice(0, l.indexOf(':')))).toEqual([
      '- Environment',
      '- Status',
      '- Name',
      '- Permissions',
      '- Last used',
      '- Expires',
      '- Checked',
    ]);
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(md).toContain('\\x1b');
    expect(md).toContain('\\u202e');
    // Only our own link survives: every [ ( < ` and : of the API text is escaped.
    expect(md.match(/(?<!\\)\]\(/g)).toHaveLength(1);
    expect(lines.slice(1).join('\n')).not.toMatch(/(?<!\\)[<`]/);
    expect(md).toContain('\\*bold\\* \\_x\\_');
  });

  it('cuts long API text', () => {
    expect(escapeMarkdown('a'.repeat(5000)).length).toBeLessThan(300);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings.ts';
import { createAllowOrigin } from './allow-origin.ts';

function setup() {
  let stored: Settings = { ...DEFAULT_SETTINGS, allowlist: ['https://app.runtype.com'] };
  const saves: Settings[] = [];
  const allow = createAllowOrigin(
    async () => stored,
    async (next) => {
      saves.push(next);
      stored = next;
      return next;
    },
  );
  return {
    allow,
    saves,
    get stored() {
      return stored;
    },
  };
}

describe('allow-origin ("Always allow on this site")', () => {
  it('adds the sending page’s own origin once', async () => {
    const s = setup();
    const from = { tabId: 1, frameId: 0, url: 'https://example.com/editor?doc=1' };
    await expect(s.allow({ type: 'allow-origin', origin: 'https://example.com' }, from)).resolves.toEqual({
      allowlist: ['https://app.runtype.com', 'https://example.com'],
    });
    await s.allow({ type: 'allow-origin', origin: 'https://example.com' }, from);
    expect(s.saves).toHaveLength(1);
  });

  it('refuses to allowlist another site than the sender’s', async () => {
    const s = setup();
    await expect(
      s.allow({ type: 'allow-origin', origin: 'https://victim.test' }, { tabId: 1, frameId: 0, url: 'https://attacker.test/' }),
    ).rejects.toMatchObject({ code: 'E_ORIGIN_MISMATCH' });
    expect(s.saves).toEqual([]);
  });
});

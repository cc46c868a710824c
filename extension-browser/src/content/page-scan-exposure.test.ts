import { createDetector } from '@rt-guard/core';
import { describe, expect, it, vi } from 'vitest';
import { generateKey } from '../../../test/helpers/keys.ts';
import { scanPage } from './page-scan.ts';

vi.mock('../platform/browser.ts', () => ({ browser: {} }));
const { DetectionSchema } = await import('../shared/messages.ts');

describe('page scan exposure (issue 15)', () => {
  it('reports every key a page ships as client-exposed, with the reason, and the message schema carries it', async () => {
    const inline = generateKey('rt_test_');
    const text = generateKey();
    document.body.innerHTML = `<p>${text}</p>`;
    const script = document.createElement('script');
    script.type = 'text/plain';
    script.textContent = `const cfg = { runtype: "${inline}" };`;
    document.body.append(script);
    const findings = await scanPage(document, { detector: createDetector(), fetchText: async () => undefined });
    expect(findings).toHaveLength(2);
    for (const f of findings) {
      expect(f.exposure).toBe('client');
      expect(f.exposureReason).toBe('the page sends it to every visitor');
      expect(JSON.stringify(f)).not.toContain(f.secret);
    }
    const detection = {
      id: '1',
      ruleId: findings[0]!.ruleId,
      kind: findings[0]!.kind,
      redacted: findings[0]!.redacted,
      fingerprint: findings[0]!.fingerprint,
      source: findings[0]!.source,
      where: findings[0]!.where,
      exposure: findings[0]!.exposure,
    };
    expect(DetectionSchema.parse(detection).exposure).toBe('client');
    expect(() => DetectionSchema.parse({ ...detection, exposure: 'everywhere' })).toThrow();
  });
});

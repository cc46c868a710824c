import { describe, expect, it, vi } from 'vitest';

vi.mock('../platform/browser.ts', () => ({ browser: {} }));

const { BackgroundToContent, ContentToBackground, DetectionSchema, parseReply, PopupToBackground } = await import('./messages.ts');
const { generateKey } = await import('../../../test/helpers/keys.ts');

const detection = {
  id: 'abc',
  ruleId: 'runtype-api-key-live',
  kind: 'live',
  redacted: 'rt_live_…AbCd',
  fingerprint: 'a'.repeat(64),
  source: 'paste',
  where: 'textarea#ta',
};

describe('messages', () => {
  it('accepts each direction only its own messages', () => {
    expect(ContentToBackground.safeParse({ type: 'inspect-key', key: generateKey() }).success).toBe(true);
    expect(ContentToBackground.safeParse({ type: 'scan-tab', tabId: 1 }).success).toBe(false);
    expect(PopupToBackground.safeParse({ type: 'scan-tab', tabId: 1 }).success).toBe(true);
    expect(PopupToBackground.safeParse({ type: 'inspect-key', key: generateKey() }).success).toBe(false);
    expect(BackgroundToContent.safeParse({ type: 'reveal-key', findingId: 'abc' }).success).toBe(true);
  });

  it('only carries Runtype keys in key fields (no arbitrary text to the API)', () => {
    expect(ContentToBackground.safeParse({ type: 'revoke-key', key: 'hello' }).success).toBe(false);
    expect(ContentToBackground.safeParse({ type: 'revoke-key', key: `${generateKey()} extra` }).success).toBe(false);
    expect(ContentToBackground.safeParse({ type: 'revoke-key', key: generateKey('ct_live_') }).success).toBe(false);
    expect(ContentToBackground.safeParse({ type: 'revoke-key', key: generateKey('tv_test_') }).success).toBe(true);
  });

  it('validates detections: redacted fields only, bounded sizes', () => {
    expect(DetectionSchema.safeParse(detection).success).toBe(true);
    expect(DetectionSchema.safeParse({ ...detection, fingerprint: 'xyz' }).success).toBe(false);
    expect(DetectionSchema.safeParse({ ...detection, source: 'clipboard' }).success).toBe(false);
    expect(DetectionSchema.safeParse({ ...detection, where: 'x'.repeat(501) }).success).toBe(false);
    expect(ContentToBackground.safeParse({ type: 'report-detections', detections: Array(1001).fill(detection), isPageScan: true }).success).toBe(false);
  });

  it('parses replies: value on success, a coded error on failure, E_MESSAGE_REPLY on junk', () => {
    expect(parseReply('report-detections', { ok: true, value: { count: 2 } })).toEqual({ count: 2 });
    expect(() => parseReply('report-detections', { ok: false, error: { name: 'ApiHttpError', code: 'E_API_HTTP', message: 'status 401' } })).toThrow(
      expect.objectContaining({ code: 'E_API_HTTP', name: 'ApiHttpError', message: 'status 401' }),
    );
    expect(() => parseReply('report-detections', { ok: true, value: { count: 'two' } })).toThrow(expect.objectContaining({ code: 'E_MESSAGE_REPLY' }));
    expect(() => parseReply('reveal-key', undefined)).toThrow(expect.objectContaining({ code: 'E_MESSAGE_REPLY' }));
  });
});

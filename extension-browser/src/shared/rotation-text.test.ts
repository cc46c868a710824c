import type { RotationJournal } from '@rt-guard/core';
import { describe, expect, it } from 'vitest';
import { nextStepOf, nextStepText, rotationActions } from './rotation-text.ts';

function journal(patch: Partial<RotationJournal>): RotationJournal {
  return {
    version: 1,
    id: 'rot-1',
    mode: 'standard',
    state: 'grace',
    target: { kind: 'custom', label: 'browser' },
    startedAt: '2026-11-30T10:00:00Z',
    updatedAt: '2026-11-30T10:00:00Z',
    oldKeyId: 'k1',
    oldName: 'App',
    oldFingerprint: 'f',
    oldRedacted: 'rt_live_…abcd',
    newName: 'App (rotated 2026-11-30)',
    history: [],
    ...patch,
  };
}

describe('rotation words and buttons in the browser', () => {
  it("names the rotation page's buttons and the options page, never a CLI flag", () => {
    const texts = [
      nextStepText({ kind: 'resume-rotation', journalId: 'r' }),
      nextStepText({ kind: 'rollback-rotation', journalId: 'r', needsOldKey: true }),
      nextStepText({ kind: 'rollback-rotation', journalId: 'r', needsOldKey: false }),
      nextStepText({ kind: 'finish-rotation', journalId: 'r', graceUntil: '2026-12-07T10:00:00Z' }),
      nextStepText({ kind: 'set-management-token', needs: 'session-token' }),
      nextStepText({ kind: 'set-management-token', needs: 'key-manager' }),
      nextStepText({ kind: 'use-dashboard', action: 'rotate' }),
      nextStepText({ kind: 'retry-later' }),
      nextStepText({ kind: 'check-api-url' }),
      nextStepText({ kind: 'review-restrictions', fields: ['allowedIps', 'expiresAt'] }),
    ];
    expect(texts[0]).toBe('Click "Resume" on the rotation page to go on.');
    expect(texts[1]).toMatch(/paste it on the rotation page/);
    expect(texts[3]).toMatch(/click "Finish".*until 2026-12-07/);
    expect(texts[9]).toBe("Check the new key's allowed IPs and expiry in the Runtype dashboard.");
    for (const text of texts) {
      expect(text).not.toBe('');
      expect(text).not.toMatch(/--\w/);
    }
    expect(nextStepText(undefined)).toBe('');
  });

  it('offers Finish only once the new key is stored, Resume where core can go on, Roll back while the old value works', () => {
    expect(rotationActions(journal({ state: 'grace' }), true)).toEqual(['rollback-with-old-key']);
    expect(rotationActions(journal({ state: 'grace' }), false)).toEqual(['finish', 'rollback-with-old-key']);
    expect(rotationActions(journal({ state: 'creating' }), false)).toEqual(['resume', 'rollback']);
    expect(rotationActions(journal({ state: 'revoking-old' }), false)).toEqual(['resume']);
    expect(rotationActions(journal({ state: 'new-key-dead' }), false)).toEqual(['rollback-with-old-key']);
    expect(rotationActions(journal({ mode: 'emergency', state: 'regenerating' }), false)).toEqual(['resume']);
    expect(rotationActions(journal({ state: 'done' }), false)).toEqual([]);
  });

  it("reads a journal's next step back: Finish in grace, Roll back when the new key is dead, Resume otherwise, none when finished", () => {
    expect(nextStepOf(journal({ state: 'grace', graceUntil: '2026-12-07T10:00:00Z' }))).toEqual({
      kind: 'finish-rotation',
      journalId: 'rot-1',
      graceUntil: '2026-12-07T10:00:00Z',
    });
    expect(nextStepOf(journal({ state: 'new-key-dead' }))).toEqual({ kind: 'rollback-rotation', journalId: 'rot-1', needsOldKey: true });
    expect(nextStepOf(journal({ state: 'wired' }))).toEqual({ kind: 'resume-rotation', journalId: 'rot-1' });
    expect(nextStepOf(journal({ state: 'rolled-back' }))).toBeUndefined();
  });
});

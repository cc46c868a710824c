/**
 * The browser's words for core's rotation `NextStep` (its pages and buttons, not the CLI's flags)
 * and which buttons the rotation page offers for a journal. Host-free.
 */
import { isFinished, type NextStep, type RotationJournal } from '@rt-guard/core';

export type RotationAction = 'finish' | 'resume' | 'rollback' | 'rollback-with-old-key';

export function nextStepText(step: NextStep | undefined): string {
  if (!step) return '';
  switch (step.kind) {
    case 'resume-rotation':
      return 'Click "Resume" on the rotation page to go on.';
    case 'rollback-rotation':
      return step.needsOldKey
        ? 'The old key was not revoked: to roll back, paste it on the rotation page (rt-guard never stores it) and click "Roll back".'
        : 'Click "Roll back" on the rotation page.';
    case 'finish-rotation':
      return `Once every app uses the new key, click "Finish" to revoke the old key (otherwise it stays valid until ${step.graceUntil.slice(0, 10)}).`;
    case 'set-management-token':
      return step.needs === 'session-token'
        ? "Set a Runtype dashboard session token as the management token in rt-guard's options."
        : "Set a management token (a dashboard session token or an API key allowed to manage keys) in rt-guard's options.";
    case 'use-dashboard':
      return `${step.action === 'revoke' ? 'Revoke' : 'Rotate'} it in the Runtype dashboard.`;
    case 'retry-later':
      return 'Try again later.';
    case 'check-api-url':
      return "Check the API base URL in rt-guard's options.";
    case 'review-restrictions':
      return `Check the new key's ${step.fields.map((f) => (f === 'allowedIps' ? 'allowed IPs' : 'expiry')).join(' and ')} in the Runtype dashboard.`;
    default:
      step satisfies never;
      return '';
  }
}

/**
 * The next step of a journal read back later (no call just ended): core's `NextStep` for where an
 * unfinished rotation stands, as core's actions return it after each step.
 */
export function nextStepOf(journal: RotationJournal): NextStep | undefined {
  if (isFinished(journal.state)) return undefined;
  if (journal.state === 'grace' && journal.graceUntil) return { kind: 'finish-rotation', journalId: journal.id, graceUntil: journal.graceUntil };
  if (journal.state === 'new-key-dead') return { kind: 'rollback-rotation', journalId: journal.id, needsOldKey: true };
  return { kind: 'resume-rotation', journalId: journal.id };
}

/**
 * The buttons an unfinished rotation offers: Finish in the grace period (once the new key is
 * stored), Resume where core can go on, Roll back where the old value still works (with the old
 * key once the new one was written).
 */
export function rotationActions(journal: RotationJournal, isNewKeyUnstored: boolean): RotationAction[] {
  if (isFinished(journal.state)) return [];
  const actions: RotationAction[] = [];
  if (journal.state === 'grace') {
    if (!isNewKeyUnstored) actions.push('finish');
  } else if (journal.state !== 'new-key-dead') {
    actions.push('resume');
  }
  if (journal.mode === 'standard' && journal.state !== 'revoking-old') {
    actions.push(journal.state === 'creating' || journal.state === 'orphaned' ? 'rollback' : 'rollback-with-old-key');
  }
  return actions;
}

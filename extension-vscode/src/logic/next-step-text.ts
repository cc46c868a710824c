import type { NextStep } from '@rt-guard/core';

/** The editor's words for a core `NextStep` (its commands, not the CLI's flags). Host-free. */
export function nextStepText(step: NextStep | undefined): string {
  if (!step) return '';
  switch (step.kind) {
    case 'resume-rotation':
      return 'Run "rt-guard: Rotate key" again to resume.';
    case 'rollback-rotation':
      return 'The old key was not revoked; restore it from your secret store if the new one does not work.';
    case 'finish-rotation':
      return `Run "rt-guard: Finish a key rotation" to revoke the old key (it stays valid until ${step.graceUntil.slice(0, 10)}).`;
    case 'set-management-token':
      return step.needs === 'session-token'
        ? 'Set a dashboard session token with "rt-guard: Set management token".'
        : 'Set a management token (a dashboard session token or an API key allowed to manage keys) with "rt-guard: Set management token".';
    case 'use-dashboard':
      return `${step.action === 'revoke' ? 'Revoke' : 'Rotate'} it in the Runtype dashboard.`;
    case 'retry-later':
      return 'Try again later.';
    case 'check-api-url':
      return 'Check the "rtGuard.apiBaseUrl" setting.';
    case 'review-restrictions':
      return `Check the new key's ${step.fields.join(' and ')} in the Runtype dashboard.`;
    default:
      step satisfies never;
      return '';
  }
}

/** `message` and the next step, for an error notification. */
export function withNextStepText(message: string, step: NextStep | undefined): string {
  const next = nextStepText(step);
  return next ? `${message} ${next}` : message;
}

import type { NextStep } from '@rt-guard/core';

/** The CLI's words for a core `NextStep`: the commands and flags a terminal user types. */
export function renderNextStep(step: NextStep): string {
  switch (step.kind) {
    case 'resume-rotation':
      return 'Run `rt-guard rotate --resume`.';
    case 'rollback-rotation':
      return step.needsOldKey ? 'Run `rt-guard rotate --rollback` with the old key on stdin.' : 'Run `rt-guard rotate --rollback`.';
    case 'finish-rotation':
      return `Run \`rt-guard rotate --finish\` (the old key stays live until ${step.graceUntil}).`;
    case 'set-management-token':
      return step.needs === 'session-token'
        ? 'Set RUNTYPE_ADMIN_TOKEN to a dashboard session token.'
        : 'Set RUNTYPE_ADMIN_TOKEN to a dashboard session token or an API key allowed to manage keys.';
    case 'use-dashboard':
      return `${step.action === 'revoke' ? 'Revoke' : 'Rotate'} the key in the Runtype dashboard.`;
    case 'retry-later':
      return 'Try again later (`rt-guard inspect`).';
    case 'check-api-url':
      return 'Check RUNTYPE_API_URL.';
    case 'review-restrictions':
      return `Check the new key's ${step.fields.join(' and ')} in the Runtype dashboard.`;
    default:
      step satisfies never;
      return '';
  }
}

/** `message` followed by the CLI's words for `nextStep`, when there is one. */
export function withNextStep(message: string, nextStep: NextStep | undefined): string {
  return nextStep ? `${message} ${renderNextStep(nextStep)}` : message;
}

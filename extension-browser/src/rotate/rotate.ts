/**
 * The rotation page (an extension tab: unlike the popup it stays open while the user copies the
 * new key). Shows the plan and asks before anything changes; the background runs core's rotation
 * and holds the new key. The key is shown masked; Reveal and Copy fetch it on an explicit click.
 * `?tabId=&frameId=&findingId=&mode=` rotates a key the popup listed (fetched from its frame);
 * otherwise the user pastes the key here.
 */
import { logError } from '../shared/errors.ts';
import { sendToBackground, type KeySource, type RotationPlanView, type RotationView } from '../shared/messages.ts';

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const query = new URLSearchParams(location.search);
const fromFinding = ['tabId', 'frameId'].every((name) => /^\d+$/.test(query.get(name) ?? '')) && Boolean(query.get('findingId'));
let plan: RotationPlanView | undefined;
let isRevealed = false;

function say(text: string): void {
  byId('result').textContent = text;
}

function mode(): 'standard' | 'emergency' {
  return byId<HTMLInputElement>('mode-emergency').checked ? 'emergency' : 'standard';
}

function source(): KeySource {
  if (fromFinding) return { tabId: Number(query.get('tabId')), frameId: Number(query.get('frameId')), findingId: query.get('findingId')! };
  return { key: byId<HTMLInputElement>('old-key').value.trim() };
}

const STATE_TEXT: Record<string, string> = {
  creating: 'creating the replacement',
  regenerating: 'regenerating the key',
  orphaned: 'a replacement was made but not stored',
  wired: 'new key stored, not yet verified',
  verified: 'new key verified',
  grace: 'grace period: the new key works, the old key still works too',
  'revoking-old': 'revoking the old key',
  'new-key-dead': 'the new key does not work',
  done: 'done',
  aborted: 'stopped before any change',
  'rolled-back': 'rolled back',
};

function showState(view: RotationView): void {
  const journal = view.journal;
  const hasSomething = Boolean(view.newKey) || (journal !== undefined && (!journal.isFinished || view.outcome !== undefined));
  byId('current').hidden = !hasSomething;
  if (journal) {
    const what = journal.mode === 'emergency' ? 'Emergency rotation' : 'Rotation';
    const arrow = journal.newRedacted ? ` → ${journal.newRedacted}` : '';
    const grace = journal.state === 'grace' && journal.graceUntil ? ` (until ${journal.graceUntil.slice(0, 16).replace('T', ' ')} UTC)` : '';
    byId('rotation-status').textContent =
      `${what} of "${journal.oldName}" ${journal.oldRedacted}${arrow}: ${STATE_TEXT[journal.state] ?? journal.state}${grace}.`;
  } else {
    byId('rotation-status').textContent = '';
  }
  const lines = [...(view.error ? [view.error.message] : []), ...view.notes, ...(view.nextStep ? [view.nextStep] : [])];
  if (journal?.state === 'grace' && view.newKey) lines.push('Store the new key first; then "Finish" revokes the old key.');
  byId('next-step').textContent = lines.join('\n');
  byId('new-key-box').hidden = !view.newKey;
  if (view.newKey && !isRevealed) byId('new-key').textContent = view.newKey.redacted;
  if (!view.newKey) {
    isRevealed = false;
    byId('new-key').textContent = '';
  }
  byId('finish').hidden = !view.actions.includes('finish');
  byId('resume').hidden = !view.actions.includes('resume');
  const rollback = view.actions.find((a) => a === 'rollback' || a === 'rollback-with-old-key');
  byId('rollback-box').hidden = rollback === undefined;
  byId('rollback-key').hidden = rollback !== 'rollback-with-old-key';
  byId('rollback-key-label').hidden = rollback !== 'rollback-with-old-key';
  // While a rotation is unfinished or its new key unstored, a new one cannot start.
  byId('start').hidden = Boolean(view.newKey) || (journal !== undefined && !journal.isFinished);
}

function showPlan(shown: RotationPlanView): void {
  plan = shown;
  byId('plan-box').hidden = false;
  byId('plan-title').textContent = `${shown.mode === 'emergency' ? 'Emergency rotation' : 'Rotation'} of "${shown.oldName}" ${shown.redacted}`;
  byId('plan-steps').replaceChildren(...shown.steps.map((step) => Object.assign(document.createElement('li'), { textContent: step })));
  byId('plan-notes').replaceChildren(...shown.notes.map((note) => Object.assign(document.createElement('li'), { textContent: note })));
  byId('confirm').textContent = shown.mode === 'emergency' ? 'Regenerate now (the old value dies at once)' : 'Rotate now';
  byId('confirm').focus();
}

async function act(pending: string, work: () => Promise<string | void>): Promise<void> {
  say(pending);
  try {
    say((await work()) ?? '');
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    logError('rotate', error);
  }
}

async function showPlanFor(): Promise<string> {
  byId('plan-box').hidden = true;
  showPlan(await sendToBackground({ type: 'rotation-plan', source: source(), mode: mode() }));
  return 'Nothing has changed yet. Check the plan, then confirm.';
}

function outcomeText(view: RotationView): string {
  switch (view.outcome) {
    case 'grace':
      return 'The new key is live. Store it, update every app that uses the old key, then click "Finish".';
    case 'done':
      return view.journal?.mode === 'emergency'
        ? 'Regenerated: the old value no longer works. Store the new key now: it is shown only here.'
        : 'Done: the old key is revoked.';
    case 'rolled-back':
      return 'Rolled back: the old key is in use again and the replacement is revoked.';
    case 'refused':
    case 'stopped':
    case 'cancelled':
      return view.error?.message ?? 'The rotation stopped.';
    case undefined:
      return '';
    default:
      view.outcome satisfies never;
      return '';
  }
}

async function main(): Promise<void> {
  const modeParam = query.get('mode');
  if (modeParam === 'emergency') byId<HTMLInputElement>('mode-emergency').checked = true;
  byId('paste-box').hidden = fromFinding;
  byId('source').textContent = fromFinding ? 'The key rt-guard found on the tab you came from.' : '';

  byId('plan').addEventListener('click', () => void act('Looking up the key…', showPlanFor));
  byId('cancel').addEventListener('click', () => {
    plan = undefined;
    byId('plan-box').hidden = true;
    say('Cancelled: nothing changed.');
  });
  byId('confirm').addEventListener('click', () => {
    const confirmed = plan;
    if (!confirmed) return;
    plan = undefined;
    byId('plan-box').hidden = true;
    void act('Rotating… keep this tab open.', async () => {
      const view = await sendToBackground({ type: 'rotation-start', source: source(), mode: confirmed.mode, expectKeyId: confirmed.oldKeyId });
      byId<HTMLInputElement>('old-key').value = '';
      showState(view);
      return outcomeText(view);
    });
  });
  byId('reveal').addEventListener('click', () => {
    void act('', async () => {
      if (isRevealed) {
        isRevealed = false;
        showState(await sendToBackground({ type: 'rotation-state' }));
        byId('reveal').textContent = 'Reveal';
        return;
      }
      byId('new-key').textContent = (await sendToBackground({ type: 'rotation-reveal-new-key' })).key;
      isRevealed = true;
      byId('reveal').textContent = 'Hide';
    });
  });
  byId('copy').addEventListener('click', () => {
    void act('', async () => {
      await navigator.clipboard.writeText((await sendToBackground({ type: 'rotation-reveal-new-key' })).key);
      return 'Copied the new key to the clipboard.';
    });
  });
  byId('stored').addEventListener('click', () => {
    void act('', async () => {
      const view = await sendToBackground({ type: 'rotation-key-stored' });
      isRevealed = false;
      byId('reveal').textContent = 'Reveal';
      showState(view);
      return 'rt-guard no longer holds the new key.';
    });
  });
  byId('finish').addEventListener('click', () => {
    void act('Revoking the old key…', async () => {
      const view = await sendToBackground({ type: 'rotation-finish' });
      showState(view);
      return outcomeText(view);
    });
  });
  byId('resume').addEventListener('click', () => {
    void act('Resuming…', async () => {
      const view = await sendToBackground({ type: 'rotation-resume' });
      showState(view);
      return outcomeText(view);
    });
  });
  byId('rollback').addEventListener('click', () => {
    const input = byId<HTMLInputElement>('rollback-key');
    const oldKey = input.hidden ? undefined : input.value.trim();
    void act('Rolling back…', async () => {
      const view = await sendToBackground({ type: 'rotation-rollback', ...(oldKey ? { oldKey } : {}) });
      input.value = '';
      showState(view);
      return outcomeText(view);
    });
  });
  showState(await sendToBackground({ type: 'rotation-state' }));
  // Opened from the popup for a listed key: show its plan at once (read-only).
  if (fromFinding && !byId('start').hidden) await act('Looking up the key…', showPlanFor);
}

main().catch((error: unknown) => {
  say(error instanceof Error ? error.message : String(error));
  logError('rotate', error);
});

// Scenarios both browser e2e files run, written once against a small driver: Chromium drives
// extension pages with Playwright, Firefox through WebDriver BiDi in an extension tab. Each
// scenario keeps every assertion; the driver only says how to reach the browser.
import { expect } from 'vitest';
import type { Emulator } from '../../api/helpers.ts';
import type { PageServer } from './harness.ts';

export interface ExtensionDriver {
  server: PageServer;
  /** Console lines of pages, extension pages and the background, collected since the start. */
  consoleLines: string[];
  /** Opens the extension page `path` and runs `body` (an async function body) there; returns its JSON value. */
  openExtensionPage<T>(path: string, body: string): Promise<T>;
  /** Runs `body` in the extension page opened or followed last. */
  inExtensionPage<T>(body: string): Promise<T>;
  /** Makes the extension tab whose URL contains `part` (one the extension opened) the current one. */
  followExtensionTab(part: string): Promise<void>;
  /** Opens `body` (+ page script) at `path` of the page server; its tab id and a way to close it. */
  openWebPage(path: string, body: string, script?: string): Promise<{ tabId: number; close(): Promise<void> }>;
  /** Saves the API base URL (and the management token when given) through the options page. */
  configure(apiBaseUrl: string, token?: string): Promise<void>;
}

/** Waits in the page for a truthy value of `test` (100 ms steps, 30 s). */
export const WAIT_FOR = `const waitFor = async (test, what = String(test)) => { for (let i = 0; i < 300; i++) { const v = test(); if (v) return v; await new Promise((r) => setTimeout(r, 100)); } throw new Error('timed out: ' + what + ' | ' + (document.getElementById('result') || {}).textContent); };`;

/** API calls never follow a redirect: the redirect target receives no request and no Authorization header. */
export async function redirectScenario(driver: ExtensionDriver, liveKey: string, restoreUrl: string): Promise<void> {
  const { server } = driver;
  const captured: string[] = [];
  let redirected = 0;
  for (const path of ['/v1/auth/me', '/v1/api-keys']) {
    server.routes.set(`/redirecting${path}`, () => {
      redirected++;
      return { status: 307, body: '', headers: { location: `/captured${path}` } };
    });
    server.routes.set(`/captured${path}`, (request) => {
      captured.push(String(request.headers.authorization ?? '(none)'));
      return { type: 'application/json', body: '{"userId":"u1"}' };
    });
  }
  await driver.configure(`${server.origin}/redirecting`);
  const page = await driver.openWebPage('/redirect-leak', '<p>app</p>', `window.runtype = { apiKey: "${liveKey}" };`);
  const result = await driver.openExtensionPage<string>(
    `/popup/popup.html?tabId=${page.tabId}`,
    `${WAIT_FOR}
      await waitFor(() => document.getElementById('summary').textContent !== 'Loading…');
      document.getElementById('scan').click();
      const li = await waitFor(() => document.querySelector('#detections li'));
      li.querySelectorAll('button')[0].click();
      await waitFor(() => !/Checking/.test(document.getElementById('result').textContent));
      return document.getElementById('result').textContent;`,
  );
  expect(redirected).toBeGreaterThan(0); // the API was called…
  expect(captured).toEqual([]); // …and the redirect went nowhere
  expect(result).not.toContain(liveKey);
  await page.close();
  await driver.configure(restoreUrl);
}

/** What the rotation page shows; `html` is its whole DOM, to prove no key is in it. */
interface RotatePageView {
  result: string;
  status: string;
  nextStep: string;
  newKey: string;
  html: string;
  finishVisible: boolean;
}

const READ_ROTATE_PAGE = `const view = () => ({
  result: document.getElementById('result').textContent,
  status: document.getElementById('rotation-status').textContent,
  nextStep: document.getElementById('next-step').textContent,
  newKey: document.getElementById('new-key').textContent,
  html: document.documentElement.outerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join('|'),
  finishVisible: !document.getElementById('finish').hidden,
});`;

/**
 * Standard rotation from the popup: the key found on a page (a `test` key, so the environment
 * matters), Rotate… opens the rotation page with the plan, nothing changes before "Rotate now";
 * then the replacement has the old key's environment prefix, the old key stays live in the grace
 * period, the new key is masked until Reveal, Finish waits for "I stored the new key" and then
 * makes the old key invalid (the emulator and the API say so).
 */
export async function standardRotationScenario(driver: ExtensionDriver, emulator: Emulator, track: (key: string) => void): Promise<void> {
  const { plainKey: oldKey, record } = emulator.mintKey({ name: 'Staging web app', permissions: ['FLOWS:READ'], environment: 'test' });
  track(oldKey);
  await driver.configure(emulator.url, emulator.sessionToken);
  const page = await driver.openWebPage('/rotate-me', '<p>staging</p>', `window.runtype = { apiKey: "${oldKey}" };`);
  const before = emulator.keys().length;
  const listed = await driver.openExtensionPage<string>(
    `/popup/popup.html?tabId=${page.tabId}`,
    `${WAIT_FOR}
      await waitFor(() => document.getElementById('summary').textContent !== 'Loading…');
      document.getElementById('scan').click();
      const li = await waitFor(() => document.querySelector('#detections li'));
      const buttons = [...li.querySelectorAll('button')].map((b) => b.textContent);
      [...li.querySelectorAll('button')].find((b) => b.textContent === 'Rotate…').click();
      return li.textContent + ' | ' + buttons.join(',');`,
  );
  expect(listed).toContain(`rt_test_…${oldKey.slice(-4)}`);
  expect(listed).toContain('Inspect,Revoke…,Rotate…,Emergency rotate…');
  await driver.followExtensionTab('/rotate/rotate.html');
  const plan = await driver.inExtensionPage<{ title: string; steps: string[]; notes: string[]; confirm: string; html: string }>(`${WAIT_FOR}
    await waitFor(() => !document.getElementById('plan-box').hidden);
    return {
      title: document.getElementById('plan-title').textContent,
      steps: [...document.querySelectorAll('#plan-steps li')].map((li) => li.textContent),
      notes: [...document.querySelectorAll('#plan-notes li')].map((li) => li.textContent),
      confirm: document.getElementById('confirm').textContent,
      html: document.documentElement.outerHTML,
    };`);
  expect(plan.title).toBe(`Rotation of "Staging web app" rt_test_…${oldKey.slice(-4)}`);
  expect(plan.steps[0]).toContain('with permissions FLOWS:READ');
  expect(plan.steps[3]).toContain('keep the old key for 7d, then finish the rotation');
  // The documented record shows no allowed IPs: the plan says the replacement may lack them.
  if (emulator.shapes === 'documented')
    expect(plan.notes.join(' ')).toMatch(/does not show its allowed IPs: if it had an IP allow-list, set it on the new key/);
  else expect(plan.notes).toEqual([]);
  expect(plan.html).not.toContain(oldKey);
  expect(emulator.keys().length).toBe(before); // nothing changed before confirmation

  const grace = await driver.inExtensionPage<RotatePageView>(`${WAIT_FOR} ${READ_ROTATE_PAGE}
    document.getElementById('confirm').click();
    await waitFor(() => /new key is live|stopped|refused|needs/i.test(document.getElementById('result').textContent));
    return view();`);
  expect(grace.result).toContain('The new key is live. Store it');
  expect(grace.status).toMatch(/^Rotation of "Staging web app" rt_test_…\w{4} → rt_test_…\w{4}: grace period/);
  expect(grace.newKey).toMatch(/^rt_test_…\w{4}$/);
  expect(grace.finishVisible).toBe(false); // not before the new key is stored
  expect(grace.nextStep).toContain('Store the new key first');
  expect(grace.html).not.toContain(oldKey);
  expect(emulator.isLive(oldKey)).toBe(true); // grace: the old key still works

  const revealed = await driver.inExtensionPage<{ shown: string; hidden: RotatePageView }>(`${WAIT_FOR} ${READ_ROTATE_PAGE}
    document.getElementById('reveal').click();
    const shown = await waitFor(() => !document.getElementById('new-key').textContent.includes('…') && document.getElementById('new-key').textContent);
    document.getElementById('reveal').click();
    await waitFor(() => document.getElementById('new-key').textContent.includes('…'));
    return { shown, hidden: view() };`);
  const newKey = revealed.shown;
  track(newKey);
  expect(newKey.startsWith('rt_test_')).toBe(true); // the old key's environment
  expect(newKey.slice(-4)).toBe(grace.newKey.slice(-4));
  expect(emulator.isLive(newKey)).toBe(true);
  expect(emulator.keys().find((k) => k.name.startsWith('Staging web app (rotated'))?.permissions).toEqual(['FLOWS:READ']);
  expect(revealed.hidden.html).not.toContain(newKey); // hidden again: gone from the DOM

  const finished = await driver.inExtensionPage<RotatePageView>(`${WAIT_FOR} ${READ_ROTATE_PAGE}
    document.getElementById('stored').click();
    await waitFor(() => !document.getElementById('finish').hidden);
    document.getElementById('finish').click();
    await waitFor(() => /Done|stopped|refused/.test(document.getElementById('result').textContent));
    return view();`);
  expect(finished.result).toBe('Done: the old key is revoked.');
  expect(finished.status).toContain(': done.');
  expect(finished.html).not.toContain(newKey);
  expect(emulator.isLive(oldKey)).toBe(false);
  expect(emulator.isLive(newKey)).toBe(true);
  const me = await fetch(`${emulator.url}/v1/auth/me`, { headers: { authorization: `Bearer ${oldKey}` } });
  expect(me.status).toBe(401);
  expect(emulator.keys().find((k) => k.id === record.id)?.isActive ?? false).toBe(false);
  // The background's verification cache knows at once; Inspect asks the API again and agrees.
  const popup = await driver.openExtensionPage<{ item: string; inspected: string }>(
    `/popup/popup.html?tabId=${page.tabId}`,
    `${WAIT_FOR}
      const li = await waitFor(() => document.querySelector('#detections li'));
      const item = li.textContent;
      li.querySelectorAll('button')[0].click();
      await waitFor(() => / is (live|invalid|unknown)/.test(document.getElementById('result').textContent));
      return { item, inspected: document.getElementById('result').textContent };`,
  );
  expect(popup.item).toContain('revoked: the Runtype API rejects it');
  expect(popup.inspected).toContain(`rt_test_…${oldKey.slice(-4)} is invalid: the API rejects it.`);
  await page.close();
}

/**
 * Emergency rotation of a key pasted on the rotation page: the old value is dead as soon as the
 * page says so, the new key is shown (on Reveal) until "I stored the new key", then never again.
 * `whileHeld` runs while the background holds the new key (trust checks).
 */
export async function emergencyRotationScenario(
  driver: ExtensionDriver,
  emulator: Emulator,
  track: (key: string) => void,
  whileHeld?: (newKey: string) => Promise<void>,
): Promise<void> {
  const { plainKey: oldKey } = emulator.mintKey({ name: 'Leaked backend key', permissions: ['FLOWS:EXECUTE'] });
  track(oldKey);
  await driver.configure(emulator.url, emulator.sessionToken);
  const done = await driver.openExtensionPage<RotatePageView>(
    '/rotate/rotate.html',
    `${WAIT_FOR} ${READ_ROTATE_PAGE}
      await waitFor(() => document.readyState === 'complete');
      document.getElementById('old-key').value = ${JSON.stringify(oldKey)};
      document.getElementById('mode-emergency').checked = true;
      document.getElementById('plan').click();
      await waitFor(() => !document.getElementById('plan-box').hidden);
      if (!/stops working immediately/.test(document.getElementById('plan-steps').textContent)) throw new Error('no emergency plan: ' + document.getElementById('plan-steps').textContent);
      document.getElementById('confirm').click();
      await waitFor(() => /Regenerated|stopped|refused/.test(document.getElementById('result').textContent));
      return view();`,
  );
  expect(done.result).toBe('Regenerated: the old value no longer works. Store the new key now: it is shown only here.');
  expect(done.status).toMatch(/^Emergency rotation of "Leaked backend key" rt_live_…\w{4} → rt_live_…\w{4}: done\.$/);
  expect(done.newKey).toMatch(/^rt_live_…\w{4}$/);
  expect(done.html).not.toContain(oldKey); // the pasted key was cleared from the field
  expect(emulator.isLive(oldKey)).toBe(false); // dead at once

  const newKey = await driver.inExtensionPage<string>(`${WAIT_FOR}
    document.getElementById('reveal').click();
    return await waitFor(() => !document.getElementById('new-key').textContent.includes('…') && document.getElementById('new-key').textContent);`);
  track(newKey);
  expect(newKey.slice(-4)).toBe(done.newKey.slice(-4));
  expect(emulator.isLive(newKey)).toBe(true);
  await whileHeld?.(newKey);

  const after = await driver.inExtensionPage<{ view: RotatePageView; boxHidden: boolean; again: unknown }>(`${WAIT_FOR} ${READ_ROTATE_PAGE}
    document.getElementById('stored').click();
    await waitFor(() => document.getElementById('new-key-box').hidden);
    const api = globalThis.browser ?? globalThis.chrome;
    const again = await api.runtime.sendMessage({ type: 'rotation-reveal-new-key' });
    return { view: view(), boxHidden: document.getElementById('new-key-box').hidden, again };`);
  expect(after.boxHidden).toBe(true);
  expect(after.view.html).not.toContain(newKey);
  // Shown once: after "I stored the new key" rt-guard has forgotten it.
  expect(after.again).toMatchObject({ ok: false, error: { code: 'E_NO_NEW_KEY' } });
}

/**
 * An unfinished rotation survives the page (and, where `restartBackground` is given, the background)
 * going away: reopened, the rotation page shows it in its grace period with the next step, and
 * Roll back with the old key pasted writes it back and revokes the replacement.
 */
export async function rollbackScenario(
  driver: ExtensionDriver,
  emulator: Emulator,
  track: (key: string) => void,
  restartBackground?: () => Promise<void>,
): Promise<void> {
  const { plainKey: oldKey } = emulator.mintKey({ name: 'Rollback web app', permissions: ['FLOWS:READ'] });
  track(oldKey);
  await driver.configure(emulator.url, emulator.sessionToken);
  const newKey = await driver.openExtensionPage<string>(
    '/rotate/rotate.html',
    `${WAIT_FOR}
      await waitFor(() => document.readyState === 'complete');
      document.getElementById('old-key').value = ${JSON.stringify(oldKey)};
      document.getElementById('plan').click();
      await waitFor(() => !document.getElementById('plan-box').hidden);
      document.getElementById('confirm').click();
      await waitFor(() => /new key is live|stopped|refused/.test(document.getElementById('result').textContent));
      document.getElementById('reveal').click();
      const key = await waitFor(() => !document.getElementById('new-key').textContent.includes('…') && document.getElementById('new-key').textContent);
      document.getElementById('stored').click();
      await waitFor(() => !document.getElementById('finish').hidden);
      return key;`,
  );
  track(newKey);
  expect(emulator.isLive(newKey)).toBe(true);
  await restartBackground?.();
  const reopened = await driver.openExtensionPage<RotatePageView & { startHidden: boolean; rollbackKeyVisible: boolean }>(
    '/rotate/rotate.html',
    `${WAIT_FOR} ${READ_ROTATE_PAGE}
      await waitFor(() => document.getElementById('rotation-status').textContent);
      return { ...view(), startHidden: document.getElementById('start').hidden, rollbackKeyVisible: !document.getElementById('rollback-key').hidden };`,
  );
  expect(reopened.status).toMatch(/^Rotation of "Rollback web app" rt_live_…\w{4} → rt_live_…\w{4}: grace period/);
  expect(reopened.nextStep).toMatch(
    /^Once every app uses the new key, click "Finish" to revoke the old key \(otherwise it stays valid until \d{4}-\d{2}-\d{2}\)\.$/,
  );
  expect(reopened.finishVisible).toBe(true);
  expect(reopened.rollbackKeyVisible).toBe(true);
  expect(reopened.startHidden).toBe(true); // one rotation at a time
  const rolled = await driver.inExtensionPage<RotatePageView>(`${WAIT_FOR} ${READ_ROTATE_PAGE}
    document.getElementById('rollback-key').value = ${JSON.stringify(oldKey)};
    document.getElementById('rollback').click();
    await waitFor(() => /Rolled back|stopped|refused|needs/.test(document.getElementById('result').textContent));
    return view();`);
  expect(rolled.result).toBe('Rolled back: the old key is in use again and the replacement is revoked.');
  expect(rolled.html).not.toContain(oldKey);
  expect(rolled.html).not.toContain(newKey);
  expect(emulator.isLive(oldKey)).toBe(true);
  expect(emulator.isLive(newKey)).toBe(false);
}

/** No console line (pages, extension pages, background) holds any of `secrets`. */
export function expectCleanConsole(lines: readonly string[], secrets: readonly string[]): void {
  for (const line of lines) for (const secret of secrets) expect(line).not.toContain(secret);
}

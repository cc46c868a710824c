// @vitest-environment happy-dom
// The editor and browser half of add-a-rule.test.ts: a rule added in core/src/detect/rules/ alone
// is shown with its name by the VS Code diagnostic mapper and the browser's warning dialog and
// popup words, and its keys pass the browser's message schema (client tokens excepted).
import { describe, expect, it, vi } from 'vitest';
import { createDetector } from '@rt-guard/core';
import { extraRules } from './helpers/extra-rules.ts';
import { generateKey, tail } from './helpers/keys.ts';

vi.mock('../core/src/detect/rules/index.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../core/src/detect/rules/index.ts')>();
  const { extraRules: extra } = await import('./helpers/extra-rules.ts');
  return { builtinRules: [...original.builtinRules, ...extra] };
});
vi.mock('../extension-browser/src/platform/browser.ts', () => ({ browser: {} }));

const { kindName, toDiagnostic } = await import('../extension-vscode/src/logic/to-diagnostic.ts');
const { riskOf, toKeyKind } = await import('../extension-browser/src/shared/key-kind.ts');
const { decide } = await import('../extension-browser/src/content/decide.ts');
const { DIALOG_TAG, openWarning } = await import('../extension-browser/src/content/warning-dialog.ts');
const { ContentToBackground } = await import('../extension-browser/src/shared/messages.ts');
const { DEFAULT_SETTINGS } = await import('../extension-browser/src/shared/settings.ts');

const [widgetRule, nextRule] = extraRules as [(typeof extraRules)[number], (typeof extraRules)[number]];
const widget = generateKey('wdgt_');
const next = generateKey('rtn_live_');
const detector = createDetector();

describe('a rule added in core/src/detect/rules/ alone, in the editors', () => {
  it('VS Code names it by its rule in diagnostics, with the key redacted', () => {
    const [widgetFinding, nextFinding] = detector.scan(`WIDGET_KEY=${widget}\nRUNTYPE_API_KEY=${next}\n`);
    expect(kindName(widgetFinding!)).toBe(widgetRule.name);
    const widgetDiagnostic = toDiagnostic(widgetFinding!);
    expect(widgetDiagnostic?.message).toContain(`${widgetRule.name} wdgt_…${tail(widget)}`);
    expect(widgetDiagnostic?.level).toBe('warning');
    const nextDiagnostic = toDiagnostic(nextFinding!);
    expect(nextDiagnostic?.message).toContain(`${nextRule.name} rtn_live_…${tail(next)}`);
    expect(nextDiagnostic?.level).toBe('error');
    expect(JSON.stringify([widgetDiagnostic, nextDiagnostic])).not.toContain(widget.slice(-12));
  });

  it('the browser guards a pasted key of the new rules and its warning names them', () => {
    const decision = decide(`${widget} ${next}`, 'https://example.com', DEFAULT_SETTINGS, detector);
    expect(decision.action).toBe('block');
    expect(decision.findings.map((f) => f.ruleId)).toEqual([widgetRule.id, nextRule.id]);
    // A surface without a mode of its own fails safe: it is held like a live key.
    expect(toKeyKind(widgetRule.id)).toBe('live');
    expect(toKeyKind(nextRule.id)).toBe('live');
    expect(riskOf('live', widgetRule.id)).toMatch(new RegExp(`^${widgetRule.name}\\. It is a server secret`));

    // The dialog's shadow root is closed: capture it the way the module gets it.
    const attachShadow = Element.prototype.attachShadow;
    let root: ShadowRoot | undefined;
    Element.prototype.attachShadow = function (init: ShadowRootInit) {
      return (root = attachShadow.call(this, init));
    };
    try {
      openWarning(document, {
        keys: decision.findings.map((f) => ({ redacted: f.redacted, kind: f.kind, ruleId: f.ruleId })),
        isHeld: true,
        situation: 'pasted into a text field on https://example.com',
        moveFocus: false,
        actions: {},
      });
    } finally {
      Element.prototype.attachShadow = attachShadow;
    }
    expect(document.querySelector(DIALOG_TAG)).not.toBeNull();
    const text = root!.textContent ?? '';
    expect(text).toContain(widgetRule.name);
    expect(text).toContain(nextRule.name);
    expect(text).toContain(`wdgt_…${tail(widget)}`);
    expect(text).not.toContain(widget.slice(-12));
  });

  it("the browser's messages carry keys of the new rules (a key of a public rule is refused)", () => {
    for (const key of [widget, next]) expect(ContentToBackground.safeParse({ type: 'inspect-key', key }).success, key.slice(0, 5)).toBe(true);
    expect(ContentToBackground.safeParse({ type: 'inspect-key', key: `${widget}!` }).success).toBe(false);
    expect(ContentToBackground.safeParse({ type: 'inspect-key', key: generateKey('ct_live_') }).success).toBe(false);
  });
});

// A rule added in core/src/detect/rules/ alone reaches every CLI surface: detection, redaction in
// every report format, the git hook (its message and its grep prefilter), --verify and key input.
// The test rules are appended to the built-in list here only; any place that keeps its own list of
// prefixes, names or kinds misses them and fails. The editor and browser half is add-a-rule-editors.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtinRules, encodeBase64, prefilterNeedles, redactKey, redactText, scanText } from '@rt-guard/core';
import { run } from '../cli/src/run.ts';
import { fillSlots } from '../core/src/detect/fill-slots.ts';
import { renderHookScript, shellQuote } from '../core/src/node/hook-script.ts';
import { startEmulator, type RunningEmulator } from './emulator/server.mjs';
import { createRepo, cleanupTempDirs } from './git/helpers.ts';
import { extraRules } from './helpers/extra-rules.ts';
import { createTestIo } from './helpers/io.ts';
import { generateKey, tail } from './helpers/keys.ts';

vi.mock('../core/src/detect/rules/index.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../core/src/detect/rules/index.ts')>();
  const { extraRules: extra } = await import('./helpers/extra-rules.ts');
  return { builtinRules: [...original.builtinRules, ...extra] };
});

const [widgetRule, nextRule] = extraRules as [(typeof extraRules)[number], (typeof extraRules)[number]];
const widget = generateKey('wdgt_');
const next = generateKey('rtn_live_');
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-guard-add-rule-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  cleanupTempDirs();
});

function expectHidden(text: string, ...keys: string[]): void {
  for (const key of keys) {
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(-12));
  }
}

describe('a rule added in core/src/detect/rules/ alone', () => {
  it('is among the built-in rules (the mock took effect)', () => {
    expect(builtinRules.map((rule) => rule.id)).toEqual(expect.arrayContaining([widgetRule.id, nextRule.id]));
  });

  it('is detected with its own examples, plain and base64-encoded', () => {
    for (const rule of extraRules) {
      for (const template of rule.examples.truePositives) {
        const { text, keys } = fillSlots(template);
        expect(scanText(text).map((f) => [f.ruleId, f.secret])).toEqual([[rule.id, keys[0]]]);
      }
      for (const { text } of rule.examples.falsePositives) expect(scanText(fillSlots(text).text)).toEqual([]);
    }
    expect(scanText(`blob: ${encodeBase64(`key=${widget}`)}`).map((f) => [f.ruleId, f.encoding])).toEqual([[widgetRule.id, 'base64']]);
  });

  it('is redacted to its prefix and last 4 characters, and hidden from free text even when cut short', () => {
    expect(redactKey(widget)).toBe(`wdgt_…${tail(widget)}`);
    expect(redactKey(next)).toBe(`rtn_live_…${tail(next)}`);
    const out = redactText(`failed: ${widget} and ${next} and wdgt_AbCdEf12 (cut)`);
    expect(out).toBe(`failed: wdgt_…${tail(widget)} and rtn_live_…${tail(next)} and wdgt_… (cut)`);
  });

  it.each(['text', 'json', 'sarif', 'github'])('is reported redacted by `scan --format %s`', async (format) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.env'), `WIDGET_KEY=${widget}\nRUNTYPE_API_KEY=${next}\nBLOB=${encodeBase64(`k:${widget}`)}\n`);
    const io = createTestIo(dir);
    const code = await run(['scan', '--format', format, '.'], io);
    const out = io.out() + io.err();
    expect(code).toBe(1);
    expectHidden(out, widget, next);
    expect(out).toContain(`wdgt_…${tail(widget)}`);
    expect(out).toContain(`rtn_live_…${tail(next)}`);
    if (format === 'json') {
      const findings = (JSON.parse(io.out()) as { findings: { ruleId: string; encoding: string }[] }).findings;
      expect(findings.map((f) => `${f.ruleId}/${f.encoding}`).sort()).toEqual([`${widgetRule.id}/base64`, `${widgetRule.id}/plain`, `${nextRule.id}/plain`]);
    }
    if (format === 'sarif') {
      const rules = (JSON.parse(io.out()) as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }[] }).runs[0]!.tool
        .driver.rules;
      expect(rules.find((rule) => rule.id === widgetRule.id)?.shortDescription.text).toBe(widgetRule.description);
    }
  });

  it('blocks a commit in the pre-commit hook, with a redacted message that describes the rule', async () => {
    const repo = createRepo();
    repo.write('config/widget.env', `WIDGET_KEY=${widget}\n`);
    repo.git('add', '.');
    const io = createTestIo(repo.dir, { env: repo.env });
    const code = await run(['hook', 'run', 'pre-commit'], io);
    expect(code).toBe(1);
    const message = io.out() + io.err();
    expectHidden(message, widget);
    expect(message).toContain(`config/widget.env:1:12  wdgt_…${tail(widget)}`);
    expect(message).toContain(widgetRule.description);
  });

  it("is in the hook script's grep prefilter, plain and base64", () => {
    const needles = prefilterNeedles();
    const script = renderHookScript('pre-commit', ['/usr/bin/node', '/opt/rt-guard/bin.cjs']);
    for (const rule of extraRules) {
      for (const keyword of rule.keywords) {
        expect(needles).toContain(keyword);
        expect(script).toContain(`-e ${shellQuote(keyword)}`);
      }
    }
    const blob = encodeBase64(`key=${widget}`);
    expect(needles.some((needle) => blob.includes(needle))).toBe(true);
  });

  describe('against the API emulator', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator();
    });
    afterAll(() => emulator.close());
    const env = () => ({ RUNTYPE_API_URL: emulator.url, RT_GUARD_NO_CACHE: '1', RT_GUARD_THREADS: '1' });

    it('scan --verify sends a key of a new API-key rule to the API, and never a surface key', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'a.env'), `RUNTYPE_API_KEY=${next}\nWIDGET_KEY=${widget}\n`);
      emulator.resetStats();
      const io = createTestIo(dir, { env: env() });
      expect(await run(['scan', '--verify', '--format', 'json', '.'], io)).toBe(1);
      expectHidden(io.out() + io.err(), widget, next);
      const findings = (JSON.parse(io.out()) as { findings: { ruleId: string; verification: { status: string; reason?: string } }[] }).findings;
      const byRule = new Map(findings.map((f) => [f.ruleId, f.verification]));
      expect(byRule.get(nextRule.id)?.status).toBe('invalid');
      expect(byRule.get(widgetRule.id)?.reason).toMatch(/^Not checked/);
      expect(emulator.stats.requests).toBeGreaterThan(0);

      const surfaceOnly = tempDir();
      writeFileSync(join(surfaceOnly, 'a.env'), `WIDGET_KEY=${widget}\n`);
      emulator.resetStats();
      const alone = createTestIo(surfaceOnly, { env: env() });
      expect(await run(['scan', '--verify', '--format', 'json', '.'], alone)).toBe(1);
      expect(emulator.stats.requests).toBe(0);
    });

    it('inspect accepts a key of a new API-key rule on stdin and refuses a surface key', async () => {
      const accepted = createTestIo(tempDir(), { env: env(), stdin: next });
      expect(await run(['inspect'], accepted)).toBe(0);
      expect(accepted.out()).toContain(`rtn_live_…${tail(next)}`);
      const refused = createTestIo(tempDir(), { env: env(), stdin: widget });
      expect(await run(['inspect'], refused)).toBe(2);
      expect(refused.err()).toContain('does not hold a Runtype API key');
      expectHidden(accepted.out() + accepted.err() + refused.out() + refused.err(), widget, next);
    });
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../detect/engine.ts';
import { generateKeyBody } from '../detect/fill-slots.ts';
import { builtinRules } from '../detect/rules/index.ts';
import { prefilterNeedles, renderHookScript, shellQuote } from './hook-script.ts';

const body = () => generateKeyBody();

describe('pre-commit prefilter needles', () => {
  it('every text the detector reports contains a needle, plain or base64 at any alignment', () => {
    const needles = prefilterNeedles();
    const detector = createDetector();
    for (const rule of builtinRules) {
      for (const keyword of rule.keywords) {
        const key = keyword + body();
        const texts = [`RUNTYPE_API_KEY=${key}`];
        if (rule.scanBase64) for (const pad of ['', ' ', '  ']) texts.push(`runtype: ${Buffer.from(pad + key).toString('base64')}`);
        for (const text of texts) {
          expect(detector.scan(text).length).toBeGreaterThan(0);
          expect(needles.some((needle) => text.includes(needle))).toBe(true);
        }
      }
    }
  });
});

describe('hook script', () => {
  it('is valid POSIX sh for both hooks, quoting paths with spaces and quotes', () => {
    for (const hook of ['pre-commit', 'pre-push'] as const) {
      const script = renderHookScript(hook, ['/opt/my node/bin/node', "/home/o'neil/rt-guard/bin.js"]);
      execFileSync('sh', ['-n'], { input: script });
      expect(script).toContain(`${shellQuote("/home/o'neil/rt-guard/bin.js")}`);
      expect(script.split('\n')[1]).toContain('rt-guard:hook v1');
    }
  });
});

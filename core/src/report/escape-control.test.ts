import { describe, expect, it } from 'vitest';
import { createDetector } from '../detect/engine.ts';
import { generateKeyBody } from '../detect/fill-slots.ts';
import { escapeControl, escapeJsonControls } from './escape-control.ts';
import { toGithubReport } from './github.ts';
import { toJsonReport } from './json.ts';
import { toSarifReport } from './sarif.ts';
import { toTextReport } from './text.ts';

// ESC, CSI (C1), CR, BEL, BS, DEL, NEL, bidi override/isolate, line separator.
const HOSTILE = ['\u001b', '\u009b', '\r', '\u0007', '\u0008', '\u007f', '\u0085', '\u202e', '\u2066', '\u2028'];
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

describe('control characters from files, paths and API answers', () => {
  it('escapeControl shows each as a visible escape and keeps tabs and ordinary text', () => {
    expect(escapeControl('a\u001b[2Jb\u0007c\rd\u202ee\u009bf\tg\nh')).toBe('a\\x1b[2Jb\\x07c\\x0dd\\u202ee\\x9bf\tg\\x0ah');
    expect(escapeControl('plain ünïcode → ok')).toBe('plain ünïcode → ok');
  });

  it('escapeJsonControls keeps the JSON value and leaves no raw C1 or bidi character', () => {
    const value = { s: 'x\u009by\u202ez\u2066w\u007f' };
    const out = escapeJsonControls(JSON.stringify(value));
    expect(out).not.toMatch(RAW);
    expect(JSON.parse(out)).toEqual(value);
  });

  function hostileInput() {
    const key = `rt_live_${generateKeyBody()}`;
    const name = `evil${HOSTILE.join('')}\nname.txt`;
    const line = `// ${HOSTILE.join('')} RUNTYPE_API_KEY=${key} ${HOSTILE.join('')}`;
    const findings = createDetector().scan(`${line}\n`, { file: name });
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    const verified = { ...f, verification: { status: `live\u001b[8m` as 'live', checkedAt: '2026-11-27T00:00:00Z' } };
    Object.defineProperty(verified, 'secret', { value: f.secret, enumerable: false });
    return { findings: [verified], stats: { files: 1, bytes: 10, skipped: 0, durationMs: 1 }, warnings: [`cannot read ${name} (EIO); skipped`] };
  }

  it('the text report (with and without colour) has no raw control character but its own colours', () => {
    const input = hostileInput();
    expect(toTextReport(input)).not.toMatch(RAW);
    const coloured = toTextReport({ ...input, color: true }).replace(/\u001b\[[0-9;]*m/g, '');
    expect(coloured).not.toMatch(RAW);
    expect(toTextReport(input)).toContain('evil\\x1b\\x9b\\x0d\\x07\\x08\\x7f\\x85\\u202e\\u2066\\u2028\\x0aname.txt');
  });

  it('github annotations carry no raw control character, and a newline in a file name cannot start a new command', () => {
    const out = toGithubReport(hostileInput());
    const lines = out.trimEnd().split('\n');
    expect(lines.every((l) => l.startsWith('::'))).toBe(true);
    expect(out.replace(/\n/g, '')).not.toMatch(RAW);
  });

  it('json and sarif stay valid and hold no raw C1 or bidi character', () => {
    const input = hostileInput();
    for (const out of [toJsonReport(input), toSarifReport(input)]) {
      expect(out.replace(/\n/g, '')).not.toMatch(RAW);
      expect(() => JSON.parse(out)).not.toThrow();
    }
    expect(JSON.parse(toJsonReport(input)).findings[0].file).toBe(input.findings[0]!.file);
  });
});

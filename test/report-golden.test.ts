import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { SARIF_FINGERPRINT_KEY, formatReport, type ReportFormat } from '@rt-guard/core';
import { goldenInput } from './report-fixtures.ts';

const GOLDEN = join(import.meta.dirname, 'golden/report');
const update = process.env['RT_GUARD_UPDATE_FIXTURES'] === '1';
const cases: [string, ReportFormat, { color?: boolean }][] = [
  ['text.txt', 'text', {}],
  ['text-color.txt', 'text', { color: true }],
  ['json.json', 'json', {}],
  ['sarif.sarif', 'sarif', {}],
  ['github.txt', 'github', {}],
];

describe('report goldens', () => {
  it.each(cases)('%s', (file, format, extra) => {
    const { input, keys } = goldenInput();
    const output = formatReport(format, { ...input, ...extra });
    if (update) writeFileSync(join(GOLDEN, file), output);
    expect(output).toBe(readFileSync(join(GOLDEN, file), 'utf8'));
    for (const key of keys) expect(output).not.toContain(key);
  });
});

describe('sarif', () => {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'vendor/sarif-schema-2.1.0.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);

  it('is valid against the official SARIF 2.1.0 schema', () => {
    const { input } = goldenInput();
    const log = JSON.parse(formatReport('sarif', input));
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    // An empty run is valid too.
    expect(validate(JSON.parse(formatReport('sarif', { ...input, findings: [] })))).toBe(true);
  });

  it('the schema check catches a broken log', () => {
    const { input } = goldenInput();
    const log = JSON.parse(formatReport('sarif', input));
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('has stable partialFingerprints (the key hash, not the line) and suppressions', () => {
    const { input } = goldenInput();
    const moved = input.findings.map((f) => ({ ...f, line: f.line + 10 }));
    const a = JSON.parse(formatReport('sarif', input)).runs[0].results;
    const b = JSON.parse(formatReport('sarif', { ...input, findings: moved })).runs[0].results;
    expect(a.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints)).toEqual(
      b.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints),
    );
    expect(a[0].partialFingerprints[SARIF_FINGERPRINT_KEY]).toBe(input.findings[0]!.fingerprint);
    const kinds = a.map((r: { suppressions?: { kind: string }[] }) => r.suppressions?.[0]?.kind ?? null);
    expect(kinds.filter((k: string | null) => k !== null).sort()).toEqual(['external', 'inSource']);
  });
});

describe('--show-secrets', () => {
  it('adds full keys to text and json only when asked', () => {
    const { input, keys } = goldenInput();
    const active = input.findings.filter((f) => !f.suppressed);
    for (const format of ['text', 'json'] as const) {
      const shown = formatReport(format, { ...input, showSecrets: true });
      for (const f of active) expect(shown).toContain((f as { secret?: string }).secret);
      const hidden = formatReport(format, input);
      for (const key of keys) expect(hidden).not.toContain(key);
    }
    for (const format of ['sarif', 'github'] as const) {
      const output = formatReport(format, { ...input, showSecrets: true });
      for (const key of keys) expect(output).not.toContain(key);
    }
  });
});

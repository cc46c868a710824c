import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDetector, createStreamScanner, redactKey, type FindingWithSecret } from '@rt-guard/core';
import { fillSlots } from '../core/src/detect/fill-slots.ts';

/**
 * Engine fixtures: one folder per case under test/fixtures/detect/, with `input.*` (a template whose
 * `{{…}}` slots are filled with keys generated now), optional `options.json` (`lineEndings: "crlf"`)
 * and `expected.json` (findings; `key` is the index of the generated key the finding must hold).
 * RT_GUARD_UPDATE_FIXTURES=1 rewrites expected.json from the current output, for review.
 */
const ROOT = join(import.meta.dirname, 'fixtures/detect');
const detector = createDetector();

interface Expected {
  ruleId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  attribution: string;
  encoding: string;
  key: number;
  suppressed?: string;
}

function load(name: string): { text: string; keys: string[]; file: string } {
  const dir = join(ROOT, name);
  const file = readdirSync(dir).find((f) => f.startsWith('input.'))!;
  const options = existsSync(join(dir, 'options.json')) ? JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) : {};
  let template = readFileSync(join(dir, file), 'utf8');
  if (options.lineEndings === 'crlf') template = template.replace(/\n/g, '\r\n');
  return { ...fillSlots(template), file };
}

function summarize(findings: FindingWithSecret[], keys: string[]): Expected[] {
  return findings.map((f) => ({
    ruleId: f.ruleId,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    attribution: f.attribution,
    encoding: f.encoding,
    key: keys.indexOf(f.secret),
    ...(f.suppressed ? { suppressed: f.suppressed } : {}),
  }));
}

const cases = readdirSync(ROOT).sort();

describe('engine fixtures', () => {
  it('has the cases the issue asks for', () => {
    for (const name of [
      'json-escapes',
      'url-query',
      'bearer-header',
      'k8s-secret',
      'basic-auth',
      'dotenv',
      'yaml',
      'notebook',
      'minified-bundle',
      'crlf',
      'key-at-start-no-newline',
      'key-at-end-no-newline',
    ]) {
      expect(cases).toContain(name);
    }
  });

  it.each(cases)('%s', (name) => {
    const { text, keys, file } = load(name);
    const findings = detector.scan(text, { file });
    const actual = summarize(findings, keys);
    const expectedPath = join(ROOT, name, 'expected.json');
    if (process.env['RT_GUARD_UPDATE_FIXTURES'] === '1') writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as Expected[];
    expect(actual).toEqual(expected);
    for (const finding of findings) {
      expect(finding.redacted).toBe(redactKey(finding.secret));
      expect(finding.file).toBe(file);
      // Snippets never hold a key, and never a raw carriage return.
      for (const key of keys) expect(finding.snippet).not.toContain(key);
      expect(finding.snippet).not.toContain('\r');
    }
    // Every generated key is found, except in the ok-* cases and those that need Runtype context.
    if (name.startsWith('ok-') || name.endsWith('-no-context')) expect(findings.filter((f) => !f.suppressed)).toEqual([]);

    // The chunked path gives the same answer at any chunk size, also on multi-megabyte lines.
    for (const chunk of [4097, 65536, 1_000_003]) {
      const scanner = createStreamScanner({ file, detector });
      const streamed: FindingWithSecret[] = [];
      for (let i = 0; i < text.length; i += chunk) streamed.push(...scanner.write(text.slice(i, i + chunk)));
      streamed.push(...scanner.end());
      expect(summarize(streamed, keys).map(({ attribution: _a, ...rest }) => rest)).toEqual(expected.map(({ attribution: _a, ...rest }) => rest));
    }
  });
});

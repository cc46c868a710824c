import { describe, expect, it } from 'vitest';
import { envExpression, missingImport, replaceKeyOnLine } from './env-replacement.ts';

const KEY = 'KEYPLACEHOLDER';
function apply(languageId: string, line: string): string {
  const start = line.indexOf(KEY);
  const r = replaceKeyOnLine(languageId, line, start, start + KEY.length, 'RUNTYPE_API_KEY');
  return line.slice(0, r.start) + r.text + line.slice(r.end);
}

describe('replaceKeyOnLine', () => {
  it.each([
    ['typescript', `const key = "${KEY}";`, 'const key = process.env.RUNTYPE_API_KEY;'],
    ['javascript', `fetch(u, { headers: { Authorization: \`${KEY}\` } })`, 'fetch(u, { headers: { Authorization: process.env.RUNTYPE_API_KEY } })'],
    ['python', `key = '${KEY}'`, 'key = os.environ["RUNTYPE_API_KEY"]'],
    ['go', `key := "${KEY}"`, 'key := os.Getenv("RUNTYPE_API_KEY")'],
    ['shellscript', `export RUNTYPE_TOKEN=${KEY}`, 'export RUNTYPE_TOKEN=${RUNTYPE_API_KEY}'],
    ['shellscript', `TOKEN='${KEY}'`, 'TOKEN="${RUNTYPE_API_KEY}"'],
    ['shellscript', `TOKEN="${KEY}"`, 'TOKEN="${RUNTYPE_API_KEY}"'],
    ['yaml', `api_key: "${KEY}"`, 'api_key: "${RUNTYPE_API_KEY}"'],
    ['markdown', `use ${KEY} here`, 'use ${RUNTYPE_API_KEY} here'],
  ])('%s: %s', (languageId, line, expected) => {
    expect(apply(languageId, line)).toBe(expected);
  });

  it('uses the configured variable name', () => {
    expect(envExpression('typescript', 'MY_KEY')).toBe('process.env.MY_KEY');
    expect(envExpression('unknown-language', 'MY_KEY')).toBe('${MY_KEY}');
  });
});

describe('missingImport', () => {
  it('adds import os to Python files that lack it, after a shebang', () => {
    expect(missingImport('python', '#!/usr/bin/env python\nprint(1)\n')).toEqual({ line: 1, text: 'import os\n' });
    expect(missingImport('python', 'import sys, os\n')).toBeUndefined();
    expect(missingImport('python', 'from os import environ\n')).toBeUndefined();
    expect(missingImport('typescript', '')).toBeUndefined();
  });
});

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

describe('missingImport for Go', () => {
  const insert = (text: string): string => {
    const needed = missingImport('go', text);
    if (!needed) return text;
    const lines = text.split('\n');
    return [...lines.slice(0, needed.line), needed.text + lines.slice(needed.line).join('\n')].join('\n');
  };

  it('adds "os" to an import block that lacks it', () => {
    expect(insert('package main\n\nimport (\n\t"fmt"\n)\n')).toBe('package main\n\nimport (\n\t"os"\n\t"fmt"\n)\n');
  });

  it('adds import "os" before a single import, or after the package clause when there is none', () => {
    expect(insert('package main\n\nimport "fmt"\n\nfunc main() {}\n')).toBe('package main\n\nimport "os"\nimport "fmt"\n\nfunc main() {}\n');
    expect(insert('// Package main.\npackage main\n\nvar key = ""\n')).toBe('// Package main.\npackage main\n\nimport "os"\n\nvar key = ""\n');
  });

  it('adds nothing when os is already imported', () => {
    expect(missingImport('go', 'package main\n\nimport "os"\n')).toBeUndefined();
    expect(missingImport('go', 'package main\n\nimport (\n\t"fmt"\n\t"os" // env\n)\n')).toBeUndefined();
    expect(missingImport('go', 'package main\n\nimport (\n\t"os/exec"\n)\n')).toEqual({ line: 3, text: '\t"os"\n' });
  });
});

import { describe, expect, it } from 'vitest';
import { addAllowEntry } from './allowlist-edit.ts';
import { allowCommentLine, canComment } from './comment-syntax.ts';
import { ensureGitignored, freeDotenvName, getDotenvValue, setDotenvValue } from './dotenv-edit.ts';

describe('setDotenvValue', () => {
  it('creates the file content when there is none', () => {
    expect(setDotenvValue(undefined, 'RUNTYPE_API_KEY', 'v1')).toBe('RUNTYPE_API_KEY=v1\n');
  });
  it('appends and leaves other lines byte for byte', () => {
    const before = '# comment\nOTHER=1\r\nX = "y"';
    expect(setDotenvValue(before, 'RUNTYPE_API_KEY', 'v1')).toBe('# comment\nOTHER=1\r\nX = "y"\r\nRUNTYPE_API_KEY=v1\r\n');
  });
  it('replaces an existing assignment, keeping `export`', () => {
    const after = setDotenvValue('A=1\nexport RUNTYPE_API_KEY=old\nB=2\n', 'RUNTYPE_API_KEY', 'new');
    expect(after).toBe('A=1\nexport RUNTYPE_API_KEY=new\nB=2\n');
    expect(getDotenvValue(after, 'RUNTYPE_API_KEY')).toBe('new');
  });
});

describe('ensureGitignored', () => {
  it('adds .env only when git would not ignore it', () => {
    expect(ensureGitignored(undefined, false)).toBe('.env\n');
    expect(ensureGitignored('node_modules/', false)).toBe('node_modules/\n.env\n');
    expect(ensureGitignored('.env*\n', true)).toBeUndefined();
  });
});

describe('allowCommentLine', () => {
  it.each([
    ['typescript', '    const k = x;', '    // rt-guard:allow'],
    ['python', '\tk = x', '\t# rt-guard:allow'],
    ['html', '<meta k=x>', '<!-- rt-guard:allow -->'],
    ['sql', 'select 1', '-- rt-guard:allow'],
  ])('%s', (languageId, line, expected) => {
    expect(allowCommentLine(languageId, line)).toBe(expected);
  });
  it('has no comment for JSON', () => {
    expect(canComment('json')).toBe(false);
    expect(allowCommentLine('json', '"k": 1')).toBeUndefined();
  });
});

describe('addAllowEntry', () => {
  const fp = 'a'.repeat(64);
  it('creates a config and keeps existing fields', () => {
    expect(JSON.parse(addAllowEntry(undefined, fp, 'docs sample'))).toEqual({ allow: [{ fingerprint: fp, reason: 'docs sample' }] });
    const after = JSON.parse(addAllowEntry('{"failOn":"critical","allow":[]}', fp, ' r '));
    expect(after).toEqual({ failOn: 'critical', allow: [{ fingerprint: fp, reason: 'r' }] });
  });
  it('does not add the same fingerprint twice', () => {
    const once = addAllowEntry(undefined, fp, 'r');
    expect(addAllowEntry(once, fp, 'r')).toBe(once);
  });
  it('refuses to overwrite a broken file', () => {
    expect(() => addAllowEntry('{oops', fp, 'r')).toThrow(/not valid JSON/);
  });
});

describe('freeDotenvName', () => {
  it('never overwrites another key stored under the same name', () => {
    expect(freeDotenvName(undefined, 'K', 'a')).toBe('K');
    expect(freeDotenvName('K=a\n', 'K', 'a')).toBe('K');
    expect(freeDotenvName('K=a\n', 'K', 'b')).toBe('K_2');
    expect(freeDotenvName('K=a\nK_2=b\n', 'K', 'c')).toBe('K_3');
    expect(freeDotenvName('K=\n', 'K', 'c')).toBe('K');
  });
});

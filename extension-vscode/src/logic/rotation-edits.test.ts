import { describe, expect, it } from 'vitest';
import { planRotationEdits, replaceKeyWithEnvRead } from './rotation-edits.ts';
import { liveKey } from '../../../test/helpers/keys.ts';

describe('rotation edits (issue 10: the new key never goes where the old one leaked)', () => {
  it('replaces the old key by an env-var read in every file, and writes the new key only to .env', () => {
    const oldKey = liveKey();
    const newKey = liveKey();
    const edits = planRotationEdits({
      files: [
        { path: 'src/app.ts', languageId: 'typescript', text: `export const KEY = "${oldKey}";\n` },
        { path: 'tool.py', languageId: 'python', text: `KEY = '${oldKey}'\n` },
        { path: 'deploy/config.yaml', languageId: 'yaml', text: `runtype:\n  apiKey: "${oldKey}"\n` },
      ],
      envText: undefined,
      gitignoreText: 'node_modules/\n',
      oldKey,
      newKey,
      envVarName: 'RUNTYPE_API_KEY',
    });
    expect(Object.fromEntries(edits.files)).toEqual({
      'src/app.ts': 'export const KEY = process.env.RUNTYPE_API_KEY;\n',
      'tool.py': 'import os\nKEY = os.environ["RUNTYPE_API_KEY"]\n',
      'deploy/config.yaml': 'runtype:\n  apiKey: "${RUNTYPE_API_KEY}"\n',
    });
    expect(edits.env).toBe(`RUNTYPE_API_KEY=${newKey}\n`);
    expect(edits.gitignore).toBe('node_modules/\n.env\n');
    for (const text of edits.files.values()) expect(text.includes(newKey) || text.includes(oldKey)).toBe(false);
  });

  it("keeps .env's other lines, updates the variable that held the old key, and leaves a correct .gitignore alone", () => {
    const oldKey = liveKey();
    const newKey = liveKey();
    const edits = planRotationEdits({
      files: [],
      envText: `# local\nRUNTYPE_API_KEY=${oldKey}\nLEGACY=${oldKey}\nOTHER=1\n`,
      gitignoreText: '.env*\n',
      oldKey,
      newKey,
      envVarName: 'RUNTYPE_API_KEY',
    });
    expect(edits.env).toBe(`# local\nRUNTYPE_API_KEY=${newKey}\nLEGACY=${newKey}\nOTHER=1\n`);
    expect(edits.gitignore).toBeUndefined();
  });

  it('uses a free name when .env holds another key under the configured one, and fixes a .gitignore that un-ignores .env', () => {
    const oldKey = liveKey();
    const other = liveKey();
    const newKey = liveKey();
    const edits = planRotationEdits({
      files: [{ path: 'a.ts', languageId: 'typescript', text: `const k = "${oldKey}";\n` }],
      envText: `RUNTYPE_API_KEY=${other}\n`,
      gitignoreText: '.env\n!.env\n',
      oldKey,
      newKey,
      envVarName: 'RUNTYPE_API_KEY',
    });
    expect(edits.name).toBe('RUNTYPE_API_KEY_2');
    expect(edits.files.get('a.ts')).toBe('const k = process.env.RUNTYPE_API_KEY_2;\n');
    expect(edits.env).toBe(`RUNTYPE_API_KEY=${other}\nRUNTYPE_API_KEY_2=${newKey}\n`);
    expect(edits.gitignore).toBe('.env\n!.env\n.env\n');
  });

  // Review: git matches .gitignore case-sensitively; `.ENV` (or `.[!e]nv`, which `ignore` reads as
  // a set holding `e`) does not keep .env out of a commit, so .env must still be added.
  it.each(['.ENV\n', '*.ENV\n', '.[!e]nv\n'])('adds .env to a .gitignore whose %j git does not apply to .env', (gitignoreText) => {
    const oldKey = liveKey();
    const edits = planRotationEdits({
      files: [],
      envText: undefined,
      gitignoreText,
      oldKey,
      newKey: liveKey(),
      envVarName: 'RUNTYPE_API_KEY',
    });
    expect(edits.gitignore).toBe(`${gitignoreText}.env\n`);
  });

  it('replaces several occurrences on one line', () => {
    const key = liveKey();
    expect(replaceKeyWithEnvRead(`f("${key}", '${key}')`, 'javascript', key, 'K')).toBe('f(process.env.K, process.env.K)');
    expect(replaceKeyWithEnvRead('nothing here', 'javascript', key, 'K')).toBe('nothing here');
  });
});

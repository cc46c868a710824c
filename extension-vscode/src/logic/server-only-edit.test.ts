import { describe, expect, it } from 'vitest';
import { definesEnv, envDefinitions, isDotenvFileName, publicVariableAt, variableReads } from './server-only-edit.ts';

describe('make server-only (host-free)', () => {
  it('finds the public variable before a key, or under the cursor', () => {
    const line = 'NEXT_PUBLIC_RUNTYPE_API_KEY=rt_live_abc';
    expect(publicVariableAt(line, 28)).toEqual({ name: 'NEXT_PUBLIC_RUNTYPE_API_KEY', serverName: 'RUNTYPE_API_KEY' });
    expect(publicVariableAt('const k = import.meta.env.VITE_RUNTYPE_KEY;', 30)).toEqual({ name: 'VITE_RUNTYPE_KEY', serverName: 'RUNTYPE_KEY' });
    expect(publicVariableAt('RUNTYPE_API_KEY=x', 16)).toBeUndefined();
    expect(publicVariableAt('MY_VITE_KEY=x', 12)).toBeUndefined();
  });

  it('finds definitions in .env text, with export and spaces, not in values or comments', () => {
    const text =
      '# NEXT_PUBLIC_RUNTYPE_API_KEY is public\nNEXT_PUBLIC_RUNTYPE_API_KEY=a\nexport NEXT_PUBLIC_RUNTYPE_API_KEY = b\nOTHER=NEXT_PUBLIC_RUNTYPE_API_KEY\nNEXT_PUBLIC_RUNTYPE_API_KEY_2=c\n';
    const spans = envDefinitions(text, 'NEXT_PUBLIC_RUNTYPE_API_KEY');
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['NEXT_PUBLIC_RUNTYPE_API_KEY', 'NEXT_PUBLIC_RUNTYPE_API_KEY']);
    expect(text.slice(0, spans[1]!.start).endsWith('export ')).toBe(true);
    expect(definesEnv(text, 'RUNTYPE_API_KEY')).toBe(false);
  });

  it('finds whole-word reads in code', () => {
    const code = 'const a = process.env.VITE_RUNTYPE_KEY;\nconst b = import.meta.env["VITE_RUNTYPE_KEY"];\nconst c = VITE_RUNTYPE_KEY_OLD;';
    expect(variableReads(code, 'VITE_RUNTYPE_KEY')).toHaveLength(2);
  });

  it('knows dotenv file names', () => {
    for (const name of ['.env', '.env.local', '.env.production.local', '.env.example']) expect(isDotenvFileName(name), name).toBe(true);
    for (const name of ['.envrc', 'env.ts', '.env.js.bak~']) expect(isDotenvFileName(name), name).toBe(false);
  });
});

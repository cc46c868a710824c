import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '.');
const modules = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .map((name) => name.split('\\').join('/'))
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

describe('the extension starts no process by itself (issue 10)', () => {
  it('no module imports child_process: scanning a document never runs git or anything a repository chose', () => {
    expect(modules.length).toBeGreaterThan(30);
    const offenders = modules.filter((name) =>
      /from ['"](?:node:)?child_process['"]|require\(['"](?:node:)?child_process['"]\)/.test(readFileSync(join(SRC, name), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it("only the hook installer reaches core's git runner (trusted workspaces only)", () => {
    const users = modules.filter((name) => /\b(?:installHooks|gitHooksDir)\b/.test(readFileSync(join(SRC, name), 'utf8')));
    expect(users).toEqual(['logic/hook-install.ts']);
  });
});

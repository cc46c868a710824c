import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const PACKAGES = ['core/src', 'cli/src', 'extension-vscode/src', 'extension-browser/src', 'action/src', 'test'];

/**
 * Static import cycles among the TypeScript files under `globs`. Type-only imports are erased and
 * a dynamic `import()` runs after every module has loaded, so neither counts.
 */
async function cyclesIn(context: string, globs: string[]): Promise<string[][]> {
  const tree = await parseDependencyTree(globs, {
    context,
    cwd: context,
    transform: true,
    skipDynamicImports: true,
    exclude: /node_modules|\/dist\/|test\/fixtures\/|test\/bench\/\.corpus/,
  });
  return parseCircular(tree, false);
}

describe('module graph', () => {
  it('has no import cycle in any package', async () => {
    const cycles = await cyclesIn(
      ROOT,
      PACKAGES.map((dir) => `${dir}/**/*.ts`),
    );
    expect(cycles.map((cycle) => cycle.join(' → '))).toEqual([]);
  }, 120_000);

  it('the check finds a cycle, also through a re-export, and ignores type-only and dynamic imports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-guard-cycles-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b.ts';\nexport const a = () => b;\n");
      writeFileSync(join(dir, 'b.ts'), "export { c as b } from './c.ts';\n");
      writeFileSync(join(dir, 'c.ts'), "import { a } from './a.ts';\nexport const c = () => a;\n");
      writeFileSync(join(dir, 'd.ts'), "import type { E } from './e.ts';\nexport type D = E;\n");
      writeFileSync(join(dir, 'e.ts'), "import type { D } from './d.ts';\nexport type E = D | string;\n");
      writeFileSync(join(dir, 'f.ts'), "import { g } from './g.ts';\nexport const f = () => g();\n");
      writeFileSync(join(dir, 'g.ts'), "export const g = async () => (await import('./f.ts')).f;\n");
      const cycles = await cyclesIn(dir, ['*.ts']);
      expect(cycles.map((cycle) => [...cycle].sort().join(','))).toEqual(['a.ts,b.ts,c.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

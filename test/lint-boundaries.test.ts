import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The import-boundary rules of eslint.config.js, run on code that breaks them. Only the boundary
// rules run (no type information is needed), so the files need not exist; what they import must.
const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' || ruleId === 'import-x/no-restricted-paths' || ruleId === 'no-restricted-syntax',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
});

async function problems(filePath: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import * as x from '${specifier}';\nexport { x };\n`, { filePath });
  return result!.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('lint: import boundaries mirror test/architecture.test.ts for every package', () => {
  it.each([
    ['core/src/detect/new-module.ts', 'node:fs'],
    ['core/src/detect/new-module.ts', 'path'],
    ['core/src/detect/new-module.ts', 'vscode'],
    ['core/src/detect/new-module.ts', 'webextension-polyfill'],
    ['core/src/detect/new-module.ts', '@rt-guard/core'],
    ['core/src/detect/new-module.ts', '../../../cli/src/io.ts'],
    ['core/src/detect/new-module.ts', '../node/paths.ts'],
    ['core/src/new-module.ts', './node/paths.ts'],
    ['core/src/node/new-module.ts', 'vscode'],
    ['core/src/node/new-module.ts', '../../../test/helpers/keys.ts'],
    ['cli/src/new-module.ts', '../../extension-vscode/src/logic/to-diagnostic.ts'],
    ['cli/src/new-module.ts', '../../test/helpers/keys.ts'],
    ['cli/src/new-module.ts', 'vscode'],
    ['extension-vscode/src/new-module.ts', '../../cli/src/io.ts'],
    ['extension-vscode/src/new-module.ts', '../../extension-browser/src/shared/key-kind.ts'],
    ['extension-vscode/src/new-module.ts', 'webextension-polyfill'],
    ['extension-vscode/src/new-module.ts', '@rt-guard/cli'],
    ['extension-vscode/src/logic/new-module.ts', 'vscode'],
    ['extension-vscode/src/logic/new-module.test.ts', 'vscode'],
    ['extension-vscode/src/logic/new-module.ts', '../host/output.ts'],
    ['extension-vscode/src/logic/new-module.ts', '../extension.ts'],
    ['extension-browser/src/shared/new-module.ts', '../../../cli/src/io.ts'],
    ['extension-browser/src/shared/new-module.ts', '@rt-guard/core/node'],
    ['extension-browser/src/shared/new-module.ts', 'node:fs'],
    ['extension-browser/src/shared/new-module.ts', 'vscode'],
    ['extension-browser/src/content/new-module.ts', 'webextension-polyfill'],
  ])('%s may not import %s', async (file, specifier) => {
    expect(await problems(file, specifier)).not.toEqual([]);
  });

  it.each([
    ['core/src/detect/new-module.ts', './engine.ts'],
    ['core/src/detect/new-module.ts', 'zod'],
    ['core/src/node/new-module.ts', 'node:fs'],
    ['core/src/node/new-module.ts', './paths.ts'],
    ['core/src/node/new-module.ts', '../detect/engine.ts'],
    ['cli/src/new-module.ts', '@rt-guard/core'],
    ['cli/src/new-module.ts', '@rt-guard/core/node'],
    ['extension-vscode/src/new-module.ts', '@rt-guard/core/node'],
    ['extension-vscode/src/new-module.ts', 'vscode'],
    ['extension-vscode/src/host/new-module.ts', 'vscode'],
    ['extension-vscode/src/host/new-module.ts', '../logic/to-diagnostic.ts'],
    ['extension-vscode/src/logic/new-module.ts', './to-diagnostic.ts'],
    ['extension-vscode/src/logic/new-module.ts', '@rt-guard/core/node'],
    ['extension-browser/src/platform/browser.ts', 'webextension-polyfill'],
    ['extension-browser/src/shared/new-module.ts', '@rt-guard/core'],
    ['cli/src/new-module.test.ts', '../../test/helpers/keys.ts'],
    ['extension-vscode/src/new-module.test.ts', '../../test/helpers/keys.ts'],
    ['test/new-module.ts', '../cli/src/io.ts'],
    ['test/new-module.ts', '../extension-vscode/src/logic/to-diagnostic.ts'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await problems(file, specifier)).toEqual([]);
  });
});

// Runs the in-host suites through @vscode/test-electron's runTests, exactly as against a desktop
// VS Code, but with code-shim.mjs as the executable (shared/testing-recipes.md).
import { runTests } from '@vscode/test-electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** @param {{ workspace: string, env?: Record<string,string> }} options @returns {Promise<number>} exit code */
export async function runExtensionTests({ workspace, env = {} }) {
  try {
    return await runTests({
      vscodeExecutablePath: join(here, 'code-shim.mjs'),
      extensionDevelopmentPath: join(here, '../../../extension-vscode'),
      extensionTestsPath: join(here, '.out/index.cjs'),
      launchArgs: [workspace],
      extensionTestsEnv: env,
    });
  } catch (error) {
    // runTests rejects with "Test run failed with code N".
    const code = /code (\d+)/.exec(String(error))?.[1];
    if (code) return Number(code);
    throw error;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const code = await runExtensionTests({ workspace: process.argv[2] ?? process.cwd() });
  process.exit(code);
}

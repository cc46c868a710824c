// Loaded by the extension host as extensionTestsPath: runs the bundled mocha suites and settles
// when they end (failures reject, which makes the host exit with code 1).
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // RT_GUARD_E2E_GREP: run only the tests whose full title contains it (e.g. the API block again, against the documented shapes).
  const grep = process.env['RT_GUARD_E2E_GREP'];
  if (grep) mocha.grep(grep);
  // Test files are bundled into this one; expose describe/it before evaluating them.
  mocha.suite.emit('pre-require', globalThis, 'rt-guard-e2e', mocha);
  // RT_GUARD_E2E_SUITE=restricted: the folder is open in Restricted Mode (untrusted), another suite.
  if (process.env['RT_GUARD_E2E_SUITE'] === 'restricted') await import('./restricted.suite.ts');
  else {
    await import('./extension.suite.ts');
    await import('./server-only.suite.ts');
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
}

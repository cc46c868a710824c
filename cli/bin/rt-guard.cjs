#!/usr/bin/env node
// Committed launcher: npm links package bins at install time, before `prepare` has built dist/,
// so the bin must exist in git. It only loads the built CLI (CommonJS: the quickest start for Node).
try {
  require('../dist/bin.cjs');
} catch (error) {
  if (error?.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.cjs')) {
    process.stderr.write('rt-guard: the CLI is not built yet. Run `npm run build` at the repository root, then try again.\n');
    process.exitCode = 2;
  } else {
    throw error;
  }
}

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', testTimeout: 30000, include: ['core/src/**/*.test.ts'] } },
      { test: { name: 'cli', testTimeout: 30000, include: ['cli/src/**/*.test.ts'] } },
      { test: { name: 'vscode', testTimeout: 30000, include: ['extension-vscode/src/**/*.test.ts'] } },
      { test: { name: 'browser', testTimeout: 30000, include: ['extension-browser/src/**/*.test.ts'], environment: 'happy-dom' } },
      {
        test: {
          name: 'cross',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.e2e.test.ts', '**/node_modules/**'],
          testTimeout: 60000,
          hookTimeout: 120000,
        },
      },
      // The API suites again, with the emulator answering exactly like Runtype's reference examples (issue 11).
      {
        test: {
          name: 'api-documented',
          include: ['test/api/**/*.test.ts'],
          exclude: ['test/api/client-limits.test.ts', 'test/api/contract.test.ts', 'test/api/doctor.test.ts'],
          env: { RT_GUARD_EMULATOR_SHAPES: 'documented' },
          testTimeout: 60000,
          hookTimeout: 120000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
          testTimeout: 180000,
          hookTimeout: 240000,
        },
      },
    ],
  },
});

// ESLint (flat config): typescript-eslint's type-checked rules, plus import boundaries that mirror
// test/architecture.test.ts for every package (style guide §1):
//   cli/, extension-vscode/, extension-browser/ ──► core/ (imports nothing of ours)
//   core/src outside core/src/node: no node:*, vscode, webextension-polyfill, chrome
//   extension-vscode/src/logic (host-free, tested under plain Node): no vscode, nothing from host/
//   test/ may import anything; nothing imports test/ (except tests)
// Run: npm run lint
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [...builtinModules.filter((name) => !name.startsWith('_')), 'node:*'];
const TESTS = ['**/*.test.ts', '**/*.e2e.test.ts'];
const OUR_PACKAGES = {
  group: ['@rt-guard/*', '!@rt-guard/core', '!@rt-guard/core/node', 'rt-guard'],
  message: 'Surfaces import only @rt-guard/core (and @rt-guard/core/node), never another surface.',
};

/** `no-restricted-paths` zones: folders a package's source must not import from. */
const zone = (target, from, message) => ({ target, from, message });
const boundaryZones = [
  zone('./core/src', ['./cli', './extension-vscode', './extension-browser', './action', './test'], 'core imports nothing of ours.'),
  zone(['./core/src/*.ts', './core/src/!(node)/**/*'], './core/src/node', 'Pure core must not import core/src/node (Node-only).'),
  zone('./cli/src', ['./extension-vscode', './extension-browser', './action', './test'], 'The CLI imports only core.'),
  zone('./extension-vscode/src', ['./cli', './extension-browser', './action', './test'], 'The VS Code extension imports only core.'),
  zone(
    './extension-vscode/src/logic',
    ['./extension-vscode/src/host', './extension-vscode/src/extension.ts'],
    'extension-vscode/src/logic is host-free (runs under plain Node in vitest): it must not import host/ (modules that use vscode).',
  ),
  zone('./extension-browser/src', ['./cli', './extension-vscode', './action', './test'], 'The browser extension imports only core.'),
  zone('./action/src', ['./extension-vscode', './extension-browser', './test'], 'The GitHub Action is an adapter over the CLI and core.'),
];

export default tseslint.config(
  {
    // What .gitignore ignores (build output, caches) and committed bundles and fixtures.
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'test/fixtures/**',
      'test/bench/.corpus/**',
      'test/vendor/**',
      'test/e2e/vscode/.out/**',
      '.cache/**',
      'coverage/**',
      '**/.rt-guard-cache/**',
      'action/dist/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver()] },
    rules: {
      // Unused code is already an error in tsc (noUnusedLocals, noUnusedParameters).
      '@typescript-eslint/no-unused-vars': 'off',
      // Unsafe `any` flows come mostly from JSON.parse in tests and zod-free boundaries; tsc's strict mode covers the rest.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // `x[i]!` documents a checked index; noUncheckedIndexedAccess is off, so the rule calls every one unnecessary.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Handlers implement async interfaces (message handlers, commander actions) without always awaiting.
      '@typescript-eslint/require-await': 'off',
      // Ports are interfaces whose members are declared as methods but implemented as closures, and destructured.
      '@typescript-eslint/unbound-method': 'off',
      // Kept visible, not yet enforced: the few places left are listed by `npm run lint`.
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-base-to-string': 'warn',
      '@typescript-eslint/restrict-plus-operands': 'warn',
      'preserve-caught-error': 'warn',
      'import-x/no-restricted-paths': ['error', { zones: boundaryZones }],
    },
  },
  {
    // Pure core: the same code runs in Node, the VS Code extension host and an MV3 service worker.
    files: ['core/src/**/*.ts'],
    ignores: ['core/src/node/**', ...TESTS],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'core must not use the VS Code API.' },
            { name: 'webextension-polyfill', message: 'core must not use browser extension APIs.' },
            { name: 'chrome', message: 'core must not use browser extension APIs.' },
          ],
          patterns: [
            { group: NODE_BUILTINS, message: 'Pure core has no Node built-ins: put Node-only code in core/src/node/.' },
            { group: ['@rt-guard/*', 'rt-guard'], message: 'core imports nothing of ours.' },
          ],
        },
      ],
    },
  },
  {
    files: ['core/src/node/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', 'webextension-polyfill', 'chrome'],
          patterns: [{ group: ['@rt-guard/*', 'rt-guard'], message: 'core imports nothing of ours.' }],
        },
      ],
    },
  },
  {
    files: ['cli/src/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode', 'webextension-polyfill', 'chrome'], patterns: [OUR_PACKAGES] }] },
  },
  {
    files: ['extension-vscode/src/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { paths: ['webextension-polyfill', 'chrome'], patterns: [OUR_PACKAGES] }] },
  },
  {
    // Host-free modules (and their tests) run under plain Node in vitest; what needs the editor lives in host/.
    files: ['extension-vscode/src/logic/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'extension-vscode/src/logic is host-free: code that needs the VS Code API goes in extension-vscode/src/host.' },
            'webextension-polyfill',
            'chrome',
          ],
          patterns: [OUR_PACKAGES],
        },
      ],
    },
  },
  {
    files: ['extension-browser/src/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'The browser extension must not use the VS Code API.' },
            { name: '@rt-guard/core/node', message: 'The browser extension cannot use the Node adapters.' },
          ],
          patterns: [
            {
              ...OUR_PACKAGES,
              group: ['@rt-guard/*', '!@rt-guard/core', 'rt-guard'],
              message: 'The browser extension imports only @rt-guard/core (no Node adapters).',
            },
            { group: NODE_BUILTINS, message: 'The browser extension has no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    // Style guide §5: platform/browser.ts is the only module that imports webextension-polyfill.
    files: ['extension-browser/src/**/*.ts'],
    ignores: ['extension-browser/src/platform/browser.ts', ...TESTS],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value='webextension-polyfill']", message: 'Import the browser API from platform/browser.ts.' },
      ],
    },
  },
  {
    // Tests sit next to their module and may import anything, but the boundaries still say what a
    // package ships; only the tests themselves may reach into test/ (shared helpers).
    files: TESTS,
    rules: {
      // Tests check that control characters are escaped.
      'no-control-regex': 'off',
      // afterAll(() => server.close()) and the like.
      '@typescript-eslint/no-floating-promises': 'warn',
      'import-x/no-restricted-paths': ['error', { zones: boundaryZones.map((z) => ({ ...z, from: [z.from].flat().filter((from) => from !== './test') })) }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': 'off', 'no-control-regex': 'off', '@typescript-eslint/no-floating-promises': 'warn' },
  },
  {
    // Escaping control characters is what this module does.
    files: ['core/src/report/escape-control.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // The bin loads the CommonJS bundle of the full CLI synchronously, on purpose (start-up time).
    files: ['cli/src/bin.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended],
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-useless-assignment': 'warn',
      'preserve-caught-error': 'warn',
    },
    languageOptions: {
      globals: {
        ...Object.fromEntries(
          [
            'process',
            'console',
            'Buffer',
            'URL',
            'URLSearchParams',
            'setTimeout',
            'clearTimeout',
            'setInterval',
            'clearInterval',
            'setImmediate',
            'queueMicrotask',
            'fetch',
            'performance',
            'TextEncoder',
            'TextDecoder',
            'AbortController',
            'AbortSignal',
            'structuredClone',
            'globalThis',
          ].map((name) => [name, 'readonly']),
        ),
      },
    },
  },
  {
    // Functions in this file are evaluated inside the browser page.
    files: ['test/bench/browser.bench.mjs'],
    languageOptions: { globals: { location: 'readonly', document: 'readonly', PerformanceObserver: 'readonly', window: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', __filename: 'readonly', exports: 'writable' },
    },
  },
);

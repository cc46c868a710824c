import type { ExposureRule } from './types.ts';

/**
 * Variable prefixes that frameworks inline into client code at build time, longest first
 * (`NEXT_PUBLIC_` before `PUBLIC_`). Docs: nextjs.org/docs/app/guides/environment-variables,
 * vite.dev/guide/env-and-mode, svelte.dev/docs/kit/$env-static-public, create-react-app.dev/docs/adding-custom-environment-variables,
 * docs.expo.dev/guides/environment-variables, nuxt.com/docs/guide/going-further/runtime-config,
 * gatsbyjs.com/docs/how-to/local-development/environment-variables, storybook.js.org/docs/configure/environment-variables.
 */
export const PUBLIC_ENV_PREFIXES: readonly { prefix: string; framework: string }[] = [
  { prefix: 'NEXT_PUBLIC_', framework: 'Next.js' },
  { prefix: 'EXPO_PUBLIC_', framework: 'Expo' },
  { prefix: 'NUXT_PUBLIC_', framework: 'Nuxt' },
  { prefix: 'REACT_APP_', framework: 'Create React App' },
  { prefix: 'STORYBOOK_', framework: 'Storybook' },
  { prefix: 'GATSBY_', framework: 'Gatsby' },
  { prefix: 'VITE_', framework: 'Vite' },
  { prefix: 'PUBLIC_', framework: 'SvelteKit and Astro' },
];

const variableRules: ExposureRule[] = PUBLIC_ENV_PREFIXES.map(({ prefix, framework }) => ({
  id: `public-env-${prefix.slice(0, -1).toLowerCase().replace(/_/g, '-')}`,
  exposure: 'client',
  target: 'variable',
  // The identifier must start there: `MY_NEXT_PUBLIC_X` is not public, `NEXT_PUBLIC_X` is.
  pattern: `(?<![A-Za-z0-9_])(${prefix}[A-Za-z0-9_]+)`,
  reason: `{match}: ${framework} inlines ${prefix} variables into the code it sends to every browser`,
  examples: {
    matches: [
      { file: '.env.local', before: `${prefix}RUNTYPE_API_KEY=` },
      { file: 'src/config.ts', before: `const key = process.env.${prefix}RUNTYPE_KEY ?? "` },
      { file: 'app.json', before: `  "${prefix}RUNTYPE": "` },
    ],
    nonMatches: [
      { file: '.env', before: `MY_${prefix}RUNTYPE_API_KEY=` },
      { file: '.env', before: 'RUNTYPE_API_KEY=' },
    ],
  },
}));

/** Client rules over paths: what a web server or a bundle hands to every visitor. */
const clientPathRules: ExposureRule[] = [
  {
    id: 'next-static',
    exposure: 'client',
    target: 'path',
    pattern: '(?:^|/)(\\.next/static)/',
    reason: 'files in {match}/ are the JavaScript Next.js sends to every browser',
    examples: { matches: [{ file: '.next/static/chunks/app.js' }], nonMatches: [{ file: '.next/server/app/page.js' }] },
  },
  {
    id: 'public-folder',
    exposure: 'client',
    target: 'path',
    pattern: '(?:^|/)(public|static)/',
    reason: 'files in {match}/ are served to every visitor as they are',
    examples: {
      matches: [{ file: 'public/config.js' }, { file: 'web/static/env.json' }, { file: 'public/downloads/site.zip!index.js' }],
      nonMatches: [{ file: 'src/publicity/x.ts' }, { file: 'src/static-analysis.ts' }, { file: 'site.zip!public/index.js' }],
    },
  },
  {
    id: 'built-bundle',
    exposure: 'client',
    target: 'path',
    pattern: '(?:^|/)(dist|build|out)/(?:[^/]+/)*[^/]+\\.(?:m?js|cjs|css|html?)$',
    reason: 'built bundles in {match}/ are what browsers download',
    examples: {
      matches: [{ file: 'dist/app.js' }, { file: 'packages/web/build/js/main.3f2a.js' }, { file: 'out/index.html' }],
      nonMatches: [{ file: 'dist/notes.txt' }, { file: 'src/distance.js' }, { file: 'scripts/build.js' }],
    },
  },
  {
    id: 'html-page',
    exposure: 'client',
    target: 'path',
    pattern: '\\.(html?)$',
    reason: 'an HTML page is sent to every visitor ({match})',
    examples: { matches: [{ file: 'index.html' }, { file: 'docs/page.HTM' }], nonMatches: [{ file: 'src/html.ts' }] },
  },
  {
    id: 'source-map',
    exposure: 'client',
    target: 'path',
    pattern: '\\.(map)$',
    reason: 'a source map is served beside its bundle and carries the original source',
    examples: { matches: [{ file: 'assets/app.js.map' }, { file: 'dist/app.js.map!src/config.ts' }], nonMatches: [{ file: 'src/map.ts' }] },
  },
];

/** Server rules: places only a server reads. Checked after every client rule. */
const serverRules: ExposureRule[] = [
  {
    id: 'server-folder',
    exposure: 'server',
    target: 'path',
    pattern: '(?:^|/)(server|servers|backend|lambdas?|serverless|pages/api|app/api|(?:netlify|supabase|firebase)/functions)/|^(api|functions)/',
    reason: 'code in {match}/ runs on a server',
    examples: {
      matches: [{ file: 'server/db.ts' }, { file: 'src/pages/api/chat.ts' }, { file: 'api/chat.js' }, { file: 'netlify/functions/ask.mjs' }],
      nonMatches: [{ file: 'src/api/client.ts' }, { file: 'src/observer/x.ts' }],
    },
  },
  {
    id: 'server-module',
    exposure: 'server',
    target: 'path',
    pattern: '(\\.server\\.[cm]?[jt]sx?|(?:^|/)\\+server\\.[jt]s|(?:^|/)server\\.[cm]?[jt]s|(?:^|/)route\\.[jt]s)$',
    reason: '{match} is a server-only module',
    examples: {
      matches: [{ file: 'app/routes/chat.server.ts' }, { file: 'src/routes/+page.server.ts' }, { file: 'server.js' }, { file: 'app/chat/route.ts' }],
      nonMatches: [{ file: 'src/observer.ts' }, { file: 'src/route-map.ts' }],
    },
  },
  {
    id: 'server-language',
    exposure: 'server',
    target: 'path',
    pattern: '\\.(py|go|rb|php|exs?)$',
    reason: 'a .{match} file runs on a server, not in a browser',
    examples: { matches: [{ file: 'app/main.py' }, { file: 'cmd/serve.go' }], nonMatches: [{ file: 'src/main.ts' }, { file: 'main.pyc.txt' }] },
  },
  {
    id: 'server-env-file',
    exposure: 'server',
    target: 'path',
    pattern: '(?:^|/)(\\.env(?:\\.[A-Za-z0-9_-]+)*)$',
    reason: '{match}: a variable without a public prefix stays on the server (frameworks inline only public-prefixed ones)',
    examples: { matches: [{ file: '.env' }, { file: 'apps/web/.env.production.local' }], nonMatches: [{ file: 'src/env.ts' }, { file: '.envrc.js' }] },
  },
];

/** Every exposure rule in the order they are tried: variables, client paths, then server. */
export const exposureRules: readonly ExposureRule[] = [...variableRules, ...clientPathRules, ...serverRules];

import type { Rule } from '../../core/src/detect/types.ts';

/**
 * Two rules that exist only in tests, for "a rule added in core/src/detect/rules/ alone reaches
 * every surface" (test/add-a-rule*.test.ts): they are appended to the built-in rules with
 * `vi.mock`, so any place that keeps its own list of prefixes, names or kinds misses them.
 * Prefixes no real rule uses: a surface key and a Runtype-style API key.
 */
export const extraRules: readonly Rule[] = [
  {
    id: 'acme-widget-key',
    name: 'Acme widget key',
    description: 'Acme widget key (wdgt_): a made-up provider that exists only in tests',
    kind: 'surface',
    surface: 'widget',
    severity: 'high',
    keywords: ['wdgt_'],
    prefix: 'wdgt_',
    body: '[A-Za-z0-9]{20,64}',
    redactBody: '[A-Za-z0-9]{6,}',
    scanBase64: true,
    examples: {
      truePositives: ['WIDGET_KEY={{wdgt}}'],
      falsePositives: [{ text: 'WIDGET_KEY=wdgt_your_key_here', reason: 'documentation placeholder' }],
    },
  },
  {
    id: 'runtype-next-key-live',
    name: 'Runtype next-format live API key',
    description: 'Runtype production API key in a future format (rtn_live_), test-only',
    kind: 'live',
    environment: 'live',
    severity: 'critical',
    keywords: ['rtn_live_'],
    prefix: 'rtn_live_',
    body: '[A-Za-z0-9]{16,128}',
    redactBody: '[A-Za-z0-9]{8,}',
    scanBase64: true,
    examples: {
      truePositives: ['RUNTYPE_API_KEY={{rtn_live}}'],
      falsePositives: [{ text: 'rtn_live_your_api_key_here', reason: 'documentation placeholder' }],
    },
  },
];

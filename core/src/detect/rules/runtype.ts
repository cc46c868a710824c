import type { Rule } from '../types.ts';

/**
 * Runtype credentials. Formats: shared/runtype-api.md "Key formats".
 * The body alphabet and length are not published; Runtype's own lint uses `[A-Za-z0-9]{16,}`
 * after the prefix, and we accept 16–128 (an inference, kept here in one place).
 * Sample (fake): rt_live_ + 32 base62 characters, e.g. as minted by the test emulator.
 */
export const KEY_BODY = '[A-Za-z0-9]{16,128}';

/** What redaction hides after a prefix: shorter runs too, so a cut or mistyped key is hidden as well. */
export const REDACT_BODY = '[A-Za-z0-9]{8,}';

export const runtypeRules: readonly Rule[] = [
  {
    id: 'runtype-api-key-live',
    name: 'Runtype live API key',
    kind: 'live',
    description: 'Runtype production API key (rt_live_): full access to the account it belongs to',
    severity: 'critical',
    keywords: ['rt_live_'],
    prefix: 'rt_live_',
    body: KEY_BODY,
    redactBody: REDACT_BODY,
    environment: 'live',
    scanBase64: true,
    examples: {
      truePositives: [
        'RUNTYPE_API_KEY={{rt_live}}',
        'const client = new Runtype({ apiKey: "{{rt_live}}" });',
        'curl -H "Authorization: Bearer {{rt_live}}" https://api.runtype.com/v1/auth/me',
        'https://example.test/hook?api_key={{rt_live}}&next=1',
        '{"cells":[{"source":["key = \\"{{rt_live}}\\"\\n"]}]}',
      ],
      falsePositives: [
        { text: 'RUNTYPE_API_KEY=rt_live_your_api_key_here', reason: 'documentation placeholder' },
        { text: 'apiKey: "rt_live_abc123..."', reason: 'documentation placeholder with ellipsis' },
        { text: 'rt_live_...', reason: 'redacted form' },
        { text: 'rt_live_…a1b2', reason: 'our own redacted form' },
        { text: 'rt_live_{{raw:xxxxxxxxxxxxxxxxxxxxxxxx}}', reason: 'repeated characters' },
        { text: 'rt_live_{{raw:abcdefghijklmnopqrstuvwx}}', reason: 'sequential characters' },
        { text: 'rt_live_{{raw:0123456789abcdefABCDEF}}', reason: 'sequential characters' },
        { text: 'rt_live_<YOUR_KEY>', reason: 'angle-bracket placeholder' },
        { text: 'rt_live_${RUNTYPE_KEY}', reason: 'template placeholder' },
        { text: 'my_rt_live_{{body}}', reason: 'embedded in a longer identifier' },
        { text: 'rt_live_{{body}}_suffix', reason: 'embedded in a longer identifier' },
        { text: 'rt_live_{{body}}{{body}}{{body}}{{body}}{{body}}', reason: 'body longer than 128 characters' },
        { text: 'rt_live_shortBody12', reason: 'body shorter than 16 characters' },
        { text: 'rt_live_{{raw:EXAMPLEKEYEXAMPLEKEY1234}}', reason: 'marked as an example' },
      ],
    },
  },
  {
    id: 'runtype-api-key-test',
    name: 'Runtype test API key',
    kind: 'test',
    description: 'Runtype sandbox API key (rt_test_): still reaches the account',
    severity: 'high',
    keywords: ['rt_test_'],
    prefix: 'rt_test_',
    body: KEY_BODY,
    redactBody: REDACT_BODY,
    environment: 'test',
    scanBase64: true,
    examples: {
      truePositives: [
        'export RUNTYPE_API_KEY="{{rt_test}}"',
        'runtype:\n  apiKey: {{rt_test}}\n',
        'Authorization: Basic {{basic:ci:rt_test}}',
        'data:\n  RUNTYPE_API_KEY: {{base64:rt_test}}\n',
      ],
      falsePositives: [
        { text: 'RUNTYPE_API_KEY=rt_test_your_api_key_here', reason: 'documentation placeholder' },
        { text: 'rt_test_xxx', reason: 'documentation placeholder' },
        { text: 'function rt_test_{{raw:handlesExpiredKeysGracefully}}() {}', reason: 'identifier made of words' },
        { text: 'def rt_test_{{raw:rejectsmissingheaders}}(): pass', reason: 'identifier made of lowercase words' },
        { text: 'rt_test_{{raw:aaaaaaaaaaaaaaaaaaaaaaaa}}', reason: 'repeated characters' },
        { text: 'rt_test_{{raw:1234567890123456}}', reason: 'sequential digits' },
      ],
    },
  },
  {
    id: 'runtype-legacy-key-live',
    name: 'Runtype live API key (legacy tv_ prefix)',
    kind: 'legacy',
    description: "Runtype production API key in the legacy format (tv_live_, the product's former name)",
    severity: 'critical',
    keywords: ['tv_live_'],
    prefix: 'tv_live_',
    body: KEY_BODY,
    redactBody: REDACT_BODY,
    environment: 'live',
    scanBase64: true,
    examples: {
      truePositives: ['TV_API_KEY={{tv_live}}'],
      falsePositives: [{ text: 'tv_live_your_api_key_here', reason: 'documentation placeholder' }],
    },
  },
  {
    id: 'runtype-legacy-key-test',
    name: 'Runtype test API key (legacy tv_ prefix)',
    kind: 'legacy',
    description: 'Runtype sandbox API key in the legacy format (tv_test_)',
    severity: 'high',
    keywords: ['tv_test_'],
    prefix: 'tv_test_',
    body: KEY_BODY,
    redactBody: REDACT_BODY,
    environment: 'test',
    scanBase64: true,
    examples: {
      truePositives: ['key: "{{tv_test}}"'],
      falsePositives: [{ text: 'tv_test_{{raw:xxxxxxxxxxxxxxxxxxxx}}', reason: 'repeated characters' }],
    },
  },
  {
    id: 'runtype-product-key',
    name: 'Runtype product surface key',
    kind: 'surface',
    surface: 'product',
    description: 'Runtype product surface key (papi_); fires only where the surroundings name Runtype',
    severity: 'high',
    keywords: ['papi_'],
    prefix: 'papi_',
    body: KEY_BODY,
    redactBody: REDACT_BODY,
    requiresContext: true,
    examples: {
      truePositives: ['RUNTYPE_PRODUCT_KEY={{papi}}', 'import { Runtype } from "@runtypelabs/sdk"; const k = "{{papi}}";'],
      falsePositives: [{ text: 'STRIPE_KEY={{papi}}', reason: 'papi_ without Runtype context belongs to many vendors' }],
    },
  },
  {
    id: 'runtype-a2a-key',
    name: 'Runtype A2A surface key',
    kind: 'surface',
    surface: 'a2a',
    description: 'Runtype A2A surface key (a2a_); fires only where the surroundings name Runtype',
    severity: 'high',
    keywords: ['a2a_'],
    prefix: 'a2a_',
    body: KEY_BODY,
    redactBody: REDACT_BODY,
    requiresContext: true,
    examples: {
      truePositives: ['runtype_a2a_key = "{{a2a}}"'],
      falsePositives: [{ text: 'AGENT_TOKEN={{a2a}}', reason: 'a2a_ without Runtype context is generic' }],
    },
  },
  {
    id: 'runtype-client-token',
    name: 'Runtype client token',
    kind: 'public',
    description: 'Runtype client token (ct_live_/ct_test_): public by design and origin-locked; informational only',
    severity: 'info',
    keywords: ['ct_live_', 'ct_test_'],
    prefix: 'ct_(?:live|test)_',
    body: KEY_BODY,
    redactBody: REDACT_BODY,
    examples: {
      truePositives: ['<script>Runtype.init({ clientToken: "{{ct_live}}" })</script>'],
      falsePositives: [{ text: 'ct_live_your_client_token', reason: 'documentation placeholder' }],
    },
  },
];

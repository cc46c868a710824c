/**
 * Host-free mapping from a core rule id to the kind of key the extension reasons about. Options
 * carry one block/warn/off mode per kind, so a new rule only needs one line here.
 */
export type KeyKind = 'live' | 'test' | 'product' | 'a2a' | 'client';

export const KEY_KINDS: readonly KeyKind[] = ['live', 'test', 'product', 'a2a', 'client'];

const KIND_OF_RULE: Readonly<Record<string, KeyKind>> = {
  'runtype-api-key-live': 'live',
  'runtype-legacy-key-live': 'live',
  'runtype-api-key-test': 'test',
  'runtype-legacy-key-test': 'test',
  'runtype-product-key': 'product',
  'runtype-a2a-key': 'a2a',
  'runtype-client-token': 'client',
};

/** The kind of a finding's rule; unknown rules count as live so a new rule fails safe. */
export function toKeyKind(ruleId: string): KeyKind {
  return KIND_OF_RULE[ruleId] ?? 'live';
}

/** Words for the warning dialog: why this kind of key must not be on a web page. */
export function riskOf(kind: KeyKind): string {
  switch (kind) {
    case 'live':
      return 'This is a production Runtype API key. Anyone who reads it can act on your Runtype account, and this page and its scripts can read what you paste.';
    case 'test':
      return 'This is a Runtype sandbox key. It still reaches your Runtype account; scripts on this page can read what you paste.';
    case 'product':
      return 'This is a Runtype product surface key (papi_). It is a server secret; scripts on this page can read what you paste.';
    case 'a2a':
      return 'This is a Runtype A2A surface key (a2a_). It is a server secret; scripts on this page can read what you paste.';
    case 'client':
      return 'This is a Runtype client token. Client tokens are public by design.';
    default:
      return kind satisfies never;
  }
}

/**
 * Host-free mapping from a core rule to the kind of key the extension reasons about. Options
 * carry one block/warn/off mode per kind. The kind is derived from the rule's facts (core
 * `rules/`), so a new rule needs nothing here.
 */
import { ruleById } from '@rt-guard/core';

export const KEY_KINDS = ['live', 'test', 'product', 'a2a', 'client'] as const;

export type KeyKind = (typeof KEY_KINDS)[number];

/** Surfaces with a mode of their own in the options. */
const SURFACE_KINDS: readonly string[] = ['product', 'a2a'] satisfies readonly KeyKind[];

/**
 * The kind of a finding's rule: public tokens are `client`, surface keys their surface (when it has
 * a mode of its own), API keys their environment. Unknown rules and surfaces without a mode count
 * as live, so a new rule fails safe.
 */
export function toKeyKind(ruleId: string): KeyKind {
  const rule = ruleById(ruleId);
  if (rule?.kind === 'public') return 'client';
  if (rule?.kind === 'surface') return SURFACE_KINDS.includes(rule.surface ?? '') ? (rule.surface as KeyKind) : 'live';
  return rule?.environment === 'test' ? 'test' : 'live';
}

const SERVER_SECRET = 'It is a server secret; scripts on this page can read what you paste.';

const RISKS: Readonly<Record<KeyKind, string>> = {
  live: 'Anyone who reads it can act on your Runtype account, and this page and its scripts can read what you paste.',
  test: 'A sandbox key still reaches your Runtype account; scripts on this page can read what you paste.',
  product: SERVER_SECRET,
  a2a: SERVER_SECRET,
  client: 'Client tokens are public by design.',
};

/**
 * Words for the warning dialog: what the key is (its rule's name) and why this kind of key must
 * not be on a web page.
 */
export function riskOf(kind: KeyKind, ruleId?: string): string {
  const rule = ruleId === undefined ? undefined : ruleById(ruleId);
  const risk = rule?.kind === 'surface' ? SERVER_SECRET : RISKS[kind];
  return `${rule?.name ?? 'A Runtype key'}. ${risk}`;
}

/**
 * Facts about credentials, derived from the rules (`rules/`): which rule a finding came from, its
 * name, which keys are Runtype API keys, and patterns for whole keys and prefixes. Surfaces ask
 * here instead of keeping lists of their own, so a new rule reaches all of them.
 */
import { builtinRules } from './rules/index.ts';
import type { Rule } from './types.ts';

const byId = new WeakMap<readonly Rule[], ReadonlyMap<string, Rule>>();

/** The rule with this id, or undefined. Default: the built-in rules. */
export function ruleById(id: string, rules: readonly Rule[] = builtinRules): Rule | undefined {
  let index = byId.get(rules);
  if (!index) byId.set(rules, (index = new Map(rules.map((rule) => [rule.id, rule]))));
  return index.get(id);
}

/** The display name of a rule (`Runtype live API key`); the id itself for an unknown rule. */
export function ruleName(ruleId: string, rules: readonly Rule[] = builtinRules): string {
  return ruleById(ruleId, rules)?.name ?? ruleId;
}

/**
 * True for Runtype API keys (kinds `live`, `test`, `legacy`): the only credentials ever sent to
 * the Runtype API as a key, to verify, revoke or rotate.
 */
export function isApiKeyRule(rule: Rule): boolean {
  return rule.kind === 'live' || rule.kind === 'test' || rule.kind === 'legacy';
}

/** The built-in rules that find Runtype API keys (see isApiKeyRule). */
export function apiKeyRules(rules: readonly Rule[] = builtinRules): Rule[] {
  return rules.filter(isApiKeyRule);
}

/**
 * A pattern matching exactly one whole key of the given rules, nothing before or after.
 *
 * @example keyPattern(apiKeyRules()).test(key) // is `key` shaped like a Runtype API key?
 */
export function keyPattern(rules: readonly Rule[]): RegExp {
  return new RegExp(`^(?:${rules.map((rule) => `(?:${rule.prefix})(?:${rule.body})`).join('|')})$`);
}

/** A pattern matching the prefix of any key of the given rules at the start of a text. */
export function prefixPattern(rules: readonly Rule[]): RegExp {
  return new RegExp(`^(?:${rules.map((rule) => rule.prefix).join('|')})`);
}

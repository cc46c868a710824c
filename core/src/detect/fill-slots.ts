import { encodeBase64 } from './base64.ts';
import { placeholderReason } from './placeholder.ts';
import { builtinRules } from './rules/index.ts';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A source of uniform integers in [0, n); tests pass a seeded one for reproducible goldens. */
export type RandomInt = (n: number) => number;

/** Crypto-quality randomness from the platform (Node, browsers, service workers). */
export const cryptoRandomInt: RandomInt = (n) => {
  const buffer = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buffer);
  return buffer[0]! % n;
};

/** A deterministic generator (mulberry32) for golden files that need stable keys. */
export function seededRandomInt(seed: number): RandomInt {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0;
  };
}

/**
 * A random base62 key body that the placeholder filter accepts. Keys are made at test time so no
 * real-looking key is ever committed (a repo that must scan itself clean).
 */
export function generateKeyBody(length = 32, random: RandomInt = cryptoRandomInt): string {
  for (;;) {
    const body = randomBase62(length, random);
    if (placeholderReason(body) === undefined && /[0-9]/.test(body)) return body;
  }
}

/** `length` uniform base62 characters, unfiltered (generateKeyBody is what tests want). */
export function randomBase62(length: number, random: RandomInt = cryptoRandomInt): string {
  let body = '';
  for (let i = 0; i < length; i++) body += BASE62[random(62)];
  return body;
}

/** The result of filling a template: the text, and each generated key in order of appearance. */
export interface FilledTemplate {
  text: string;
  keys: string[];
}

/**
 * Fills the slots of a rule example or fixture template:
 * `{{rt_live}}`, `{{papi}}`, … (a fresh key with that prefix: any rule keyword without its trailing `_`), `{{body}}` (a bare body), `{{base64:rt_test}}` (a key,
 * base64-encoded), `{{basic:user:rt_test}}` (`user:key` base64-encoded, as in HTTP Basic auth) and
 * `{{pad:N}}` (N characters of minified-looking code without keys) and `{{raw:TEXT}}` (TEXT as is, so a
 * committed file never spells a key-shaped literal, not even a fake one). Used by tests, never by scans.
 */
export function fillSlots(template: string, random: RandomInt = cryptoRandomInt): FilledTemplate {
  const keys: string[] = [];
  const key = (kind: string): string => {
    const value = `${kind}_${generateKeyBody(32, random)}`;
    keys.push(value);
    return value;
  };
  const text = template.replace(/\{\{([A-Za-z0-9_:]+)\}\}/g, (slot, name: string) => {
    const parts = name.split(':');
    if (parts[0] === 'raw') return parts.slice(1).join(':');
    if (parts[0] === 'body') return generateKeyBody(32, random);
    if (parts[0] === 'base64' && parts[1]) return encodeBase64(key(parts[1]));
    if (parts[0] === 'basic' && parts[1] && parts[2]) return encodeBase64(`${parts[1]}:${key(parts[2])}`);
    if (parts[0] === 'pad' && parts[1]) return padding(Number(parts[1]));
    if (isKeySlot(name)) return key(name);
    throw new Error(`unknown template slot ${slot}`);
  });
  return { text, keys };
}

function isKeySlot(name: string): boolean {
  return builtinRules.some((rule) => rule.keywords.includes(`${name}_`));
}

function padding(length: number): string {
  const unit = 'var a=function(b,c){return b+c*2};window.x=[1,2,3].map(function(d){return d%7});';
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

import type { Verification } from '../verify/types.ts';
import type { Exposure } from './exposure/types.ts';

/** How bad a finding is. `info` never fails a scan. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Ranks a severity: info 0 … critical 4. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * Who issued the key, judged from its surroundings: `runtype` when they mention Runtype,
 * `other` when they mention RunTools (same prefixes, another vendor), else `ambiguous`.
 */
export type Attribution = 'runtype' | 'other' | 'ambiguous';

/** How the key was written where it was found. */
export type Encoding = 'plain' | 'base64';

/** A rule example; `{{rt_live}}`-style slots are filled with a generated key at test time. */
export interface FalsePositiveExample {
  text: string;
  reason: string;
}

/**
 * What a credential is; surfaces decide from it how to treat a finding. `live` and `test` are
 * Runtype API keys (what the API verifies, revokes and rotates), `legacy` the same in a former
 * format (see `environment`), `surface` a server-side key of one Runtype surface, `public` a token
 * that is public by design.
 */
export type CredentialKind = 'live' | 'test' | 'legacy' | 'surface' | 'public';

/**
 * One detection rule, pure data. Every fact about a credential lives here, and every surface
 * derives from it (see rule-facts.ts): adding a rule is one entry in `rules/`.
 */
export interface Rule {
  /** kebab-case `<provider>-<credential-kind>`. */
  id: string;
  /** What people call it, shown by the editor and the browser: "Runtype live API key". */
  name: string;
  description: string;
  kind: CredentialKind;
  severity: Severity;
  /** Literal prefixes; the cheap prefilter looks for these before any regex runs. */
  keywords: readonly string[];
  /** Regex source matching the prefix, including the trailing `_`. */
  prefix: string;
  /** Regex source for the body after the prefix. */
  body: string;
  /**
   * Regex source for what redaction hides after the prefix: looser than `body`, so anything that
   * could be this key, valid or not, is hidden from free text (logs, errors, snippets).
   */
  redactBody: string;
  /** `live` or `test` when the prefix says which environment the key belongs to. */
  environment?: 'live' | 'test';
  /** For `surface` keys: which Runtype surface (`product`, `a2a`); settings may be grouped by it. */
  surface?: string;
  /** Fires only when the surroundings attribute the key to Runtype. */
  requiresContext?: boolean;
  /** Looked for inside base64 blobs too. */
  scanBase64?: boolean;
  examples: {
    /** Texts that must produce exactly one finding of this rule. Slots: {{rt_live}}, {{rt_test}}, … (see fill-slots.ts) */
    truePositives: readonly string[];
    falsePositives: readonly FalsePositiveExample[];
  };
}

/** Why a finding does not count. */
export type Suppression = 'inline-comment' | 'allowlist' | 'baseline';

/** One detected key. The key itself is held in a non-enumerable `secret` property. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  attribution: Attribution;
  /** Path relative to the scan root with `/` separators, or `-` for stdin. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (what editors and SARIF count). */
  column: number;
  endLine: number;
  endColumn: number;
  /** `rt_live_…` + last 4 characters. */
  redacted: string;
  /** Lowercase hex SHA-256 of the exact key text. */
  fingerprint: string;
  encoding: Encoding;
  environment?: 'live' | 'test';
  /** The finding's line, shortened around the key, with every key in it redacted. */
  snippet: string;
  suppressed?: Suppression;
  suppressionReason?: string;
  /** Set by `scan --verify`: what the Runtype API says about the key. */
  verification?: Verification;
  /** How far the key reaches (client, published, server, unknown); set by the engine, refined by surfaces that know the container. */
  exposure?: Exposure;
  /** Why, in one sentence (for client, published and server). */
  exposureReason?: string;
  /** Set by git sources. */
  commit?: string;
  authorDate?: string;
}

/** A Finding together with its key; never serialize this shape. */
export type FindingWithSecret = Finding & { readonly secret: string };

/**
 * How far a key reaches, judged from where it was found:
 * `client` — it ships to browsers (a public-prefixed variable, a served or built file, a source
 * map, browser-extension code); `published` — inside a package or image archive that others
 * download; `server` — clearly server-side; `unknown` — nothing says either way.
 */
export type Exposure = 'client' | 'published' | 'server' | 'unknown';

export const EXPOSURES: readonly Exposure[] = ['client', 'published', 'server', 'unknown'];

/** Where a finding sits, beyond its own path, as the scanning surface knows it. */
export type ExposureContainer = 'archive' | 'browser-extension' | 'web-page';

/** One example for an exposure rule's table test. */
export interface ExposureExample {
  /** Path as a report shows it (`outer.tgz!package/dist/app.js` for archive members). */
  file: string;
  /** The text on the key's line before the key (variable rules only). */
  before?: string;
}

/** One exposure rule, pure data: a regex over the path or over the text before the key. */
export interface ExposureRule {
  /** kebab-case, stable: shown in JSON as part of `exposureReason`'s source. */
  id: string;
  exposure: 'client' | 'server';
  /** `variable`: the text on the key's line before it; `path`: the finding's path (each `!` part). */
  target: 'variable' | 'path';
  /** Regex source, matched case-sensitively for variables and case-insensitively for paths. */
  pattern: string;
  /** Why this exposes the key (or keeps it server-side); `{match}` is replaced by what matched. */
  reason: string;
  examples: { matches: readonly ExposureExample[]; nonMatches: readonly ExposureExample[] };
}

/** The verdict for one finding. */
export interface ExposureVerdict {
  exposure: Exposure;
  /** Why, in one sentence; absent for `unknown`. */
  reason?: string;
  /** The rule that decided, or the container (`archive`, `browser-extension`, `web-page`). */
  ruleId?: string;
}

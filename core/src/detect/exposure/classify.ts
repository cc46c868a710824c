import { redactText } from '../redact.ts';
import type { Finding } from '../types.ts';
import { exposureRules } from './rules.ts';
import type { Exposure, ExposureContainer, ExposureRule, ExposureVerdict } from './types.ts';

/** What the classifier looks at. */
export interface ExposureInput {
  /** The finding's path; archive members are `outer.tgz!inner/path` (client paths: the outer part; server paths: the innermost). */
  file: string;
  /** Text on the key's line before the key; only its last VARIABLE_LOOKBEHIND characters count. */
  before?: string;
  /** Set by the surface that knows more than the path: an archive member, extension code, a web page. */
  container?: ExposureContainer;
  /** Shown in the container's reason: the archive or extension folder. */
  containerName?: string;
}

/** How far before the key a public-prefixed variable name is looked for (same line only). */
export const VARIABLE_LOOKBEHIND = 120;

interface CompiledRule {
  rule: ExposureRule;
  regex: RegExp;
}

let compiled: CompiledRule[] | undefined;
function compiledRules(): CompiledRule[] {
  compiled ??= exposureRules.map((rule) => ({ rule, regex: new RegExp(rule.pattern, rule.target === 'path' ? 'i' : '') }));
  return compiled;
}

function verdictOf(rule: ExposureRule, match: RegExpExecArray): ExposureVerdict {
  const matched = match.slice(1).find((group) => group !== undefined) ?? match[0];
  return { exposure: rule.exposure, reason: redactText(rule.reason.replace('{match}', matched)), ruleId: rule.id };
}

function lastMatch(regex: RegExp, text: string): RegExpExecArray | null {
  const global = new RegExp(regex.source, 'g');
  let last: RegExpExecArray | null = null;
  for (let m = global.exec(text); m; m = global.exec(text)) last = m;
  return last;
}

/**
 * Decides how exposed a key is: a public-prefixed variable right before it, then client paths
 * (of the file on disk: the part before the first `!`), then the container (extension code, web page: client; an
 * archive: published), then server paths, else `unknown`. Rules are data (rules.ts).
 *
 * @example classifyExposure({ file: '.env', before: 'NEXT_PUBLIC_RUNTYPE_API_KEY=' }).exposure // 'client'
 */
export function classifyExposure(input: ExposureInput): ExposureVerdict {
  const rules = compiledRules();
  const parts = input.file.split('!');
  const before = (input.before ?? '').slice(-VARIABLE_LOOKBEHIND);
  for (const { rule, regex } of rules) {
    if (rule.exposure !== 'client') continue;
    if (rule.target === 'variable') {
      const m = before === '' ? null : lastMatch(regex, before);
      if (m) return verdictOf(rule, m);
    } else {
      // The artifact's own path decides (`public/app.zip`, `dist/app.js.map!src/a.ts`); paths
      // inside a package (`pkg.tgz!package/dist/…`) say how the package is built, not where it is served.
      const m = regex.exec(parts[0]!);
      if (m) return verdictOf(rule, m);
    }
  }
  const container = containerVerdict(input);
  if (container) return container;
  const last = parts[parts.length - 1]!;
  for (const { rule, regex } of rules) {
    if (rule.exposure !== 'server' || rule.target !== 'path') continue;
    const m = regex.exec(last);
    if (m) return verdictOf(rule, m);
  }
  return { exposure: 'unknown' };
}

function containerVerdict(input: ExposureInput): ExposureVerdict | undefined {
  // A file name is input too: it may spell a key.
  const name = redactText(input.containerName ?? input.file.split('!')[0]!);
  switch (input.container) {
    case undefined:
      return undefined;
    case 'archive':
      return { exposure: 'published', reason: `inside ${name}: everyone who downloads this package or image has the key`, ruleId: 'archive' };
    case 'browser-extension':
      return { exposure: 'client', reason: `browser-extension code (${name}) is shipped to everyone who installs the extension`, ruleId: 'browser-extension' };
    case 'web-page':
      return { exposure: 'client', reason: 'the page sends it to every visitor', ruleId: 'web-page' };
    default:
      return input.container satisfies never;
  }
}

/** Client and published keys can be read by anyone: they are critical whatever their environment. */
export function isPubliclyExposed(exposure: Exposure | undefined): boolean {
  return exposure === 'client' || exposure === 'published';
}

/**
 * Sets `exposure` and `exposureReason` on a finding and raises a publicly exposed key to
 * `critical` (a test key too). Client tokens (`info`, public by design) keep their severity.
 * A finding already judged `client` stays client (a container only adds exposure).
 */
export function applyExposure<F extends Finding>(finding: F, verdict: ExposureVerdict): F {
  if (finding.exposure === 'client' && verdict.exposure !== 'client') return finding;
  finding.exposure = verdict.exposure;
  if (verdict.reason === undefined) delete finding.exposureReason;
  else finding.exposureReason = verdict.reason;
  if (isPubliclyExposed(verdict.exposure) && finding.severity !== 'info') finding.severity = 'critical';
  return finding;
}

/** For surfaces that learn the container after scanning (an archive, extension code): re-judges a finding. */
export function applyContainerExposure<F extends Finding>(finding: F, container: ExposureContainer, containerName?: string): F {
  if (finding.exposure === 'client') return finding;
  const input: ExposureInput = { file: finding.file, container, ...(containerName === undefined ? {} : { containerName }) };
  return applyExposure(finding, classifyExposure(input));
}

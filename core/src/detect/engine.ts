import { attribute, fileAttribution } from './context.ts';
import { applyExposure, classifyExposure, VARIABLE_LOOKBEHIND } from './exposure/classify.ts';
import { decodeBase64, isBase64Char } from './base64.ts';
import { fingerprintOf } from './hash.ts';
import { hideTokens } from './hide-tokens.ts';
import { placeholderReason } from './placeholder.ts';
import { prefilterNeedleSets, prefilterNeedles } from './prefilter-needles.ts';
import { redactKey, redactText } from './redact.ts';
import { builtinRules } from './rules/index.ts';
import type { Attribution, Encoding, Finding, FindingWithSecret, Rule } from './types.ts';

/** The comment that allows a key on its own line or on the line after it. */
export const ALLOW_MARKER = 'rt-guard:allow';

/** Longest text a single finding spans; stream windows overlap by at least this much. */
export const MAX_MATCH_SPAN = 4096;

const SNIPPET_CONTEXT = 40;
const MAX_BASE64_RUN = 8192;

export interface ScanTextOptions {
  /** Reported as `finding.file`. Default `-`. */
  file?: string;
  /** Attribution to use when the window around a key names no vendor. Default: computed from `text`. */
  fileAttribution?: Attribution;
  /**
   * For callers that already searched the raw bytes for candidates (the CLI's byte prefilter):
   * whether a base64 needle was among them. Set, it skips the candidate pre-check, and `false`
   * also skips the base64 pass. Leave unset otherwise.
   */
  base64?: boolean;
}

/** How scanWindow names the file and attributes keys; the fallback attribution may be computed lazily. */
export interface WindowOptions {
  file: string;
  fileAttribution: Attribution | (() => Attribution);
  /** See ScanTextOptions.base64. */
  base64?: boolean;
}

/** Where a window of a longer text starts, so findings get absolute line and column numbers. */
interface WindowOrigin {
  /** 1-based line of the window's first character. */
  line: number;
  /** 0-based column of the window's first character. */
  column: number;
}

interface RawMatch {
  rule: Rule;
  key: string;
  start: number;
  end: number;
  encoding: Encoding;
}

/** A compiled rule set. Create once, reuse for every text. */
export interface Detector {
  readonly rules: readonly Rule[];
  /** Cheap test: could `text` hold a key at all? Works on Latin-1 views of raw bytes too. */
  hasCandidate(text: string): boolean;
  /** All findings in a whole text, suppressed ones (inline allow comments) included and marked. */
  scan(text: string, options?: ScanTextOptions): FindingWithSecret[];
  /** Internal: findings whose start lies in `[0, ownedEnd)` of a window of a longer text. */
  scanWindow(text: string, ownedEnd: number, origin: WindowOrigin, options: WindowOptions): FindingWithSecret[];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles rules into a detector: a prefilter over the rules' keywords (prefilterNeedles), then
 * one anchored regex per rule, tried only where its keyword occurs. A key must not continue an
 * identifier on either side; an escape (`\n`, `\u0022`) or a percent-encoded byte (`%3D`) right
 * before it counts as a boundary. Default: the built-in rules.
 *
 * @example createDetector().scan('RUNTYPE_API_KEY=rt_live_…')
 */
export function createDetector(rules: readonly Rule[] = builtinRules): Detector {
  // One sticky pattern per rule, tried only where one of its keywords occurs (found with indexOf).
  // The left boundary is checked in code (startsAtBoundary): a lookbehind in front would make the
  // regex engine try every position, 8× slower on a source tree.
  const keywordIndex = rules.flatMap((rule, index) =>
    rule.keywords.map((keyword) => {
      if (!keyword.includes('_')) throw new Error(`rule ${rule.id}: keyword "${keyword}" must contain "_"`);
      // Shorter keywords leave a byte alignment without a base64 needle: such keys would be missed.
      if (rule.scanBase64 && keyword.length < 5) throw new Error(`rule ${rule.id}: keyword "${keyword}" is too short for scanBase64 (5 characters or more)`);
      return { keyword, offset: keyword.indexOf('_'), rule: index };
    }),
  );
  const anchored = rules.map((rule) => new RegExp(`${rule.prefix}${rule.body}(?![A-Za-z0-9_])`, 'y'));
  const needles = prefilterNeedleSets(rules).base64;
  const candidatePattern = new RegExp(prefilterNeedles(rules).map(escapeRegex).join('|'));

  function plainMatches(text: string, encoding: Encoding, out: RawMatch[], offsetOf: (index: number) => number): void {
    // Every keyword has a `_`: jump from `_` to `_` (indexOf of one character is a memchr) and
    // compare the keywords around each, then try only that rule's pattern, anchored there. Both an
    // alternation over all rules and one indexOf pass per keyword were 5–10× slower.
    const starts: { at: number; rule: number }[] = [];
    for (let underscore = text.indexOf('_'); underscore !== -1; underscore = text.indexOf('_', underscore + 1)) {
      for (const { keyword, offset, rule } of keywordIndex) {
        const at = underscore - offset;
        if (at >= 0 && text.startsWith(keyword, at) && (encoding === 'plain' || rules[rule]!.scanBase64)) starts.push({ at, rule });
      }
    }
    if (starts.length > 1) starts.sort((a, b) => a.at - b.at);
    let doneUntil = 0;
    for (const { at, rule: index } of starts) {
      if (at < doneUntil || !startsAtBoundary(text, at)) continue;
      const pattern = anchored[index]!;
      pattern.lastIndex = at;
      const m = pattern.exec(text);
      if (!m) continue;
      const rule = rules[index]!;
      const key = m[0];
      doneUntil = at + key.length;
      const prefixLength = key.length - bodyOf(key, rule).length;
      if (placeholderReason(key.slice(prefixLength)) !== undefined) continue;
      const start = offsetOf(at);
      const end = encoding === 'plain' ? start + key.length : offsetOf(at + key.length);
      out.push({ rule, key, start, end, encoding });
    }
  }

  function base64Matches(text: string, out: RawMatch[]): void {
    if (needles.length === 0) return;
    // One indexOf pass per needle (V8 searches fixed strings much faster than an alternation).
    const hits: number[] = [];
    for (const needle of needles) {
      for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) hits.push(at);
    }
    if (hits.length === 0) return;
    hits.sort((a, b) => a - b);
    let doneUntil = -1;
    for (const hit of hits) {
      if (hit < doneUntil) continue;
      let start = hit;
      // Padding `=` only ends a blob, so walking back stops there (`KEY=<base64>` in a .env file).
      while (start > 0 && hit - start < MAX_BASE64_RUN && isBase64Char(text.charCodeAt(start - 1)) && text.charCodeAt(start - 1) !== 61) start--;
      let end = hit;
      // Forward, the blob ends after its padding: `…==` followed by another blob is two blobs.
      let padded = false;
      while (end < text.length && end - hit < MAX_BASE64_RUN && isBase64Char(text.charCodeAt(end))) {
        const isPad = text.charCodeAt(end) === 61;
        if (padded && !isPad) break;
        padded ||= isPad;
        end++;
      }
      doneUntil = end;
      const seen = new Set<string>();
      // The run may begin with characters that are not part of the blob (`key=`), so try each alignment.
      for (let align = 0; align < 4 && start + align < end; align++) {
        const decoded = decodeBase64(text.slice(start + align, end));
        const found: RawMatch[] = [];
        plainMatches(decoded, 'base64', found, () => start + align);
        for (const match of found) {
          if (seen.has(match.key)) continue;
          seen.add(match.key);
          // The whole blob is the finding's range: that is what has to be removed.
          out.push({ ...match, start: start + align, end });
        }
      }
    }
  }

  function scanWindow(text: string, ownedEnd: number, origin: WindowOrigin, options: WindowOptions): FindingWithSecret[] {
    if (options.base64 === undefined && !candidatePattern.test(text)) return [];
    const raw: RawMatch[] = [];
    plainMatches(text, 'plain', raw, (index) => index);
    if (options.base64 !== false) base64Matches(text, raw);
    const owned = raw.filter((match) => match.start < ownedEnd).sort((a, b) => a.start - b.start);
    if (owned.length === 0) return [];

    const findings: FindingWithSecret[] = [];
    let line = origin.line;
    let lineStart = 0; // index in `text` of the current line's first character
    let lineStartColumn = origin.column; // column of `text[lineStart]`
    let cursor = 0;
    for (const match of owned) {
      for (let nl = text.indexOf('\n', cursor); nl !== -1 && nl < match.start; nl = text.indexOf('\n', nl + 1)) {
        line++;
        lineStart = nl + 1;
        lineStartColumn = 0;
      }
      cursor = match.start;
      const attribution = attribute(text, match.start, match.end, options.fileAttribution);
      if (match.rule.requiresContext && attribution !== 'runtype') continue;
      const lineEnd = indexOrEnd(text, '\n', match.end);
      const column = lineStartColumn + (match.start - lineStart) + 1;
      const spansLines = text.lastIndexOf('\n', match.end - 1) >= match.start;
      const finding: Finding = {
        ruleId: match.rule.id,
        severity: match.rule.severity,
        attribution,
        file: options.file,
        line,
        column,
        endLine: line,
        endColumn: spansLines ? column + 1 : column + (match.end - match.start),
        redacted: redactKey(match.key),
        fingerprint: fingerprintOf(match.key),
        encoding: match.encoding,
        ...(match.rule.environment ? { environment: match.rule.environment } : {}),
        snippet: snippetOf(text, lineStart, lineEnd, match, needles),
        ...(isAllowedInline(text, lineStart, lineEnd) ? { suppressed: 'inline-comment' as const } : {}),
      };
      // How far the key reaches: a public-prefixed variable before it on its line, or its path.
      applyExposure(finding, classifyExposure({ file: options.file, before: text.slice(Math.max(lineStart, match.start - VARIABLE_LOOKBEHIND), match.start) }));
      Object.defineProperty(finding, 'secret', { value: match.key, enumerable: false });
      findings.push(finding as FindingWithSecret);
    }
    return findings;
  }

  return {
    rules,
    hasCandidate: (text) => candidatePattern.test(text),
    scan(text, options = {}) {
      const file = options.file ?? '-';
      // The whole-text attribution is a fallback, computed only once a key needs it.
      let whole = options.fileAttribution;
      const fallback = (): Attribution => (whole ??= fileAttribution(text));
      const hint = options.base64 === undefined ? {} : { base64: options.base64 };
      return scanWindow(text, text.length, { line: 1, column: 0 }, { file, fileAttribution: fallback, ...hint });
    },
    scanWindow,
  };
}

/**
 * A key must not continue an identifier (`my_rt_live_…`), but an escape (`\\n`, `\\u0022`) or a
 * percent-encoded byte (`%3D`) right before it is a boundary: that is how keys sit in JSON
 * strings and URLs.
 */
function startsAtBoundary(text: string, index: number): boolean {
  if (index === 0 || !isWordChar(text.charCodeAt(index - 1))) return true;
  if (index >= 2 && text[index - 2] === '\\' && 'nrtbfv0'.includes(text[index - 1]!)) return true;
  if (index >= 3 && text[index - 3] === '%' && isHex(text.charCodeAt(index - 2)) && isHex(text.charCodeAt(index - 1))) return true;
  return index >= 6 && text[index - 6] === '\\' && text[index - 5] === 'u' && [4, 3, 2, 1].every((back) => isHex(text.charCodeAt(index - back)));
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

function bodyOf(key: string, rule: Rule): string {
  return key.replace(new RegExp(`^${rule.prefix}`), '');
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const index = text.indexOf(needle, from);
  return index === -1 ? text.length : index;
}

function isAllowedInline(text: string, lineStart: number, lineEnd: number): boolean {
  if (text.slice(lineStart, lineEnd).includes(ALLOW_MARKER)) return true;
  if (lineStart === 0) return false;
  const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  // The line before counts only when it is a comment of its own: a trailing `// rt-guard:allow`
  // after code allows that line, not the next one.
  return COMMENT_ONLY_ALLOW.test(text.slice(previousStart, lineStart));
}

const COMMENT_ONLY_ALLOW = new RegExp(`^[\\s#/*!;%'"<-]*(?:REM\\s+)?${ALLOW_MARKER}`);

/**
 * The line around the key, at most 40 characters of context on each side, with every key in it
 * hidden and every other token-like run too (hideTokens): a snippet never carries another secret.
 */
function snippetOf(text: string, lineStart: number, lineEnd: number, match: RawMatch, needles: readonly string[]): string {
  let from = Math.max(lineStart, match.start - SNIPPET_CONTEXT);
  let to = Math.min(lineEnd, match.end + SNIPPET_CONTEXT);
  // Never start or end inside a word: a cut key would lose the prefix that marks it for redaction.
  while (from > lineStart && from < match.start && /[A-Za-z0-9_+/=-]/.test(text[from - 1]!)) from++;
  while (to < lineEnd && to > match.end && /[A-Za-z0-9_+/=-]/.test(text[to]!)) to--;
  let before = text.slice(from, match.start);
  let after = text.slice(match.end, to);
  const shown = match.encoding === 'base64' ? `[base64 holding ${redactKey(match.key)}]` : redactKey(match.key);
  if (match.encoding === 'base64') after = after.replace(/^[A-Za-z0-9+/=_-]*/, '');
  before = hideTokens(hideBase64(redactText(before), needles));
  after = hideTokens(hideBase64(redactText(after), needles));
  const prefix = from > lineStart ? '…' : '';
  const suffix = to < lineEnd ? '…' : '';
  return `${prefix}${before}${shown}${after}${suffix}`.replace(/\r$/, '');
}

// A base64 run in a snippet that spells a key prefix may hold another key; show none of it.
function hideBase64(text: string, needles: readonly string[]): string {
  return text.replace(/[A-Za-z0-9+/_-]{8,}={0,2}/g, (run) => (needles.some((n) => run.includes(n)) ? '[base64]' : run));
}

let defaultDetector: Detector | undefined;

/** Scans a whole text with the built-in rules. */
export function scanText(text: string, options: ScanTextOptions = {}): FindingWithSecret[] {
  defaultDetector ??= createDetector();
  return defaultDetector.scan(text, options);
}

/**
 * Other secrets on a key's line (an AWS key pair, a JWT, a GitHub token, a hex or base64 blob) must
 * not reach a report through the finding's snippet. Runs of token characters are hidden when they
 * look random: at least 20 characters with both letters and digits, or 40+ in mixed case.
 * Identifiers made of words (`RUNTYPE_API_KEY`, `getElementsByClassName`) stay readable.
 */
const RUN = /[A-Za-z0-9+/_-]{20,}={0,2}/g;
// A JWT's segments can be short on their own; `eyJ` is `{"` in base64, the start of every JWT.
const JWT = /eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,2}/g;

/** The text with every token-like run replaced by `[redacted]`. */
export function hideTokens(text: string): string {
  return text.replace(JWT, '[redacted]').replace(RUN, (run) => (looksRandom(run) ? '[redacted]' : run));
}

function looksRandom(run: string): boolean {
  const hasDigit = /[0-9]/.test(run);
  const hasLetter = /[A-Za-z]/.test(run);
  if (hasDigit && hasLetter) return !isWordsAndNumbers(run);
  return run.length >= 40 && /[a-z]/.test(run) && /[A-Z]/.test(run) && !run.includes('_');
}

/**
 * `snake_case_name_2`, `kebab-case-v1-2`, `path/to/file_v2`: parts joined by separators, each part
 * letters with at most a short number after them (`v2`, `sha256`), or a short number. Random
 * tokens almost never split this way.
 */
function isWordsAndNumbers(run: string): boolean {
  const parts = run.split(/[_/-]+/).filter(Boolean);
  return parts.length >= 2 && parts.every((part) => /^(?:[A-Za-z]{1,20}[0-9]{0,4}|[0-9]{1,4})$/.test(part));
}

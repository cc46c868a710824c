/**
 * Characters a terminal (or GitHub's log viewer) acts on instead of showing: C0 controls but tab
 * (ESC starts colour and cursor sequences, CR overwrites a line, BEL rings), DEL, C1 controls
 * (U+009B is a one-character CSI), line and paragraph separators, and the bidi overrides and
 * isolates that reorder what a reader sees ("Trojan Source", CVE-2021-42574).
 */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Shows control characters of untrusted text (file names, file contents, API answers) as visible
 * escapes: `\x1b` for one-byte codes, `\u202e` above. Tabs stay. Apply to every untrusted piece of
 * a human-readable report before it reaches a terminal.
 *
 * @example escapeControl('a\u001b[2Jb') // 'a\\x1b[2Jb'
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// JSON.stringify already escapes C0; these it leaves raw.
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escapes, inside serialized JSON, the control characters JSON.stringify leaves raw (DEL, C1,
 * bidi controls, separators) as `\uXXXX`: the same JSON value, but `cat report.json` cannot
 * drive the terminal.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_RAW, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

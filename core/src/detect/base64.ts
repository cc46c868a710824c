/**
 * Keys hidden in base64 (Kubernetes secrets, HTTP Basic auth). Instead of decoding every blob,
 * we look for the base64 spelling of each key prefix at its three possible byte alignments, then
 * decode only the blobs that contain one.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
// URL-safe alphabet too.
DECODE['-'.charCodeAt(0)] = 62;
DECODE['_'.charCodeAt(0)] = 63;

/** Encodes ASCII text as standard base64. */
export function encodeBase64(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : NaN;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : NaN;
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += Number.isNaN(b) ? '=' : ALPHABET[(n >> 6) & 63]!;
    out += Number.isNaN(c) ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}

/**
 * The base64 characters fully determined by `prefix` when it starts at byte offset 0, 1 or 2 of a
 * 3-byte group. Example: "rt_live_" → ["cnRfbGl2", …].
 */
export function base64Needles(prefix: string): string[] {
  const needles: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = '\0'.repeat(shift) + prefix;
    const fullGroups = Math.floor(padded.length / 3);
    const firstGroup = shift === 0 ? 0 : 1;
    if (fullGroups <= firstGroup) continue;
    needles.push(encodeBase64(padded.slice(0, fullGroups * 3)).slice(firstGroup * 4, fullGroups * 4));
  }
  return needles;
}

export function isBase64Char(code: number): boolean {
  return code < 128 && (DECODE[code]! >= 0 || code === 61); // 61 is `=`
}

/**
 * Decodes base64 text (standard or URL-safe, padding optional) to a Latin-1 string, one char per
 * byte; stops at the first character outside the alphabet.
 */
export function decodeBase64(text: string): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? DECODE[code]! : -1;
    if (value < 0) break;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return out;
}

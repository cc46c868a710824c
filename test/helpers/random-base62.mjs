// Random base62 for the scripts node runs without a build (the API emulator, the benchmarks), which
// cannot load TypeScript. Tests use test/helpers/keys.ts instead (core's generateKeyBody, which also
// keeps clear of the placeholder filter).
import { randomInt } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` uniform base62 characters; `random(n)` gives an integer in [0, n) (default: node:crypto's CSPRNG). */
export function randomBase62(length, random = randomInt) {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[random(62)];
  return out;
}

/** Test helper: real-looking keys generated at run time, never committed. */
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomBase62(length: number): string {
  let out = '';
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
  for (const byte of bytes) {
    if (byte >= 248) continue; // 248 = 4·62: keeps the distribution uniform
    out += BASE62[byte % 62];
    if (out.length === length) return out;
  }
  return out + randomBase62(length - out.length);
}

export const liveKey = (): string => ['rt', 'live', randomBase62(32)].join('_');
export const testKey = (): string => ['rt', 'test', randomBase62(32)].join('_');
export const clientToken = (): string => ['ct', 'live', randomBase62(32)].join('_');

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Lowercase hex SHA-256 of the exact key text: the stable id of a key that is safe to store. */
export function fingerprintOf(key: string): string {
  return bytesToHex(sha256(utf8ToBytes(key)));
}

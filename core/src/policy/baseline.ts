import { RtGuardError } from '../errors.ts';
import type { Finding } from '../detect/types.ts';

/**
 * A baseline: the fingerprints of keys known when it was written. It holds no secrets, no line
 * numbers and no timestamps, and is sorted, so it never merge-conflicts by itself.
 */
export interface Baseline {
  version: 1;
  fingerprints: string[];
}

/** Builds the baseline of `findings`: unique fingerprints, sorted. */
export function createBaseline(findings: readonly Pick<Finding, 'fingerprint'>[]): Baseline {
  return { version: 1, fingerprints: [...new Set(findings.map((f) => f.fingerprint))].sort() };
}

/** The baseline file's text: stable JSON, one fingerprint per line, trailing newline. */
export function formatBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/**
 * Parses a baseline file's text. Throws `RtGuardError` (code `E_BASELINE_INVALID`) naming the file
 * when it is not a version-1 baseline.
 */
export function parseBaseline(text: string, fileName: string): Baseline {
  const fail = (why: string): never => {
    throw new RtGuardError('E_BASELINE_INVALID', `${fileName} is not an rt-guard baseline: ${why}. Write one with \`rt-guard baseline -o ${fileName}\`.`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('not valid JSON');
  }
  if (typeof data !== 'object' || data === null) return fail('expected {"version":1,"fingerprints":[...]}');
  const { version, fingerprints } = data as { version?: unknown; fingerprints?: unknown };
  if (version !== 1) return fail('"version" must be 1');
  if (!Array.isArray(fingerprints)) return fail('"fingerprints" must be an array');
  const bad = fingerprints.findIndex((f) => typeof f !== 'string' || !/^[0-9a-f]{64}$/.test(f));
  if (bad !== -1) return fail(`fingerprints[${bad}] is not a 64-character lowercase hex SHA-256`);
  return { version: 1, fingerprints: fingerprints as string[] };
}

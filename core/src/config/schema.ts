import * as z from 'zod/mini';
import '../zod-locale.ts';
import { SEVERITIES } from '../detect/types.ts';

/**
 * The schema of `.rt-guard.json`, built on first use: building zod schemas costs ~10 ms, and the
 * commit hook's quick path loads this module on every commit, mostly in repositories without a config.
 */
export function configSchema(): ReturnType<typeof buildConfigSchema> {
  return (built ??= buildConfigSchema());
}
let built: ReturnType<typeof buildConfigSchema> | undefined;

function buildConfigSchema() {
  /** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
  const isoDate = z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'),
    z.refine((value) => {
      // Only a YYYY-MM-DD string gets here meaningfully; the regex already reported the rest.
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return true;
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, 'is not a real calendar date'),
  );

  /** One allowlist entry: a key known to be harmless, by fingerprint, with the reason why. */
  const allowEntrySchema = z.strictObject({
    fingerprint: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be the 64 lowercase hex characters printed as "fingerprint" by `rt-guard scan`')),
    reason: z.string().check(z.trim(), z.minLength(1, 'must say why this key is allowed')),
    expires: z.optional(isoDate),
  });

  /*
   * Strict: an unknown field is an error, because a typo (`ignores`, `failon`) would otherwise
   * silently weaken the scan.
   */
  return z.strictObject({
    /** Lets editors offer completion; ignored by rt-guard. */
    $schema: z.optional(z.string()),
    ignore: z.optional(z.array(z.string().check(z.minLength(1, 'must not be empty')))),
    allow: z.optional(z.array(allowEntrySchema)),
    failOn: z.optional(z.enum(SEVERITIES as [string, ...string[]])),
    /** What AI coding agent hooks may do (`rt-guard agent hook`). */
    agent: z.optional(z.strictObject({ readDotenv: z.optional(z.enum(['allow', 'deny'])) })),
  });
}

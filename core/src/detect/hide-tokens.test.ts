import { describe, expect, it } from 'vitest';
import { toGithubReport } from '../report/github.ts';
import { toJsonReport } from '../report/json.ts';
import { toSarifReport } from '../report/sarif.ts';
import { toTextReport } from '../report/text.ts';
import { createDetector } from './engine.ts';
import { cryptoRandomInt, generateKeyBody } from './fill-slots.ts';
import { hideTokens } from './hide-tokens.ts';

const pick = (alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[cryptoRandomInt(alphabet.length)]).join('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const B64 = `${UPPER}abcdefghijklmnopqrstuvwxyz0123456789+/`;
const B64URL = `${UPPER}abcdefghijklmnopqrstuvwxyz0123456789-_`;

/** Other vendors' secrets, made at test time (never committed): the shapes a snippet must hide. */
function otherSecrets(): Record<string, string> {
  const digit = (s: string): string => `${s.slice(0, -1)}7`; // mixed classes for sure
  return {
    awsAccessKeyId: `AKIA${digit(pick(`${UPPER}234567`, 16))}`,
    awsSecret: digit(pick(B64, 40)),
    jwt: `eyJ${pick(B64URL, 30)}.eyJ${pick(B64URL, 40)}.${pick(B64URL, 43)}`,
    githubToken: `ghp_${digit(pick(B64.slice(0, 62), 36))}`,
    hex: digit(pick('0123456789abcdef', 40)),
  };
}

describe('snippets never carry other secrets from the key line', () => {
  it('hideTokens hides token-like runs and keeps words and identifiers', () => {
    for (const secret of Object.values(otherSecrets())) expect(hideTokens(`x = "${secret}";`)).toBe('x = "[redacted]";');
    for (const keep of [
      'RUNTYPE_API_KEY_2024',
      'getElementsByClassName',
      'src/components/user-profile-v2',
      'process.env.RUNTYPE_API_KEY',
      'kebab-case-name-v1-2',
    ])
      expect(hideTokens(keep)).toBe(keep);
  });

  it.each(Object.keys(otherSecrets()))('a %s next to a Runtype key is hidden in every report format', (name) => {
    const secret = otherSecrets()[name]!;
    const key = `rt_live_${generateKeyBody()}`;
    // Every 10-character piece of the secret: a window edge must not show part of one either.
    const pieces = Array.from({ length: secret.length - 9 }, (_, i) => secret.slice(i, i + 10));
    for (const line of [`${secret} ${key}`, `${key} ${secret}`, `A=${secret};RUNTYPE_API_KEY=${key}`, `x("${secret}","${key}","${secret}")`]) {
      const findings = createDetector().scan(`${line}\n`, { file: 'conf.env' });
      expect(findings).toHaveLength(1);
      const input = { findings, stats: { files: 1, bytes: 1, skipped: 0, durationMs: 1 } };
      for (const out of [toTextReport(input), toJsonReport(input), toSarifReport(input), toGithubReport(input)]) {
        for (const piece of pieces) expect(out).not.toContain(piece);
        expect(out).not.toContain(key);
      }
    }
  });

  it('the context is a bounded window around the key, on a multi-kilobyte line', () => {
    const key = `rt_live_${generateKeyBody()}`;
    const line = `${'word '.repeat(2000)}RUNTYPE_API_KEY=${key}${' word'.repeat(2000)}`;
    const [finding] = createDetector().scan(line, { file: 'a' });
    expect(finding!.snippet.length).toBeLessThanOrEqual(40 * 2 + 20);
  });
});

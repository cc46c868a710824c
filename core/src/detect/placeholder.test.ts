import { describe, expect, it } from 'vitest';
import { generateKeyBody, randomBase62, seededRandomInt } from './fill-slots.ts';
import { THRESHOLDS, placeholderReason } from './placeholder.ts';
import { shannonEntropy } from './entropy.ts';

describe('placeholder thresholds', () => {
  it.each([
    ['your_api_key_here', 'placeholder word "your"'],
    ['abc123abc123abc123', 'placeholder word "abc123"'],
    ['EXAMPLEKEY0000000000', 'placeholder word "example"'],
    ['xxxxxxxxxxxxxxxxxxxx', 'placeholder word "xxxx"'],
    ['Q7aaaaaK9m2ZpR4tW8vB', 'repeated characters'],
    ['Q7abcdeK9m2ZpR4tW8vB', 'sequential characters'],
    ['Q712345K9m2ZpR4tW8vB', 'sequential characters'],
    ['ababababababababab12', 'low entropy'],
    ['handlesExpiredKeysGracefully', 'identifier made of words'],
    ['rejectsmissingheaders', 'identifier made of words'],
    ['PARSESAUTHHEADERS', 'identifier made of words'],
  ])('%s is not a key: %s', (body, reason) => {
    expect(placeholderReason(body)).toBe(reason);
  });

  it.each([
    ['Q7mK9m2ZpR4tW8vBx3Ln', 'random base62, 20 characters'],
    ['k3J9qLx2Vb7NwP4z', 'random base62 at the 16-character minimum'],
    ['aaaaB7kLm2Qx9Wz4Rt1Y', 'four repeats stay below the run threshold'],
    ['abcdQ7kLm2Zx9Wr4Tt1Y', 'four ascending stay below the run threshold'],
    ['QmKxZpRtWvBxLnJcHgFd', 'mixed case without digits that does not split into pronounceable words'],
  ])('%s is a key (%s)', (body) => {
    expect(placeholderReason(body)).toBeUndefined();
  });

  it('the documented thresholds are the ones in force', () => {
    expect(THRESHOLDS).toEqual({ minEntropy: 3.0, maxRepeatRun: 5, maxSequentialRun: 5 });
    // Entropy of the lowest accepted shape: 16 characters, every one different.
    expect(shannonEntropy('k3J9qLx2Vb7NwP4z')).toBeGreaterThan(THRESHOLDS.minEntropy);
    expect(shannonEntropy('abababababababab')).toBeLessThan(THRESHOLDS.minEntropy);
  });

  it('accepts 2,000 generated 16-character bodies with at least one digit', () => {
    const random = seededRandomInt(7);
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const body = randomBase62(16, random);
      if (/[0-9]/.test(body) && placeholderReason(body) !== undefined) rejected++;
    }
    // Random keys may by chance contain a short placeholder word; that must stay rare.
    expect(rejected).toBeLessThan(20);
    expect(generateKeyBody(16, random)).toMatch(/^[A-Za-z0-9]{16}$/);
  });
});

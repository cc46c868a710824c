import { describe, expect, it } from 'vitest';
import { describeInspect } from './describe-inspect.ts';

describe('describeInspect', () => {
  it('names the verdict and, with a record, name, permissions and last use', () => {
    expect(
      describeInspect({
        redacted: 'rt_live_…Ab12',
        status: 'live',
        checkedAt: '2026-11-27T08:00:00Z',
        hasManagementToken: true,
        record: { id: 'k1', name: 'CI deploy', permissions: ['FLOWS:READ', 'RECORDS:READ'], environment: 'live', lastUsedAt: null },
      }),
    ).toEqual(['rt_live_…Ab12 is live: the key works.', 'Name: CI deploy', 'Permissions: FLOWS:READ, RECORDS:READ', 'Last used: never']);
  });

  it('explains unknown results and what a management token would add', () => {
    expect(
      describeInspect({ redacted: 'rt_test_…Zz99', status: 'unknown', reason: 'API request timed out', checkedAt: 'x', hasManagementToken: false }),
    ).toEqual([
      'rt_test_…Zz99 is unknown: could not tell.',
      'API request timed out',
      'Set a management token in the options to see name, permissions and last use.',
    ]);
  });
});

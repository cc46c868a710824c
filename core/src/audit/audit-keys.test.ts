import { describe, expect, it } from 'vitest';
import type { ApiKey } from '../api/schemas.ts';
import { auditKeys, type AuditRuleId } from './audit-keys.ts';

const NOW = new Date('2026-11-27T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const inDays = (d: number) => new Date(NOW.getTime() + d * 86_400_000).toISOString();

function key(overrides: Partial<ApiKey>): ApiKey {
  return {
    id: overrides.id ?? 'k1',
    name: 'Production deploy script',
    permissions: ['FLOWS:READ'],
    isActive: true,
    allowedIps: [],
    createdAt: daysAgo(10),
    expiresAt: inDays(60),
    lastUsedAt: daysAgo(1),
    ...overrides,
  };
}

const rulesOf = (records: ApiKey[]) =>
  auditKeys(records, NOW)
    .map((f) => f.rule)
    .sort();

describe('auditKeys', () => {
  it('a well-kept key has no findings', () => {
    expect(auditKeys([key({})], NOW)).toEqual([]);
  });

  it.each<[string, Partial<ApiKey>, AuditRuleId[]]>([
    ['older than 90 days', { createdAt: daysAgo(91) }, ['key-older-than-90-days']],
    ['exactly 90 days is fine', { createdAt: daysAgo(90) }, []],
    ['no expiry', { expiresAt: null }, ['key-no-expiry']],
    ['expiring within 14 days', { expiresAt: inDays(13) }, ['key-expiring-soon']],
    ['expiring in 15 days is fine', { expiresAt: inDays(15) }, []],
    ['already expired', { expiresAt: daysAgo(1) }, ['key-expired']],
    ['not used for 30 days', { lastUsedAt: daysAgo(30) }, ['key-unused']],
    ['used 29 days ago is fine', { lastUsedAt: daysAgo(29) }, []],
    ['never used', { lastUsedAt: null }, ['key-never-used']],
    ['vague name "Key 1"', { name: 'Key 1' }, ['key-vague-name']],
    ['vague name "test"', { name: 'test' }, ['key-vague-name']],
    ['vague name "default"', { name: 'default' }, ['key-vague-name']],
    ['vague name "My API key"', { name: 'My API key' }, ['key-vague-name']],
    ['descriptive name mentioning test', { name: 'Test runner for checkout flows' }, []],
    ['wildcard on a live key', { permissions: ['*'] }, ['key-wildcard-permission']],
    ['wildcard on an inactive key is not flagged', { permissions: ['*'], isActive: false }, []],
    ['FLOWS:* is not the full wildcard', { permissions: ['FLOWS:*'] }, []],
  ])('%s', (_label, overrides, expected) => {
    expect(rulesOf([key(overrides)])).toEqual(expected);
  });

  it('flags one name shared by several keys (case and spacing ignored), on each of them', () => {
    const findings = auditKeys([key({ id: 'a', name: 'Billing sync' }), key({ id: 'b', name: 'billing  sync ' }), key({ id: 'c', name: 'Other job' })], NOW);
    expect(findings.filter((f) => f.rule === 'key-shared-name').map((f) => f.keyId)).toEqual(['a', 'b']);
  });

  it('severities: wildcard high, age/expiring/shared medium, hygiene low', () => {
    const bySeverity = Object.fromEntries(
      auditKeys([key({ permissions: ['*'], createdAt: daysAgo(100), expiresAt: null, lastUsedAt: null, name: 'Key 1' })], NOW).map((f) => [f.rule, f.severity]),
    );
    expect(bySeverity).toEqual({
      'key-wildcard-permission': 'high',
      'key-older-than-90-days': 'medium',
      'key-no-expiry': 'low',
      'key-never-used': 'low',
      'key-vague-name': 'low',
    });
  });
});

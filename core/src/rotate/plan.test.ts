import { describe, expect, it } from 'vitest';
import type { ApiKey } from '../api/schemas.ts';
import { parseDuration, planRotation, rotatedName, sameLengthExpiry } from './plan.ts';

const NOW = new Date('2026-11-27T12:00:00Z');
const record: ApiKey = {
  id: 'id-1',
  name: 'Checkout',
  permissions: ['FLOWS:EXECUTE', 'RECORDS:READ'],
  isActive: true,
  allowedIps: ['10.0.0.1'],
  createdAt: '2026-01-01T00:00:00Z',
  expiresAt: '2026-04-01T00:00:00Z',
  lastUsedAt: null,
};

describe('planRotation', () => {
  it('standard: same permissions, allowed IPs, expiry of the same length, dated name', () => {
    const plan = planRotation({ record, mode: 'standard', now: NOW, targetLabel: '.env' });
    expect(plan.create).toEqual({
      name: 'Checkout (rotated 2026-11-27)',
      permissions: ['FLOWS:EXECUTE', 'RECORDS:READ'],
      allowedIps: ['10.0.0.1'],
      environment: 'live',
      expiresAt: new Date(NOW.getTime() + (Date.parse('2026-04-01T00:00:00Z') - Date.parse('2026-01-01T00:00:00Z'))).toISOString(),
    });
    expect(plan.steps).toHaveLength(4);
    expect(plan.steps[3]).toBe('revoke "Checkout"');
  });

  it('no expiry stays no expiry; test keys stay test keys; no IPs means none sent', () => {
    const plan = planRotation({ record: { ...record, expiresAt: null, allowedIps: [], isTestKey: true }, mode: 'standard', now: NOW, targetLabel: '.env' });
    expect(plan.create).toEqual({ name: 'Checkout (rotated 2026-11-27)', permissions: ['FLOWS:EXECUTE', 'RECORDS:READ'], environment: 'test' });
  });

  it('the environment of the old key is sent; restrictions the record does not show are noted, not dropped silently', () => {
    const { allowedIps: _ips, expiresAt: _exp, ...documented } = record;
    const plan = planRotation({ record: documented, mode: 'standard', now: NOW, targetLabel: '.env', environment: 'test' });
    expect(plan.create).toEqual({ name: 'Checkout (rotated 2026-11-27)', permissions: ['FLOWS:EXECUTE', 'RECORDS:READ'], environment: 'test' });
    expect(plan.notes.map((n) => n.code)).toEqual(['allowed-ips-not-shown', 'expiry-not-shown']);
    expect(planRotation({ record, mode: 'standard', now: NOW, targetLabel: '.env' }).notes).toEqual([]);
  });

  it('grace replaces the revoke step', () => {
    const plan = planRotation({ record, mode: 'standard', now: NOW, graceMs: 86_400_000, targetLabel: '.env' });
    expect(plan.graceMs).toBe(86_400_000);
    expect(plan.steps[3]).toMatch(/keep the old key for 1d.*finish the rotation/);
  });

  it('emergency regenerates and creates nothing', () => {
    const plan = planRotation({ record, mode: 'emergency', now: NOW, targetLabel: '.env' });
    expect(plan.create).toBeUndefined();
    expect(plan.steps[0]).toMatch(/regenerate .*stops working immediately/);
  });
});

describe('rotatedName', () => {
  it.each([
    ['Checkout', 'Checkout (rotated 2026-11-27)'],
    ['Checkout (rotated 2026-01-02)', 'Checkout (rotated 2026-11-27)'],
    ['x'.repeat(255), `${'x'.repeat(234)} (rotated 2026-11-27)`],
  ])('%#', (input, expected) => {
    expect(rotatedName(input, NOW)).toBe(expected);
    expect(rotatedName(input, NOW).length).toBeLessThanOrEqual(255);
  });
});

describe('sameLengthExpiry', () => {
  it('undefined without expiry or with a nonsensical one', () => {
    expect(sameLengthExpiry({ createdAt: record.createdAt, expiresAt: null }, NOW)).toBeUndefined();
    expect(sameLengthExpiry({ createdAt: record.createdAt, expiresAt: '2025-01-01T00:00:00Z' }, NOW)).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it('explains bad input', () => {
    expect(() => parseDuration('1 week')).toThrow(/Invalid duration "1 week": use a number and a unit, e.g. 30m, 24h or 7d/);
  });
});

import { describe, expect, it } from 'vitest';
import { generateKeyBody } from '../detect/fill-slots.ts';
import { findKeyRecord, matchKeyRecord } from './match-key-record.ts';

const body = () => generateKeyBody(32);

describe('findKeyRecord', () => {
  const key = `rt_live_${body()}`;
  const record = (k: string, id: string) => ({ id, keyPrefix: k.slice(0, 12), searchHint: k.slice(-4), maskedKey: `${k.slice(0, 12)}••••${k.slice(-4)}` });
  // Runtype's documented shape: keyPrefix + maskedKey `prefix****…1234`, searchHint a human hint.
  const documented = (k: string, id: string, hint = 'primary-key') => ({
    id,
    keyPrefix: k.slice(0, 8),
    searchHint: hint,
    maskedKey: `${k.slice(0, 8)}************${k.slice(-4)}`,
  });

  it('matches on the visible start and end', () => {
    expect(matchKeyRecord(key, [record(`rt_live_${body()}`, 'other'), record(key, 'mine')])?.id).toBe('mine');
  });
  it('uses maskedKey when there is no searchHint', () => {
    expect(matchKeyRecord(key, [{ ...record(key, 'mine'), searchHint: null }])?.id).toBe('mine');
  });
  it('matches the documented shape: maskedKey tail, a human searchHint is ignored', () => {
    for (const hint of ['primary-key', 'prod_9f8e7d', 'My Application']) {
      expect(findKeyRecord(key, [documented(`rt_live_${body()}`, 'other', hint), documented(key, 'mine', hint)])).toMatchObject({
        kind: 'match',
        record: { id: 'mine' },
      });
    }
  });
  it('a masked searchHint must agree with the key; a bare word as searchHint (e.g. "kept") never rules a record out', () => {
    const other = key.slice(-4) === 'ZZZZ' ? 'YYYY' : 'ZZZZ';
    expect(findKeyRecord(key, [{ ...documented(key, 'mine'), searchHint: `rt_live_****${other}` }]).kind).toBe('none');
    expect(findKeyRecord(key, [{ ...documented(key, 'mine'), searchHint: 'kept' }]).kind).toBe('match');
    expect(findKeyRecord(key, [{ ...documented(key, 'mine'), searchHint: other }]).kind).toBe('match');
    // and a bare hint alone matches only when the key really ends with it
    expect(findKeyRecord(key, [{ id: 'h', keyPrefix: 'rt_live_', searchHint: key.slice(-6), maskedKey: null }]).kind).toBe('match');
    expect(findKeyRecord(key, [{ id: 'h', keyPrefix: 'rt_live_', searchHint: other, maskedKey: null }]).kind).toBe('none');
  });
  it('a searchHint alone never matches when it is a human hint', () => {
    expect(findKeyRecord(key, [{ id: 'x', keyPrefix: 'rt_live_', searchHint: key.slice(-6).replace(/./, '-'), maskedKey: null }]).kind).toBe('none');
  });
  it('no match, or an ambiguous one, acts on nothing and says why', () => {
    expect(matchKeyRecord(key, [record(`rt_live_${body()}`, 'other')])).toBeUndefined();
    const twice = findKeyRecord(key, [record(key, 'a'), record(key, 'b')]);
    expect(twice).toMatchObject({ kind: 'ambiguous', count: 2 });
    expect(matchKeyRecord(key, [record(key, 'a'), record(key, 'b')])).toBeUndefined();
    const none = findKeyRecord(key, [{ id: 'x', keyPrefix: 'rt_live_', searchHint: null, maskedKey: null }]);
    expect(none).toMatchObject({ kind: 'none' });
    expect((none as { reason: string }).reason).toMatch(/no visible end/);
  });
  it('inactive (soft-deleted) records are never a match: they say "already revoked"', () => {
    const found = findKeyRecord(key, [{ ...documented(key, 'gone'), isActive: false }]);
    expect(found).toMatchObject({ kind: 'inactive', record: { id: 'gone' } });
    expect(matchKeyRecord(key, [{ ...documented(key, 'gone'), isActive: false }])).toBeUndefined();
    // an inactive twin does not make an active record ambiguous
    expect(findKeyRecord(key, [{ ...documented(key, 'gone'), isActive: false }, documented(key, 'live')])).toMatchObject({
      kind: 'match',
      record: { id: 'live' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { matchKeyRecord } from './match-key-record.ts';

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const body = () => Array.from({ length: 32 }, () => B62[Math.floor(Math.random() * 62)]).join('');

describe('matchKeyRecord', () => {
  const key = `rt_live_${body()}`;
  const record = (k: string, id: string) => ({ id, keyPrefix: k.slice(0, 12), searchHint: k.slice(-4), maskedKey: `${k.slice(0, 12)}••••${k.slice(-4)}` });

  it('matches on the visible start and end', () => {
    expect(matchKeyRecord(key, [record(`rt_live_${body()}`, 'other'), record(key, 'mine')])?.id).toBe('mine');
  });

  it('uses maskedKey when there is no searchHint', () => {
    expect(matchKeyRecord(key, [{ ...record(key, 'mine'), searchHint: null }])?.id).toBe('mine');
  });

  it('no match, or an ambiguous one, is undefined (never guess which key to revoke)', () => {
    expect(matchKeyRecord(key, [record(`rt_live_${body()}`, 'other')])).toBeUndefined();
    expect(matchKeyRecord(key, [record(key, 'a'), record(key, 'b')])).toBeUndefined();
    expect(matchKeyRecord(key, [{ id: 'x', keyPrefix: 'rt_live_', searchHint: null, maskedKey: null }])).toBeUndefined();
  });
});

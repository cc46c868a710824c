import { DEFAULT_CONFIG, fingerprintOf, type Config } from '@rt-guard/core';
import { describe, expect, it } from 'vitest';
import { createFindingFilter } from './finding-filter.ts';
import { clientToken, liveKey, testKey } from '../../../test/helpers/keys.ts';
import { computeDiagnostics, levelOf } from './to-diagnostic.ts';

const config = (patch: Partial<Config>): Config => ({ ...DEFAULT_CONFIG, ignore: [], allow: [], ...patch });

describe('computeDiagnostics', () => {
  it('makes a live key an error whose message names the kind and only the redacted key', () => {
    const key = liveKey();
    const { diagnostics } = computeDiagnostics(`const runtype = "${key}";\n`, { file: 'a.ts' });
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d!.level).toBe('error');
    expect(d!.message).toContain('Runtype live API key');
    expect(d!.message).toContain(`rt_live_…${key.slice(-4)}`);
    expect(JSON.stringify(diagnostics)).not.toContain(key.slice(8));
    expect({ line: d!.startLine, start: d!.startCharacter, end: d!.endCharacter }).toEqual({ line: 0, start: 17, end: 17 + key.length });
  });

  it('makes a test key a warning and shows nothing for a client token', () => {
    const { diagnostics } = computeDiagnostics(`RUNTYPE_KEY=${testKey()}\nRUNTYPE_CT=${clientToken()}\n`, { file: '.env.example' });
    expect(diagnostics.map((d) => d.level)).toEqual(['warning']);
  });

  it('drops a key with an rt-guard:allow comment on the line before', () => {
    const text = `// rt-guard:allow fixture\nconst k = "${liveKey()}";\n`;
    expect(computeDiagnostics(text, { file: 'a.ts' }).diagnostics).toEqual([]);
  });

  it('drops an allowlisted fingerprint and keeps other keys, like the CLI policy', () => {
    const allowed = liveKey();
    const other = liveKey();
    const filter = createFindingFilter(config({ allow: [{ fingerprint: fingerprintOf(allowed), reason: 'fixture' }] }), []);
    const result = computeDiagnostics(`a = "${allowed}"\nb = "${other}"\n`, { file: 'x.py', filter });
    expect(result.findings.map((f) => f.fingerprint)).toEqual([fingerprintOf(other)]);
  });

  it('skips files ignored by the config or by the exclude setting', () => {
    const text = `k = "${liveKey()}"\n`;
    const filter = createFindingFilter(config({ ignore: ['fixtures/'] }), ['*.snap']);
    expect(computeDiagnostics(text, { file: 'fixtures/a.py', filter }).diagnostics).toEqual([]);
    expect(computeDiagnostics(text, { file: 'b.snap', filter }).diagnostics).toEqual([]);
    expect(computeDiagnostics(text, { file: 'src/a.py', filter }).diagnostics).toHaveLength(1);
  });

  it('says "revoked" once the key is known revoked', () => {
    const key = liveKey();
    const states = new Map([[fingerprintOf(key), 'revoked' as const]]);
    const [d] = computeDiagnostics(`k="${key}"`, { file: 'a.sh', states }).diagnostics;
    expect(d!.message).toContain('revoked');
  });
});

describe('levelOf', () => {
  const live = { ruleId: 'runtype-api-key-live', severity: 'critical' as const, environment: 'live' as const };
  it('applies overrides by rule id before environment', () => {
    expect(levelOf(live, { live: 'warning' })).toBe('warning');
    expect(levelOf(live, { live: 'warning', 'runtype-api-key-live': 'hint' })).toBe('hint');
    expect(levelOf(live, { live: 'off' })).toBe('off');
  });
});

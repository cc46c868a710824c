import { applyContainerExposure, applyPolicy, createDetector, DEFAULT_CONFIG, type FindingWithSecret, type ReportInput } from '@rt-guard/core';
import { fillSlots, seededRandomInt } from '../core/src/detect/fill-slots.ts';

/**
 * Deterministic findings for the report goldens: keys come from a seeded generator at test time
 * (so fingerprints are stable and nothing key-shaped is committed), and cover every field a
 * report prints: severities, base64, attribution, suppressions, verification, git commit.
 */
export function goldenInput(): { input: ReportInput; keys: string[] } {
  const random = seededRandomInt(20261127);
  const detector = createDetector();
  const keys: string[] = [];
  const scan = (template: string, file: string): FindingWithSecret[] => {
    const filled = fillSlots(template, random);
    keys.push(...filled.keys);
    return detector.scan(filled.text, { file });
  };
  const findings = [
    ...scan('# Runtype\nRUNTYPE_API_KEY={{rt_live}}\n', 'config/.env'),
    ...scan('data:\n  RUNTYPE_KEY: {{base64:rt_test}}\n', 'deploy/k8s secret.yaml'),
    ...scan('RUNTOOLS_TOKEN="{{rt_live}}", 100%, a:b\n', 'src/tools,üñí.ts'),
    ...scan('<script>Runtype.init({ clientToken: "{{ct_live}}" })</script>\n', 'public/index.html'),
    ...scan('// rt-guard:allow local emulator key\nconst key = "{{rt_test}}";\n', 'test/emulator.ts'),
    ...scan('runtype:\n  legacy: {{tv_live}}\n', 'legacy/app.yaml'),
    ...scan('NEXT_PUBLIC_RUNTYPE_API_KEY={{rt_test}}\n', 'web/.env.local'),
    ...scan('module.exports = { runtypeKey: "{{rt_live}}" };\n', 'pkg-1.0.0.tgz!package/lib/index.js').map((f) =>
      applyContainerExposure(f, 'archive', 'pkg-1.0.0.tgz'),
    ),
  ];
  const allowed = findings[5]!.fingerprint;
  const policy = applyPolicy(findings, {
    config: { ...DEFAULT_CONFIG, ignore: [], allow: [{ fingerprint: allowed, reason: 'revoked on 2026-11-01' }] },
    now: new Date('2026-11-27T00:00:00Z'),
  });
  const withExtras = policy.findings.map((f, i) => {
    if (i !== 0) return f;
    const copy = {
      ...f,
      verification: {
        status: 'live' as const,
        checkedAt: '2026-11-27T08:00:00.000Z',
        leakedAt: '2026-11-20T10:00:00.000Z',
        lastUsedAt: '2026-11-26T18:30:00.000Z',
        usedSinceLeak: true,
      },
      commit: '0123456789abcdef0123456789abcdef01234567',
      authorDate: '2026-11-20T10:00:00Z',
    };
    Object.defineProperty(copy, 'secret', { value: f.secret, enumerable: false });
    return copy;
  });
  return {
    input: {
      findings: withExtras,
      stats: { files: 6, bytes: 12345, skipped: 2, durationMs: 321 },
      warnings: ['cannot read locked.txt (EIO); skipped'],
      toolVersion: '0.1.0',
    },
    keys,
  };
}

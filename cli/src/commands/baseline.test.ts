import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintOf } from '@rt-guard/core';
import { generateKeyBody } from '../../../core/src/detect/fill-slots.ts';
import { createTestIo } from '../../../test/helpers/io.ts';
import { run } from '../run.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'rt-guard-baseline-'));
  dirs.push(dir);
  const keys = [`rt_live_${generateKeyBody()}`, `rt_test_${generateKeyBody()}`];
  writeFileSync(join(dir, 'a.env'), `RUNTYPE_API_KEY=${keys[0]}\nCOPY=${keys[0]}\n`);
  writeFileSync(join(dir, 'b.ts'), `// rt-guard:allow\nconst a = "${keys[1]}";\nconst b = my_${keys[1]};\n`);
  const io = createTestIo(dir);
  return { dir, keys, io };
}

describe('rt-guard baseline', () => {
  it('writes sorted unique fingerprints of unsuppressed keys, with no keys, lines or times', async () => {
    const { dir, keys, io } = setup();
    expect(await run(['baseline'], io)).toBe(0);
    const text = readFileSync(join(dir, '.rt-guard-baseline.json'), 'utf8');
    // The inline-allowed key is not part of the baseline; the duplicate appears once.
    expect(text).toBe(`${JSON.stringify({ version: 1, fingerprints: [fingerprintOf(keys[0]!)] }, null, 2)}\n`);
    expect(text).not.toMatch(/line|2026|rt_live_/);
    expect(io.err()).toContain('wrote 1 fingerprint(s) to .rt-guard-baseline.json');
  });

  it('is byte-identical when run twice, and prints to stdout with -o -', async () => {
    const { dir, io } = setup();
    await run(['baseline', '-o', 'one.json'], io);
    await run(['baseline', '-o', 'two.json'], io);
    expect(readFileSync(join(dir, 'one.json'), 'utf8')).toBe(readFileSync(join(dir, 'two.json'), 'utf8'));
    await run(['baseline', '-o', '-'], io);
    expect(io.out()).toBe(readFileSync(join(dir, 'one.json'), 'utf8'));
  });

  it('fails with exit 2 when it cannot write', async () => {
    const { io } = setup();
    expect(await run(['baseline', '-o', 'missing-dir/x.json'], io)).toBe(2);
    expect(io.err()).toContain('cannot write missing-dir/x.json (ENOENT)');
  });
});

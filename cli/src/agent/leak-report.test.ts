import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDetector } from '@rt-guard/core';
import { liveKey } from '../../../test/helpers/keys.ts';
import { createTestIo } from '../../../test/helpers/io.ts';
import { reportLeak } from './leak-report.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// Review: the rotate command is shown to the user and told to the agent ("tell the user the key
// must be rotated with: …"), and an agent may run it. A repository's dotenv file name is not a
// shell word: `.env.$(touch pwned)` ran `touch` in the shell of whoever pasted or ran the command.
describe('reportLeak: the rotate command', () => {
  it.each(['.env.$(touch pwned)', ".env.it's`touch pwned`"])('quotes a dotenv file name that the shell would expand: %s', async (name) => {
    const project = mkdtempSync(join(tmpdir(), 'rt-guard-leak-'));
    dirs.push(project);
    const key = liveKey();
    writeFileSync(join(project, name), `RUNTYPE_API_KEY=${key}\n`);
    const findings = createDetector().scan(`RUNTYPE_API_KEY=${key}\n`);
    expect(findings).toHaveLength(1);
    const verdict = await reportLeak({ findings, source: 'the output of `env`' }, project, createTestIo(project));
    expect(verdict.kind).toBe('notify');
    const message = verdict.kind === 'notify' ? verdict.agent : '';
    const command = /rt-guard rotate --env-file .* --var RUNTYPE_API_KEY/.exec(message)?.[0];
    expect(command, message).toBeDefined();
    // What a shell makes of the command: rt-guard swapped for printf, run by a real sh.
    const words = execFileSync('sh', ['-c', command!.replace(/^rt-guard/, "printf '%s\\n'")], { cwd: project, encoding: 'utf8' }).split('\n');
    expect(existsSync(join(project, 'pwned')), 'the shell ran the command in the file name').toBe(false);
    expect(words.slice(0, 4)).toEqual(['rotate', '--env-file', name, '--var']);
    expect(message).not.toContain(key);
  });

  it('leaves a plain name as it is', async () => {
    const project = mkdtempSync(join(tmpdir(), 'rt-guard-leak-'));
    dirs.push(project);
    const key = liveKey();
    writeFileSync(join(project, '.env.local'), `RUNTYPE_API_KEY=${key}\n`);
    const verdict = await reportLeak({ findings: createDetector().scan(`x ${key}`), source: 'a file' }, project, createTestIo(project));
    expect(verdict.kind === 'notify' ? verdict.user : '').toContain('rt-guard rotate --env-file .env.local --var RUNTYPE_API_KEY');
  });
});

// Review: the dotenv files of the project are repository content: a FIFO kept the hook waiting forever.
describe.skipIf(platform() === 'win32')('reportLeak: hostile dotenv files', () => {
  it('passes over a FIFO and a link to /dev/zero, and still finds the file that holds the key', async () => {
    const project = mkdtempSync(join(tmpdir(), 'rt-guard-leak-'));
    dirs.push(project);
    execFileSync('mkfifo', [join(project, '.a.env')]);
    symlinkSync('/dev/zero', join(project, '.b.env'));
    const key = liveKey();
    writeFileSync(join(project, '.env'), `RUNTYPE_API_KEY=${key}\n`);
    const started = Date.now();
    const verdict = await reportLeak({ findings: createDetector().scan(`x ${key}`), source: 'a file' }, project, createTestIo(project));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(verdict.kind === 'notify' ? verdict.user : '').toContain('rt-guard rotate --env-file .env --var RUNTYPE_API_KEY');
  });
});

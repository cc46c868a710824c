import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyBody } from '../../../core/src/detect/fill-slots.ts';
import { runCliInProcess } from '../../../test/helpers/io.ts';

// Issue 10 item 7: a directory scan stays inside what it was asked to scan, and nothing a scanned
// repository controls (names, contents) reaches the terminal raw or carries another secret.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const key = (): string => `rt_live_${generateKeyBody()}`;

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function scan(cwd: string, args: string[]) {
  return runCliInProcess(['scan', ...args], cwd);
}

/** A home folder with an ssh-like secret, and a cloned repository whose links point into it. */
function hostileLayout() {
  const base = mkdtempSync(join(tmpdir(), 'rt-guard-trust-'));
  dirs.push(base);
  const outside = key();
  const inside = key();
  write(base, { 'home/.ssh-like/id_key': `RUNTYPE_API_KEY=${outside}\n`, 'repo/sub/k.txt': `RUNTYPE_API_KEY=${inside}\n`, 'repo/README.md': 'hello\n' });
  const repo = join(base, 'repo');
  symlinkSync(join(base, 'home/.ssh-like'), join(repo, 'ssh')); // folder link, absolute
  symlinkSync('../home/.ssh-like/id_key', join(repo, 'key.txt')); // file link, relative
  symlinkSync('sub', join(repo, 'inside-link')); // a link that stays inside
  symlinkSync('..', join(repo, 'sub/loop')); // loops back to the root
  symlinkSync('.', join(repo, 'self'));
  return { base, repo, outside, inside };
}

const files = (out: string): string[] => JSON.parse(out).findings.map((f: { file: string }) => f.file);

describe('scan stays inside the scanned folder', () => {
  it('does not follow links by default: a link to a key outside the repository is not read', async () => {
    const { repo } = hostileLayout();
    const { code, out } = await scan(repo, ['-f', 'json']);
    expect(code).toBe(1);
    expect(files(out)).toEqual(['sub/k.txt']);
    // Links count as passed over: ssh, key.txt, inside-link, self, sub/loop.
    expect(JSON.parse(out).stats.skipped).toBe(5);
  });

  it('--follow-symlinks follows links inside the root only, says why in --verbose, and ends loops', async () => {
    const { repo } = hostileLayout();
    const { code, out, err } = await scan(repo, ['-f', 'json', '--follow-symlinks', '--verbose']);
    expect(code).toBe(1);
    // The inside link is followed; the same folder is never entered twice (loop, self).
    expect(files(out)).toEqual(['inside-link/k.txt']);
    expect(err).toContain('rt-guard: skipped link ssh: it points outside the scanned folder');
    expect(err).toContain('rt-guard: skipped link key.txt: it points outside the scanned folder');
  });

  it('--follow-symlinks from a subfolder: a link to a sibling folder is outside the root', async () => {
    const { repo } = hostileLayout();
    const { out } = await scan(join(repo, 'sub'), ['-f', 'json', '--follow-symlinks', '.']);
    // sub/loop → repo, which is outside `sub`.
    expect(files(out)).toEqual(['k.txt']);
  });

  it('--verbose names links passed over by default', async () => {
    const { repo } = hostileLayout();
    const { err } = await scan(repo, ['--verbose', '-f', 'json']);
    expect(err).toContain('rt-guard: skipped link ssh (links are not followed; --follow-symlinks follows those inside the scanned folder)');
  });

  it('a link the user names on the command line is followed (as ripgrep does)', async () => {
    const { repo, outside } = hostileLayout();
    const { out } = await scan(repo, ['-f', 'json', 'ssh', 'key.txt']);
    expect(files(out)).toEqual(['key.txt', 'ssh/id_key']);
    expect(out).not.toContain(outside);
  });
});

describe('nothing a repository controls reaches the terminal raw', () => {
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it('file names and contents with ESC, CR, BEL, C1 and bidi controls are escaped in text and github output', async () => {
    const base = mkdtempSync(join(tmpdir(), 'rt-guard-trust-'));
    dirs.push(base);
    const k = key();
    const name = 'evil\u001b]0;pwned\u0007\u202e\r\ngpj.txt';
    write(base, { [name]: `\u001b[2J\u009b31m RUNTYPE_API_KEY=${k} \u202e\u2066\r\n` });
    for (const format of ['text', 'github']) {
      const { code, out, err } = await scan(base, ['-f', format]);
      expect(code).toBe(1);
      expect(out.replace(/\n/g, '')).not.toMatch(RAW);
      expect(err).not.toMatch(RAW);
      expect(out).toContain('evil\\x1b]0;pwned\\x07\\u202e\\x0d\\x0agpj.txt');
      expect(out).not.toContain(k);
    }
  });

  it('a config field name with control characters is escaped in the error', async () => {
    const base = mkdtempSync(join(tmpdir(), 'rt-guard-trust-'));
    dirs.push(base);
    write(base, { '.rt-guard.json': JSON.stringify({ ['\u001b[31mx\u0007']: 1 }) });
    const { code, err } = await scan(base, []);
    expect(code).toBe(2);
    expect(err).not.toMatch(RAW);
  });

  it('the snippet hides another vendor secret on the key line, in text and sarif', async () => {
    const base = mkdtempSync(join(tmpdir(), 'rt-guard-trust-'));
    dirs.push(base);
    const k = key();
    const aws = `AKIA${generateKeyBody(15).toUpperCase()}7`;
    write(base, { '.env': `RUNTYPE_API_KEY=${k} AWS=${aws}\n` });
    for (const format of ['text', 'sarif', 'json', 'github']) {
      const { out } = await scan(base, ['-f', format]);
      expect(out).not.toContain(aws);
      expect(out).not.toContain(aws.slice(4));
    }
  });
});

import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { isTrackedInIndex } from '../../cli/src/agent/git-index.ts';
import { cleanupProjects, makeProject } from './helpers.ts';

afterEach(cleanupProjects);

describe('isTrackedInIndex (reads .git/index, runs no git)', () => {
  it('tells tracked from untracked files, in index versions 2 and 3, and answers "maybe" for version 4', () => {
    const p = makeProject();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: p.dir, env: p.env });
    expect(isTrackedInIndex(p.dir, '.env')).toBe(false); // no index yet
    p.write('.env', 'A=1\n');
    p.write('config/.env.local', 'B=1\n');
    p.write('src/app.ts', 'x\n');
    git('add', '.env', 'src/app.ts');
    expect(isTrackedInIndex(p.dir, '.env')).toBe(true);
    expect(isTrackedInIndex(p.dir, 'src/app.ts')).toBe(true);
    expect(isTrackedInIndex(p.dir, 'config/.env.local')).toBe(false);
    expect(isTrackedInIndex(p.dir, 'app.ts')).toBe(false);
    // Version 3: an intent-to-add entry carries extended flags.
    git('add', '--intent-to-add', 'config/.env.local');
    git('update-index', '--index-version', '3');
    expect(isTrackedInIndex(p.dir, 'config/.env.local')).toBe(true);
    expect(isTrackedInIndex(p.dir, 'src/app.ts')).toBe(true);
    expect(isTrackedInIndex(p.dir, 'src/other.ts')).toBe(false);
    git('update-index', '--index-version', '4');
    expect(isTrackedInIndex(p.dir, 'src/other.ts')).toBe('maybe');
  });
});

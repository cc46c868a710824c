/**
 * bin.ts imports this module first, so it runs before the rest of the bundle is evaluated: for a
 * commit-time check it starts `git diff --cached` at once, and git's ~30 ms run overlaps the CLI's
 * own start-up. scanStaged adopts the process (run-git.ts); bin.ts discards it if nothing does.
 */
import { quickCheckKind } from './git/quick-check-kind.ts';
import { prestartGit, STAGED_DIFF_ARGS } from './git/run-git.ts';

const kind = quickCheckKind(process.argv.slice(2));
if (kind === 'scan' || kind === 'pre-commit') prestartGit(STAGED_DIFF_ARGS, { cwd: process.cwd(), env: process.env });

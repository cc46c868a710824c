import { CliError } from '../io.ts';
import { runGit, type GitContext } from './run-git.ts';

/** One line of git's pre-push stdin. */
export interface RefUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const ZERO = /^0+$/;
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** Parses `<local ref> <local sha> <remote ref> <remote sha>` lines; anything else is an error (the hook fails closed). */
export function parsePrePushInput(text: string): RefUpdate[] {
  const updates: RefUpdate[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const parts = line.split(' ');
    if (parts.length !== 4 || !SHA.test(parts[1]!) || !SHA.test(parts[3]!)) {
      throw new CliError(
        `unexpected pre-push input line "${line.slice(0, 200)}": expected "<local ref> <local sha> <remote ref> <remote sha>" (run --pre-push only from a pre-push hook)`,
      );
    }
    updates.push({ localRef: parts[0]!, localSha: parts[1]!, remoteRef: parts[2]!, remoteSha: parts[3]! });
  }
  return updates;
}

/**
 * The `git log` revisions holding exactly the commits an update sends. A deleted branch sends
 * nothing; an update (also a forced one) sends `remote..local`; a new branch, or a remote tip we
 * never fetched, sends what no remote-tracking ref has yet.
 */
export async function revisionsToPush(update: RefUpdate, context: GitContext): Promise<string[]> {
  if (ZERO.test(update.localSha)) return [];
  if (!ZERO.test(update.remoteSha) && (await hasCommit(update.remoteSha, context))) {
    return [`${update.remoteSha}..${update.localSha}`];
  }
  return [update.localSha, '--not', '--remotes'];
}

async function hasCommit(sha: string, context: GitContext): Promise<boolean> {
  try {
    await runGit(['cat-file', '-e', `${sha}^{commit}`], context);
    return true;
  } catch {
    return false;
  }
}

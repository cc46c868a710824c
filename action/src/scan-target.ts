import { CliError } from '../../cli/src/io.ts';

/** What the action scans, decided from the event that started the workflow. */
export type ScanTarget =
  | { kind: 'range'; range: string; description: string; warning?: string }
  | { kind: 'all-history'; description: string; warning?: string }
  | { kind: 'nothing'; description: string };

/** What scanTarget asks of the repository. */
export interface GitProbe {
  hasCommit(sha: string): boolean;
  isAncestor(ancestor: string, descendant: string): boolean;
  isShallow(): boolean;
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const ZERO = /^0+$/;

const DEEPEN = 'check the repository out with its history (actions/checkout with `fetch-depth: 0`)';

/**
 * The commits a push or pull request brings, from its event payload: `before..after` for a push
 * (all history reachable from `after` for a branch's first push, or when `before` is not in the
 * checkout), `base..head` for a pull request, nothing for a deleted branch. Other events, and
 * `full-history`, scan every commit of every ref. SHAs come from the payload: anything else than a
 * hex object name is refused.
 */
export function scanTarget(eventName: string, payload: unknown, git: GitProbe, fullHistory: boolean): ScanTarget {
  if (fullHistory) return { kind: 'all-history', description: 'every commit of every ref (full-history)' };
  const event = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, any>;
  if (eventName === 'push') {
    const before = sha(event.before, 'before');
    const after = sha(event.after, 'after');
    if (ZERO.test(after) || event.deleted === true) return { kind: 'nothing', description: 'a deleted ref: no commits to scan' };
    requireCommit(git, after, 'the pushed commit');
    if (ZERO.test(before)) return fromStart(after, `the first push of this ref: every commit reachable from ${short(after)}`, git);
    if (!git.hasCommit(before)) {
      return fromStart(
        after,
        `every commit reachable from ${short(after)}`,
        git,
        `the commit before the push (${short(before)}) is not in the checkout${event.forced === true ? ' (a force push)' : ''}, so every commit reachable from ${short(after)} was scanned; ${DEEPEN} to scan only the pushed commits`,
      );
    }
    const forced = !git.isAncestor(before, after);
    return {
      kind: 'range',
      range: `${before}..${after}`,
      description: `the pushed commits ${short(before)}..${short(after)}${forced ? ' (a force push: the commits not in the old branch)' : ''}`,
    };
  }
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const base = sha(event.pull_request?.base?.sha, 'pull_request.base.sha');
    const head = sha(event.pull_request?.head?.sha, 'pull_request.head.sha');
    requireCommit(git, head, 'the head of the pull request');
    if (!git.hasCommit(base)) {
      return fromStart(
        head,
        `every commit reachable from ${short(head)}`,
        git,
        `the pull request's base (${short(base)}) is not in the checkout, so every commit reachable from its head was scanned; ${DEEPEN}`,
      );
    }
    return { kind: 'range', range: `${base}..${head}`, description: `the pull request's commits ${short(base)}..${short(head)}` };
  }
  return { kind: 'all-history', description: `every commit of every ref (event ${eventName || 'unknown'})` };
}

function fromStart(head: string, description: string, git: GitProbe, warning?: string): ScanTarget {
  const shallow = git.isShallow() ? `the checkout is shallow, so commits before it were not scanned; ${DEEPEN}` : undefined;
  const warnings = [warning, shallow].filter((text): text is string => text !== undefined);
  return { kind: 'range', range: head, description, ...(warnings.length > 0 ? { warning: warnings.join('. ') } : {}) };
}

function sha(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SHA.test(value)) {
    throw new CliError(`the event payload's \`${field}\` is not a commit id; is this workflow started by a push or pull_request event?`, 'E_EVENT');
  }
  return value;
}

function requireCommit(git: GitProbe, commit: string, what: string): void {
  if (!git.hasCommit(commit))
    throw new CliError(`${what} (${short(commit)}) is not in the checkout: run actions/checkout before this action (with \`fetch-depth: 0\`)`, 'E_EVENT');
}

function short(commit: string): string {
  return commit.slice(0, 12);
}

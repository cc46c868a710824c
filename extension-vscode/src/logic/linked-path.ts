import { realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * Host-free: true when `path` (a file found under `folder`) is reached through a symbolic link, so
 * its real place may be anywhere (`link -> /home/you`). "Scan workspace" and rotation never follow
 * one (issue 10), as the CLI's directory scan does not: a repository must not make rt-guard read or
 * rewrite files outside it.
 */
export async function isReachedThroughLink(path: string, folder: string): Promise<boolean> {
  const rel = relative(folder, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..') return true;
  try {
    return (await realpath(path)) !== join(await realpath(folder), rel);
  } catch {
    return true;
  }
}

import { lstat } from 'node:fs/promises';

/**
 * Host-free: why rt-guard must not write a key into `path` (`.env`, `.gitignore`), or undefined
 * when it may (a regular file, or none yet). A repository can ship `.env` as a link to a tracked
 * file: writing a key "to .env" would then put it in that file, and the next commit would leak it
 * (issue 10). Links, hard links and anything but a regular file are refused.
 */
export async function unsafeKeyFileReason(path: string, name: string): Promise<string | undefined> {
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : `${name} cannot be checked (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (info.isSymbolicLink()) return `${name} is a symbolic link, so a key written to it would land in the file it points to`;
  if (!info.isFile()) return `${name} is not a regular file`;
  if (info.nlink > 1) return `${name} has other hard links, so a key written to it would appear in another file too`;
  return undefined;
}

/** Throws a clear error when a key must not be written to one of `files` (`[path, name]` pairs). */
export async function assertSafeKeyFiles(files: readonly (readonly [path: string, name: string])[]): Promise<void> {
  for (const [path, name] of files) {
    const reason = await unsafeKeyFileReason(path, name);
    if (reason) throw new Error(`${reason}: rt-guard writes no key through it. Replace ${name} with a regular file, then try again.`);
  }
}

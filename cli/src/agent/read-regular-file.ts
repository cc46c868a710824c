import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * Reads a file the agent hook depends on without letting it hang or exhaust the hook: a regular
 * file only (a FIFO would block the read forever, /dev/zero never ends), opened non-blocking,
 * at most `maxBytes`, and not through a symbolic link unless `follow` (git does not follow a
 * linked `.gitignore`; the user's own files, e.g. dotfiles linked into ~/.config, are followed).
 * 'missing' when nothing is there, undefined when it is there but not readable that way.
 */
export function readRegularFile(path: string, options: { follow: boolean; maxBytes: number }): Buffer | 'missing' | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (options.follow ? 0 : (constants.O_NOFOLLOW ?? 0)));
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > options.maxBytes) return undefined;
    const data = readFileSync(fd);
    return data.length > options.maxBytes ? undefined : data;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

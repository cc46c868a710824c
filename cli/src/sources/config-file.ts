import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from '@rt-guard/core';

/**
 * The config file that applies in `cwd`: `.rt-guard.json` there or in the nearest parent up to the
 * repository root (a config above it belongs to another project), or undefined. Needs no parser:
 * the agent hook loads one (zod) only when there is a file.
 */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_FILE_NAME);
    if (existsSync(file)) return file;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

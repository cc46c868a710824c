import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, parseConfig, type Config } from '@rt-guard/core';
import { CliError } from '../io.ts';
import { findConfigFile } from './config-file.ts';

export interface LoadedConfig {
  config: Config;
  /** Folder the config's ignore patterns are relative to. */
  root: string;
  /** The file read, if any. */
  file?: string;
}

/**
 * Finds and parses the config: `--config FILE` when given (it must exist), else `.rt-guard.json`
 * in `cwd` or the nearest parent up to the repository root. Throws ConfigError for a bad file.
 */
export function loadConfig(cwd: string, explicit?: string): LoadedConfig {
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read config file ${explicit} (${(error as { code?: string }).code ?? 'error'}): check the --config path`, 'E_CONFIG_READ');
    }
    return { config: parseConfig(text, explicit), root: dirname(file), file };
  }
  const file = findConfigFile(cwd);
  if (file !== undefined) {
    const root = dirname(file);
    const name = root === resolve(cwd) ? CONFIG_FILE_NAME : file;
    return { config: parseConfig(readFoundConfig(file, name), name), root, file };
  }
  return { config: { ...DEFAULT_CONFIG, ignore: [], allow: [] }, root: resolve(cwd) };
}

/** A config file larger than this is not read (a real one is a few KiB). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * A `.rt-guard.json` found in a repository is repository content: a FIFO made every command (and
 * the agent hook, on every event) wait forever, a committed link to /dev/zero read until memory ran
 * out. Only a regular file (a link to one is fine) of at most 1 MiB is read; anything else is a
 * config error (exit 2; the agent hook then uses the defaults).
 */
function readFoundConfig(file: string, name: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const info = fstatSync(fd);
    if (!info.isFile()) throw new CliError(`${name} is not a regular file: replace it with a JSON file (or remove it)`, 'E_CONFIG_READ');
    if (info.size > MAX_CONFIG_BYTES) throw new CliError(`${name} is larger than 1 MiB: a config is a small JSON file`, 'E_CONFIG_READ');
    return readFileSync(fd, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${name} (${(error as { code?: string }).code ?? 'error'}): check its permissions`, 'E_CONFIG_READ');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

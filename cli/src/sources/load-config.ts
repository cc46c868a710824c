import { readFileSync } from 'node:fs';
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
    return { config: parseConfig(readFileSync(file, 'utf8'), root === resolve(cwd) ? CONFIG_FILE_NAME : file), root, file };
  }
  return { config: { ...DEFAULT_CONFIG, ignore: [], allow: [] }, root: resolve(cwd) };
}

import type { AgentConfig, Config } from './types.ts';

/** The config's file name, looked for at the repository root. */
export const CONFIG_FILE_NAME = '.rt-guard.json';

/** The config used when there is no config file: nothing ignored or allowed, fail on `high`. */
export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze({ ignore: [], allow: [], failOn: 'high' });

/** Agent hook settings when the config has no `agent` field: agents may read `.env` files. */
export const DEFAULT_AGENT_CONFIG: Readonly<AgentConfig> = Object.freeze({ readDotenv: 'allow' });

import type { Severity } from '../detect/types.ts';

/** An allowlist entry of `.rt-guard.json`. */
export interface AllowEntry {
  /** Lowercase hex SHA-256 of the key, as printed by `rt-guard scan`. */
  fingerprint: string;
  /** Why the key may stay; required so the allowlist documents itself. */
  reason: string;
  /** Last day (YYYY-MM-DD, UTC) the entry suppresses the key; after it, the key is reported again. */
  expires?: string;
}

/** What AI coding agent hooks (`rt-guard agent hook`) may do. */
export interface AgentConfig {
  /** Whether an agent may read `.env` files (`allow`, the default) or is stopped (`deny`). */
  readDotenv: 'allow' | 'deny';
}

/** The validated project config, defaults applied. */
export interface Config {
  /** gitignore-syntax patterns, relative to the repository root. */
  ignore: string[];
  allow: AllowEntry[];
  /** Lowest severity that fails a scan (exit 1). `info` findings never fail. */
  failOn: Severity;
  /** Agent hook settings; absent when the file has no `agent` field (default: `{ readDotenv: 'allow' }`). */
  agent?: AgentConfig;
}

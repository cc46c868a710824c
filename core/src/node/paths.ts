import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** Verification cache folder: `RT_GUARD_CACHE_DIR`, else `$XDG_CACHE_HOME/rt-guard`, else `~/.cache/rt-guard`. */
export function cacheDirFrom(env: Env): string {
  if (env.RT_GUARD_CACHE_DIR) return env.RT_GUARD_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'rt-guard');
}

/** Rotation journals: `RT_GUARD_STATE_DIR`, else `$XDG_STATE_HOME/rt-guard`, else `~/.local/state/rt-guard`. */
export function stateDirFrom(env: Env): string {
  if (env.RT_GUARD_STATE_DIR) return env.RT_GUARD_STATE_DIR;
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'rt-guard');
}

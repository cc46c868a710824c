import { createRuntypeClient, type RuntypeClient, type RuntypeClientOptions } from '@rt-guard/core';
import { createNodeFetch, type NodeFetch } from '@rt-guard/core/node';
// @ts-expect-error plain ESM JavaScript without types
import { startEmulator as startEmulatorJs } from '../emulator/server.mjs';

export interface Emulator {
  url: string;
  sessionToken: string;
  setFaults(faults: Record<string, unknown>): void;
  mintKey(options?: { name?: string; permissions?: string[]; environment?: 'live' | 'test'; expiresAt?: string | null; allowedIps?: string[] }): {
    record: { id: string; name: string };
    plainKey: string;
  };
  keys(): Array<{ id: string; name: string; isActive: boolean; lastUsedAt: string | null; permissions: string[]; createdAt: string; expiresAt: string | null; allowedIps: string[] }>;
  isLive(plain: string): boolean;
  readonly requestCount: number;
  readonly stats: { requests: number; byRoute: Record<string, number> };
  resetStats(): void;
  close(): Promise<void>;
}

export function startEmulator(options: { statePath?: string; faults?: Record<string, unknown>; port?: number } = {}): Promise<Emulator> {
  return startEmulatorJs(options) as Promise<Emulator>;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Random base62, generated at test time: no real-looking key is ever committed. */
export function randomBase62(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += BASE62[Math.floor(Math.random() * 62)];
  return out;
}

/** A client on the real undici transport, with instant retries (sleep recorded, not waited). */
export function clientFor(emulator: Emulator, options: Partial<RuntypeClientOptions> = {}): { client: RuntypeClient; fetch: NodeFetch; sleeps: number[] } {
  const fetch = createNodeFetch();
  const sleeps: number[] = [];
  const client = createRuntypeClient({
    baseUrl: emulator.url,
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { client, fetch, sleeps };
}

/** Throws when `text` contains any of `secrets`. */
export function expectNoSecrets(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    if (secret && text.includes(secret)) throw new Error(`output contains a secret (${secret.slice(0, 8)}…)`);
  }
}

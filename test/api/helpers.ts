import { createRuntypeClient, type RuntypeClient, type RuntypeClientOptions } from '@rt-guard/core';
import { createNodeFetch, type NodeFetch } from '@rt-guard/core/node';
import { startEmulator as startEmulatorJs, type EmulatorFaults, type EmulatorShapes, type RunningEmulator } from '../emulator/server.mjs';

export type Emulator = Omit<RunningEmulator, 'setFaults'> & { setFaults(faults: EmulatorFaults | Record<string, unknown>): void };

/**
 * The shapes the API suites run against: RT_GUARD_EMULATOR_SHAPES (the `api-documented` vitest
 * project sets it to `documented`), else `full`.
 */
export const SHAPES: EmulatorShapes = process.env.RT_GUARD_EMULATOR_SHAPES === 'documented' ? 'documented' : 'full';
export const isDocumented = SHAPES === 'documented';

export function startEmulator(
  options: { statePath?: string; faults?: EmulatorFaults; port?: number; shapes?: EmulatorShapes; authMeAcceptsKeys?: boolean } = {},
): Promise<Emulator> {
  return startEmulatorJs({ shapes: SHAPES, ...options }) as Promise<Emulator>;
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

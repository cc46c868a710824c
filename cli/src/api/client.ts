import { baseUrlFromEnv, createRuntypeClient, type RuntypeClient } from '@rt-guard/core';
import { createNodeFetch, type NodeFetch } from '@rt-guard/core/node';
import { CliError, type Io } from '../io.ts';

/**
 * What the API commands share: the client on undici. Its credentials come separately
 * (./credentials.ts), from the environment or stdin, never from argv.
 */
export interface ApiSession {
  client: RuntypeClient;
  close(): Promise<void>;
}

/** Opens a client for `RUNTYPE_API_URL` (default https://api.runtype.com). */
export function openApiSession(io: Io, connections = 16): ApiSession {
  let baseUrl: string;
  try {
    baseUrl = baseUrlFromEnv(io.env);
  } catch (error) {
    throw new CliError((error as Error).message, 'E_USAGE');
  }
  const fetch: NodeFetch = createNodeFetch({ connections });
  return { client: createRuntypeClient({ baseUrl, fetch, userAgent: 'rt-guard' }), close: () => fetch.close() };
}

import type { BrowserContext } from 'playwright-core';

export const REPO_ROOT: string;
export const NODE24: string;
export const ENTRY: string;
export function freePort(): Promise<number>;
export interface CodeServer {
  url: string;
  port: number;
  temp: string;
  stop(): Promise<void>;
}
export function startCodeServer(options?: {
  smokeTestDriver?: boolean;
  extensionsDir?: string;
  installVsix?: string;
  env?: Record<string, string>;
  log?: (line: string) => void;
}): Promise<CodeServer>;
export function launchChromium(): Promise<BrowserContext>;

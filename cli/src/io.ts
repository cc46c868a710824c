import type { Readable } from 'node:stream';

/** Everything a command may touch of the outside world. Only process-io.ts builds the real one. */
export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: Readable;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Current time; injected so tests are deterministic. */
  now(): Date;
  /** Argv that starts this same rt-guard again (absolute node + dist/bin.cjs); git hooks record it at install. */
  self?: readonly string[];
}

/** Thrown for usage, config and runtime errors: exit code 2, message printed as is. */
export class CliError extends Error {
  readonly code: string;
  constructor(message: string, code = 'E_CLI') {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
}

/** Exit codes: 0 clean, 1 findings at or above the fail threshold, 2 error. */
export const EXIT = { clean: 0, findings: 1, error: 2 } as const;

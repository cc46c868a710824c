import { Readable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../cli/src/run.ts';
import type { Io } from '../../cli/src/io.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliCall {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Pretend stdin is a terminal (with `stdin` as what the user types). */
  tty?: boolean;
  cwd?: string;
  now?: () => Date;
}

/** Runs rt-guard in-process with captured output. */
export async function cli(argv: string[], call: CliCall = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from(call.stdin === undefined ? [] : [call.stdin]) as Readable & { isTTY?: boolean };
  if (call.tty) stdin.isTTY = true;
  const io: Io = {
    stdout: { write: (t: string) => (stdout += t), isTTY: false },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    stdin,
    env: { PATH: process.env.PATH, ...call.env },
    cwd: call.cwd ?? process.cwd(),
    now: call.now ?? (() => new Date()),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'rt-guard-api-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

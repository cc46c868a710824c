import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestIo } from '../helpers/io.ts';
import { run } from '../../cli/src/run.ts';

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
  const io = createTestIo(call.cwd ?? process.cwd(), {
    ...(call.stdin === undefined ? {} : { stdin: call.stdin }),
    ...(call.tty ? { stdinTty: true } : {}),
    env: { PATH: process.env.PATH, ...call.env },
    now: call.now ?? (() => new Date()),
  });
  const code = await run(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

export function tempDir(prefix = 'rt-guard-api-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

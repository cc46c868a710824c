import { Readable } from 'node:stream';
import type { Io } from '../../cli/src/io.ts';
import { run } from '../../cli/src/run.ts';

/** An in-memory `Io` for calling the CLI's `run(argv, io)` in-process; `out()`/`err()` read what it wrote. */
export interface TestIo extends Io {
  out(): string;
  err(): string;
}

export interface TestIoOptions {
  /** Default: empty. A string is one chunk. */
  stdin?: Readable | string;
  env?: Record<string, string | undefined>;
  /** isTTY of stdout and stderr; default false. */
  tty?: boolean;
  /** Pretend stdin is a terminal (with `stdin` as what the user types); default false. */
  stdinTty?: boolean;
  /** Default: a fixed time, 2026-11-27T00:00:00Z. */
  now?: () => Date;
  self?: readonly string[];
}

export function createTestIo(cwd: string, options: TestIoOptions = {}): TestIo {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = typeof options.stdin === 'string' ? Readable.from([options.stdin]) : (options.stdin ?? Readable.from([]));
  if (options.stdinTty) (stdin as Readable & { isTTY?: boolean }).isTTY = true;
  return {
    stdout: { write: (text: string) => out.push(text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => err.push(text), isTTY: options.tty ?? false },
    stdin,
    env: options.env ?? {},
    cwd,
    now: options.now ?? (() => new Date('2026-11-27T00:00:00Z')),
    ...(options.self ? { self: options.self } : {}),
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/** Runs `rt-guard <argv>` in-process with a test Io; its exit code and what it wrote. */
export async function runCliInProcess(argv: readonly string[], cwd: string, options: TestIoOptions = {}): Promise<{ code: number; out: string; err: string }> {
  const io = createTestIo(cwd, options);
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

import { readSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Io } from './io.ts';

/*
 * What the entry points (bin.ts, agent/hook-main.ts) share: the only code that touches `process`
 * (streams, exit code). No static import of @rt-guard/core: in bin.cjs that would evaluate the
 * core modules its quick path bundles (the config schema, the scanner) before every command.
 */

/** The real Io of this process. `self` is what git hooks record: the entry point, dist/bin.cjs. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    self: [process.execPath, fileURLToPath(new URL('./bin.cjs', import.meta.url))],
  };
}

/**
 * The Io of a process that reads a little, writes a little and exits (the agent hook): stdout and
 * stderr written with fs.writeSync on fds 1 and 2, and stdin built only if used, with
 * `readAllStdin`: Node builds process.stdin/stdout/stderr as streams on first use, which costs a
 * few ms of every run.
 */
export function directIo(): Io {
  let stdin: Readable | undefined;
  return {
    stdout: fdWriter(1, () => process.stdout),
    stderr: fdWriter(2, () => process.stderr),
    get stdin(): Readable {
      return (stdin ??= process.stdin);
    },
    set stdin(stream: Readable) {
      stdin = stream;
    },
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    self: [process.execPath, fileURLToPath(new URL('./bin.cjs', import.meta.url))],
  };
}

/** Writes to `fd` directly; whatever the fd refuses (EAGAIN on a non-blocking pipe) goes through the stream. */
function fdWriter(fd: number, stream: () => NodeJS.WriteStream): Io['stdout'] {
  return {
    write(text: string): boolean {
      const bytes = Buffer.from(text);
      let offset = 0;
      try {
        while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
      } catch {
        stream().write(bytes.subarray(offset));
      }
      return true;
    },
  };
}

/**
 * All of stdin, read with fs.readSync (no process.stdin stream, see `directIo`). A non-blocking
 * stdin (EAGAIN) is read on to its end as a stream, after what was already read.
 */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(1 << 16);
  for (;;) {
    let read: number;
    try {
      read = readSync(0, buffer);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EOF') break; // Windows, at the end of a pipe
      if (code !== 'EAGAIN') throw error;
      for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      break;
    }
    if (read === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Loads the full CLI (dist/cli.js: an ES module bundle with commander and every command) and runs it. */
export async function runFullCli(argv: readonly string[], io: Io): Promise<number> {
  // A computed specifier, so esbuild leaves the import to runtime instead of inlining the CLI here.
  const cli = new URL('./cli.js', import.meta.url).href;
  return ((await import(cli)) as typeof import('./run.ts')).run(argv, io);
}

/** Sets the exit code from a run; a failure to load the CLI is exit 2 with a (redacted) message. */
export function settle(exitCode: Promise<number>): void {
  exitCode.then(
    (code) => {
      process.exitCode = code;
    },
    async (error: unknown) => {
      process.exitCode = 2;
      // run() reports its own errors; this is for a failure to load it.
      process.stderr.write((await import('./load-failure.ts')).loadFailureMessage(error));
    },
  );
}

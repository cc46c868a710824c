import type { Io } from './io.ts';

/** True when stdin is an interactive terminal. */
export function isStdinTty(io: Io): boolean {
  return (io.stdin as { isTTY?: boolean }).isTTY === true;
}

/** Reads all of stdin (piped input). */
export async function readAll(io: Io): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) text += chunk.toString();
  return text;
}

/** Reads one line from stdin (without its newline), or what came before the end of input. */
export async function readLine(io: Io): Promise<string> {
  return new Promise((resolve) => {
    let buffer = '';
    const onData = (chunk: Buffer | string) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end >= 0) {
        io.stdin.off('data', onData);
        io.stdin.pause();
        resolve(buffer.slice(0, end));
      }
    };
    io.stdin.on('data', onData);
    io.stdin.once('end', () => resolve(buffer));
    io.stdin.resume();
  });
}

import { CliError, type Io } from './io.ts';
import { isStdinTty, readLine } from './read-stdin.ts';

/**
 * Asks "yes/no" on stderr and reads the answer from the terminal. Refuses, with what to do,
 * when stdin is not a terminal and `--yes` was not given.
 */
export async function confirm(io: Io, question: string, assumeYes: boolean | undefined): Promise<boolean> {
  if (assumeYes) return true;
  if (!isStdinTty(io)) {
    throw new CliError('Refusing to act without confirmation: stdin is not a terminal. Re-run with --yes to confirm.', 'E_USAGE');
  }
  io.stderr.write(`${question} [y/N] `);
  const line = await readLine(io);
  return /^y(es)?$/i.test(line.trim());
}

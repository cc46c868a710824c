import { Command, CommanderError } from 'commander';
import { escapeControl, redactText } from '@rt-guard/core';
import { CliError, EXIT, type Io } from './io.ts';
import { commands } from './commands/index.ts';
import { VERSION } from './version.ts';

/**
 * Runs `rt-guard` with `argv` (without node and script) and returns the exit code.
 * Everything goes through `io`, so tests call this in-process.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const program = new Command('rt-guard')
    .description('Find, verify, revoke and rotate leaked Runtype API keys.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run `rt-guard --help` for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(redactText(text)),
    });
  let exitCode: number = EXIT.clean;
  for (const register of commands) {
    register(program, io, (code) => {
      exitCode = code;
    });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error.
      return error.exitCode === 0 ? EXIT.clean : EXIT.error;
    }
    // Errors may quote a cloned repository (a config field name): no control character reaches the
    // terminal. Line breaks stay (a config error lists one problem a line).
    io.stderr.write(`rt-guard: ${redactText(messageOf(error)).split('\n').map(escapeControl).join('\n')}\n`);
    return EXIT.error;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && code.startsWith('E_') ? error.message : `unexpected error: ${error.message}`;
  }
  return String(error);
}
